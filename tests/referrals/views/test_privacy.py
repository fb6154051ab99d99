"""The privacy page says, in both languages, what is kept and for how long; the footer links to it."""

from django.utils import translation


def test_the_privacy_page_names_the_periods_the_jobs_keep(client, db):
    response = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="nl")
    page = response.content.decode()
    assert response.status_code == 200
    assert "24 maanden" in page and "90 dagen" in page and "30 dagen" in page
    assert 'href="/privacy/"' in page  # the footer


def test_the_privacy_page_in_english(client, db):
    with translation.override("en"):
        response = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "24 months" in page and "90 days" in page
