"""/sw.js: the offline worker, served from the root with its settings, and the offline page."""

import json


def _settings_of(body: str) -> dict:
    first_line = body.split("\n", 1)[0]
    return json.loads(first_line.removeprefix("self.KRING_OFFLINE = ").removesuffix(";"))


def test_the_worker_is_served_at_the_root_uncached_with_the_shell_and_the_offline_forms(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    settings = _settings_of(response.content.decode())
    assert {"/referrals/new/", "/thanks/new/", "/one-to-ones/new/"} <= set(settings["forms"])
    assert "/static/js/kring.js" in settings["shell"]
    assert "importScripts" in response.content.decode()


def test_every_page_carries_the_offline_settings_and_no_inline_script(client, alice):
    client.force_login(alice)
    html = client.get("/").content.decode()
    assert 'id="kring-offline" type="application/json"' in html
    assert "/static/js/offline.js" in html


def test_the_offline_page_offers_the_forms_that_work_offline(client, alice):
    client.force_login(alice)
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "/referrals/new/" in response.content.decode()
