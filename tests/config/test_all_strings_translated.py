"""Every page a leader can open, in Dutch and in English: no words of the other language on it.

Walks the GET rows of the URL x role table (tests/test_url_permissions.py) that the president (or,
for region pages, the region admin) may open, and reads what a person sees or hears: the text, and the
aria-label, title, placeholder and alt attributes. A few tell-tale words per language stand for "left
untranslated"; text marked with another `lang` (the language switcher) is left out.
"""

import html
import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import User
from tests.test_url_permissions import ROWS

# Words that mean "this is English" on a Dutch page, and "this is Dutch" on an English one.
TELL_TALE = {
    "nl": re.compile(
        r"\b(the|and|your|with|Save|Cancel|Delete|Edit|Back|Search|Send|Show|Close|Skip|Select an option"
        r"|Previous|Next|Members|Meeting|Meetings|Visitors|Log out|Notices|Main navigation)\b"
    ),
    # Names and what members typed are Dutch in the demo ("Sanne de Vries"): on English pages only
    # words of the interface give Dutch away.
    "en": re.compile(
        r"\b(Opslaan|Annuleren|Verwijderen|Bewerken|Terug|Zoeken|Versturen|Sluiten|Vorige|Volgende|Leden"
        r"|Bijeenkomsten|Bezoekers|Kies een optie|Uitloggen|Aangemeld|Aanmelden|Bedankjes|Aanwezig|Afwezig"
        r"|Toevoegen|Wijzigen|Inchecken|Bekijken|Overzicht"
        r"|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b"
    ),
}
# A decimal written the other language's way: "0.5" on a Dutch page, "0,5" on an English one.
WRONG_DECIMAL = {
    "nl": re.compile(r"(?<![\d.,:/])\d+\.\d{1,2}(?![\d.,:/])"),
    "en": re.compile(r"(?<![\d.,:/])\d+,\d{1,2}(?![\d.,:/])"),
}
# One word per concept in Dutch: the group is a "chapter" ("Kring", capitalised, is the app).
OTHER_WORD = {"nl": re.compile(r"(?<![@.])\bkring\b(?!\.)|\b[Dd]e chapter\b"), "en": re.compile(r"(?!)")}
BLANK_CHOICE = {"nl": "- Kies een optie -", "en": "- Select an option -"}
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
NOT_READ = {"script", "style", "template", "textarea"}  # a textarea holds what is typed
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Readable(HTMLParser):
    """The words of a page as a person meets them, in the page's own language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.words: list[str] = []
        self.page_language = ""
        self.tab_lists: list[list[str]] = []  # the labels of each row of tabs (nav-tabs, nav-pills)
        self.tab_depth: int | None = None
        self.capitalised_by_css = False  # Dutch writes "dinsdag 8 december": no text-capitalize

    def _skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.page_language = attributes.get("lang", "")
            return
        other_language = bool(attributes.get("lang")) and attributes["lang"] != self.page_language
        skipped = tag in NOT_READ or other_language
        if not skipped and not self._skipping():
            self.words += [attributes[name] for name in READ_ATTRIBUTES if attributes.get(name)]
        if tag not in VOID:
            self.stack.append((tag, skipped))
            classes = attributes.get("class") or ""
            self.capitalised_by_css |= "text-capitalize" in classes.split()
            if self.tab_depth is None and ("nav-tabs" in classes or "nav-pills" in classes):
                self.tab_depth = len(self.stack)
                self.tab_lists.append([])
            elif self.tab_depth is not None and tag in ("a", "button"):
                self.tab_lists[-1].append("")

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                if self.tab_depth is not None and len(self.stack) < self.tab_depth:
                    self.tab_depth = None
                return

    def handle_data(self, data):
        if data.strip() and not self._skipping():
            self.words.append(data.strip())
            if self.tab_depth is not None and self.tab_lists[-1]:
                self.tab_lists[-1][-1] = (self.tab_lists[-1][-1] + " " + data.strip()).strip()


def _pages_and_readers() -> list[tuple[object, str]]:
    pages = []
    for row in ROWS:
        for role in ("president", "region_admin"):
            if row.method == "get" and row.expect[role] == 200:
                pages.append((row, role))
                break
    return pages


PAGES = _pages_and_readers()
LINK = re.compile(r'href="(/[^"#]*)"')
# Pages with words of another language on purpose, or files: the contact's consent page speaks the
# contact's language; exports and feeds are not pages.
NOT_CRAWLED = re.compile(
    r"^/(consent/|static/|django-admin/|accounts/logout/)|/export|\.(csv|xlsx|ics)$|format="
)
CRAWL_LIMIT = 250


def untranslated(url: str, response, language: str) -> list[str]:
    """What on this page is in the other language than the one asked for."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _Readable()
    parser.feed(response.content.decode())
    if parser.page_language not in (language, "") and not url.startswith("/consent/"):
        return [f"{url}: the page says lang={parser.page_language!r}"]
    language = parser.page_language or language  # an htmx fragment has no <html>
    problems = [
        f"{url}: {found.group(0)!r} in {words[:90]!r}"
        for words in parser.words
        for pattern in (TELL_TALE[language], WRONG_DECIMAL[language], OTHER_WORD[language])
        if (found := pattern.search(words))
    ]
    if language == "nl" and parser.capitalised_by_css:
        problems.append(f"{url}: text-capitalize on a Dutch page")
    for tabs in parser.tab_lists:
        labels = [re.sub(r"\s*\d+$", "", label) for label in tabs]  # without their counts
        problems += [f"{url}: two tabs read {label!r}" for label in set(labels) if labels.count(label) > 1]
    return problems


