"""The words of static/js/ come from Django's JavaScript catalogue, in the reader's language."""

import json
import re
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

JS_DIR = Path(settings.BASE_DIR) / "static" / "js"
JS_FILES = sorted(JS_DIR.glob("*.js"))
LOCALE = Path(settings.BASE_DIR) / "locale"
MSGID_IN_JS = re.compile(r"""\bn?gettext\(\s*"((?:[^"\\]|\\.)*)\"""")


def _catalogue(client: Client, **headers) -> dict:
    response = client.get(reverse("javascript-catalog"), **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    assert "django.gettext = function" in script
    # Django leaves the catalogue out when nothing is translated (English: the source text stands).
    found = re.search(r"const newcatalog = (\{.*?\});", script, re.S)
    return json.loads(found.group(1)) if found else {}


def test_a_dutch_member_gets_dutch_words_and_an_english_member_english(client: Client, world):
    world.bob.language = "en"
    world.bob.save(update_fields=["language"])

    client.force_login(world.alice)
    dutch = _catalogue(client)
    assert dutch["Clear"] == "Wissen"
    assert dutch["%(time)s behind"] == "%(time)s achter"
    assert dutch["on time"] == "op schema"

    # Bob's profile says English, even though his browser (and the cached Dutch copy) say Dutch.
    client.force_login(world.bob)
    english = _catalogue(client, HTTP_ACCEPT_LANGUAGE="nl")
    assert "Clear" not in english and "on time" not in english  # the English source text stands

    client.force_login(world.alice)
    assert _catalogue(client)["Clear"] == "Wissen"


def test_a_visitor_gets_the_language_of_their_browser(client: Client, db):
    assert _catalogue(client, HTTP_ACCEPT_LANGUAGE="nl")["Clear"] == "Wissen"
    assert "Clear" not in _catalogue(client, HTTP_ACCEPT_LANGUAGE="en")


def test_the_catalogue_is_cached_for_an_hour_and_costs_no_more_than_the_login_queries(
    client: Client, world, django_assert_max_num_queries
):
    client.force_login(world.alice)
    first = client.get(reverse("javascript-catalog"))
    assert "max-age=3600" in first["Cache-Control"]
    with django_assert_max_num_queries(3):  # session and user only (middleware), nothing for the view
        again = client.get(reverse("javascript-catalog"))
    assert again.content == first.content


def test_every_page_loads_the_catalogue_before_kring_js(client: Client, db):
    page = client.get("/accounts/login/").content.decode()
    catalogue = page.index(reverse("javascript-catalog"))
    assert catalogue < page.index("js/kring.js")


def test_no_user_visible_text_is_written_into_the_javascript():
    former_dutch = ["Wat je net verstuurde", "Wissen", "opgeslagen", "achter", "op schema"]
    # Text that lands on the screen must go through gettext(), never a literal.
    shown_literally = re.compile(
        r"""(textContent|innerText|innerHTML|\.title|\.placeholder)\s*=\s*["'`]"""
        r"""|\b(alert|confirm|prompt)\(\s*["'`]"""
        r"""|setAttribute\(\s*"(aria-label|aria-description|title|placeholder|alt)",\s*["'`]"""
    )
    problems = []
    for path in JS_FILES:
        source = path.read_text()
        problems += [f"{path.name}: {word}" for word in former_dutch if word in source]
        problems += [f"{path.name}: {found.group(0)}" for found in shown_literally.finditer(source)]
    assert JS_FILES and problems == []


def test_every_javascript_string_has_a_dutch_translation():
    msgids = {match for path in JS_FILES for match in MSGID_IN_JS.findall(path.read_text())}
    assert len(msgids) >= 5
    dutch = polib.pofile(str(LOCALE / "nl" / "LC_MESSAGES" / "djangojs.po"))
    translated = {
        entry.msgid for entry in dutch if entry.translated() and not entry.fuzzy and not entry.obsolete
    }
    assert sorted(msgids - translated) == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_javascript_catalogues_compile_with_format_checks(language):
    catalogue = LOCALE / language / "LC_MESSAGES" / "djangojs.po"
    completed = subprocess.run(
        ["msgfmt", "--check-format", "-o", "/dev/null", str(catalogue)], capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    assert catalogue.with_suffix(".mo").stat().st_mtime >= catalogue.stat().st_mtime