def _speaking(user, language: str, client) -> None:
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_page_of_the_url_table_shows_words_of_the_other_language(language, permission_world, client):
    problems = []
    for row, role in PAGES:
        _speaking(permission_world.users[role], language, client)
        url = reverse(row.url_name, kwargs=row.kwargs(permission_world))
        problems += untranslated(url, client.get(url, HTTP_ACCEPT_LANGUAGE=language), language)
    assert problems == [], f"{len(problems)} untranslated:\n" + "\n".join(sorted(set(problems)))


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_demo_chapter_seen_by_its_president_is_in_one_language(language, demo, client):
    """Every page reachable by links from the president's home, on the demo data (real agendas,
    visitors, scores), with the blank choice of every select in the page's language."""
    _speaking(User.objects.get(email="voorzitter@demo.kring.nl"), language, client)
    seen, queue, problems, blank_choices = set(), ["/"], [], 0
    while queue and len(seen) < CRAWL_LIMIT:
        url = queue.pop(0)
        if url in seen or NOT_CRAWLED.search(url):
            continue
        seen.add(url)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        if "html" not in response.get("Content-Type", ""):
            continue  # a download (an export, "my data" as a ZIP): no page to read
        problems += untranslated(url, response, language)
        blank_choices += BLANK_CHOICE[language] in response.content.decode()
        if response.status_code == 200:
            queue += [html.unescape(link) for link in LINK.findall(response.content.decode())]
    assert len(seen) > 40, sorted(seen)
    assert blank_choices, "no select with a blank choice met: the check would prove nothing"
    assert problems == [], f"{len(problems)} untranslated:\n" + "\n".join(sorted(set(problems)))


class _Page:
    status_code = 200

    def __init__(self, body: str):
        self.content = body.encode()

    def get(self, name, default=None):
        return "text/html; charset=utf-8" if name == "Content-Type" else default


def test_the_check_finds_what_it_is_for():
    dutch = _Page(
        '<html lang="nl"><body><ul class="nav nav-tabs"><li><a class="nav-link">Aangemeld <span>3</span></a></li>'
        '<li><a class="nav-link">Aangemeld <span>1</span></a></li></ul>'
        "<select><option>- Select an option -</option></select><p>Score 0.5 van de kring</p>"
        '<button lang="en" aria-label="English">EN</button><span class="text-capitalize">dinsdag</span></body></html>'
    )
    found = " ".join(untranslated("/x/", dutch, "nl"))
    assert "two tabs read 'Aangemeld'" in found
    assert "'Select an option'" in found and "'0.5'" in found and "'kring'" in found
    assert "text-capitalize" in found
    assert "English" not in found  # marked as another language: left out
