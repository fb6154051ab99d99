"""Nasty input into every form and every GET parameter: a form error, a 400 or a clean save, never a
500, and never unescaped HTML, not in the answer and not on the pages that show a saved value.

The forms are found, not listed: every URL whose view accepts POST (the permission table knows
them all, tests/test_url_permissions.py) is fuzzed as a role allowed to use it, with the fields of
the form its page renders (or the row's data for a POST-only URL). The GET parameters are listed
in GET_PARAMS, and a test reads every view's source so a new parameter cannot go unlisted.

Every field always gets the PROBES (NUL, script and attribute injection, extreme dates, one
character over its max length); hypothesis then adds MAX_EXAMPLES random submissions per form.
"""

import inspect
import re
import uuid
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.services.users import invitation_path
from tests import factories
from tests.members.permission_rows import _unsubscribe_link, alices_own_item_path
from tests.permissions import PermissionWorld, Row
from tests.referrals.permission_rows import _consent_link
from tests.test_url_permissions import REFUSED, ROWS, _named_url_patterns, accepted_methods

MAX_EXAMPLES = 10
XSS_PROBES = ("<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>")
# Both injections in one value, so each field needs one request for them.
XSS_PROBE = XSS_PROBES[1] + XSS_PROBES[0]
DATE_PROBES = ("0001-01-01", "9999-12-31", "1900-01-01")
LONG_TEXT = 10_001  # longer than any text column without a max_length in a form
NASTY_SAMPLES = [
    "",
    " ",
    "\x07\x1b[31m\r\n\t",
    "مرحبا بالعالم",
    "\u202egnp.exe",
    "😀🎉👍🏽 👨‍👩‍👧",
    "javascript:alert(1)",
    "'; DROP TABLE members_user; --",
    "%(name)s {{ 7*7 }} {% debug %}",
    "NaN",
    "-1",
    "1e309",
    "99999999999999999999999999",
    "2026-02-30",
    "//evil.example",
    *XSS_PROBES,
    *DATE_PROBES,
    "\x00",
]
NASTY = st.one_of(st.sampled_from(NASTY_SAMPLES), st.text(max_size=200), st.integers().map(str))
# Roles tried in this order to find one who may use a URL.
ROLE_ORDER = ("member", "president", "region_admin", "superuser", "anonymous")
FORMSET_LATER_ROW = re.compile(r"-[1-9]\d*-")
MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
# Fields a fuzzer must leave alone.
UNTOUCHED = {"csrfmiddlewaretoken", "idempotency_key"}
# URL name -> the GET parameters its view reads (forms read with request.GET included).
GET_PARAMS: dict[str, tuple[str, ...]] = {
    "summary_preview": ("member",),
    "report_palms": ("start", "end", "format"),
    "dues": ("format", "state"),
    "renewal_requests": ("page",),
    "report_overview": ("start", "end", "format"),
    "report_network": ("start", "end", "format"),
    "report_chapter_light": ("start", "end", "format"),
    "report_scores": ("start", "end", "format"),
    "region_reports": ("start", "end", "format"),
    "audit_log": ("type", "object", "page"),
    "members_admin": ("q", "status", "page"),
    "directory": ("q", "knows", "region", "page"),
    "attendance_overview": ("page",),
    "chapter_board": ("page", "thanks_page"),
    "meeting_list": ("page", "show"),
    "meeting_runner": ("v",),
    "meeting_check_in": ("v",),
    "meeting_check_in_qr": ("size", "shown"),
    "visitor_list": ("page", "status"),
    "applications": ("page",),
    "renewals": ("page",),
    "profile_weekly_ask": ("cancel",),
    "contact_list": ("q",),
    "contact_export": ("format",),
    "education_credits": ("page",),
    "testimonials": ("page", "to"),
    "notice_list": ("page",),
    "one_to_one_list": ("page",),
    "one_to_one_create": ("partner",),
    "referral_receivers": ("q", "field"),
    "referral_list": ("tab", "status", "page"),
    "referral_create": ("to", "ask"),
    "thank_you_list": ("tab", "page"),
    "thank_you_create": ("referral",),
}


# URLs the permission table can only reach with a bad token: fuzzed as (role, real URL).
URL_OVERRIDES = {
    "invitation_accept": (
        "anonymous",
        lambda world: invitation_path(factories.make_user("Nina", password="!")),
    ),
    # The unsubscribe link in a mail: alice's, opened without logging in.
    "unsubscribe": ("anonymous", lambda world: reverse("unsubscribe", kwargs=_unsubscribe_link(world))),
    # The contact's page: a real link to a slip Kring asked the contact about.
    "contact_consent": ("anonymous", lambda world: reverse("contact_consent", kwargs=_consent_link(world))),
    # A new member's own checklist item: everyone else gets a 404.
    "my_onboarding_item_done": ("member", alices_own_item_path),
}


def _chapter_url(name: str, **kwargs):
    return lambda world: reverse(name, kwargs={"chapter_slug": world.chapter.slug, **kwargs})


# After a save, the pages that show the saved value, and who looks (besides the redirect target).
SHOWN_ON: dict[str, list[tuple[str, object]]] = {
    "profile": [("member", lambda world: "/profile/"), ("president", _chapter_url("directory"))],
    "profile_weekly_ask": [
        ("member", lambda world: "/profile/"),
        ("president", lambda world: reverse("directory_profile", args=[world.chapter.slug, world.alice.pk])),
    ],
    "member_edit": [("president", _chapter_url("members_admin")), ("member", _chapter_url("directory"))],
    "role_create": [("president", _chapter_url("roles"))],
    "chapter_settings": [
        ("president", _chapter_url("chapter_settings")),
        ("anonymous", _chapter_url("public_chapter")),
    ],
    "meeting_create": [("member", _chapter_url("meeting_list"))],
    "meeting_move": [("member", _chapter_url("meeting_list"))],
    "meeting_cancel": [("member", _chapter_url("meeting_list"))],
    "chapter_apply": [("president", _chapter_url("applications"))],
    "public_visit": [("president", _chapter_url("visitor_list"))],
    "referral_create": [("member", lambda world: "/referrals/?tab=given")],
    "thank_you_create": [("member", lambda world: "/thanks/?tab=given")],
    "one_to_one_create": [("member", lambda world: "/one-to-ones/")],
    "education_credits": [("member", lambda world: "/credits/")],
    "testimonials": [("member", lambda world: "/testimonials/")],
}


class _FormParser(HTMLParser):
    """The fields of the page's POST forms: name -> (kind, value, maxlength)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, tuple[str, str, int | None]]] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {} if (a.get("method") or "get").lower() == "post" else None
            if self._form is not None:
                self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            return
        name, maxlength = a["name"], int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                if "checked" in a or name not in self._form:
                    self._form[name] = (kind, a.get("value", "on") if "checked" in a else "", None)
                return
            self._form[name] = (kind, a.get("value", ""), maxlength)
        elif tag == "select":
            self._select = name
            self._form[name] = ("select", "", None)
        elif tag == "option" and self._select:
            if "selected" in a or not self._form[self._select][1]:
                self._form[self._select] = ("select", a.get("value", ""), None)
        elif tag == "textarea":
            self._textarea = name
            self._form[name] = ("textarea", "", maxlength)

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            kind, value, maxlength = self._form[self._textarea]
            self._form[self._textarea] = (kind, value + data, maxlength)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _allowed_role(row: Row) -> str | None:
    if row.url_name in URL_OVERRIDES:
        return URL_OVERRIDES[row.url_name][0]
    for role in ROLE_ORDER:
        if row.expect.get(role) not in REFUSED:
            return role
    return None


def _post_targets() -> list[Row]:
    """One POST row per URL that accepts POST, preferring the rows that carry valid data."""
    by_name: dict[str, Row] = {}
    for row in ROWS:
        usable = row.method == "post" and (_allowed_role(row) or row.url_name in URL_OVERRIDES)
        if usable and (row.url_name not in by_name or by_name[row.url_name].note.startswith("empty POST")):
            by_name[row.url_name] = row
    return sorted(by_name.values(), key=lambda row: row.url_name)


POST_TARGETS = _post_targets()
GET_ROWS = {row.url_name: row for row in ROWS if row.method == "get"}


@pytest.fixture
def fuzz_world(world) -> PermissionWorld:
    """The cast with the roles of ROLE_ORDER (no extra leaders: they cost time and are not used)."""
    users = {
        "member": world.alice,
        "president": world.carol,
        "region_admin": world.rita,
        "superuser": world.admin,
    }
    return PermissionWorld(base=world, users=users)


def _login(client: Client, world: PermissionWorld, role: str) -> None:
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])


def _form_fields(client: Client, url: str, row: Row, world) -> dict[str, tuple[str, str, int | None]]:
    fields: dict[str, tuple[str, str, int | None]] = {}
    patterns = _named_url_patterns()
    if "get" in accepted_methods(patterns[row.url_name].callback):
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser = _FormParser()
            parser.feed(response.content.decode())
            path = urlsplit(url).path
            for form in parser.forms:
                fields.update(form)
            del path
    for name, value in row.data(world).items():
        if name not in fields:
            fields[name] = ("text", value if isinstance(value, str) else str(value), None)
    return {name: spec for name, spec in fields.items() if name not in UNTOUCHED}


def _base(fields: dict, row: Row, world) -> dict:
    data = {name: value for name, (_kind, value, _max) in fields.items() if value != ""}
    data.update(row.data(world))
    return data


TEXT_KINDS = {"text", "textarea", "email", "url", "search", "tel", "password", "hidden", "number"}


def _model_max_lengths() -> dict[str, set[int]]:
    """Field name -> the max_length of every project model field of that name."""
    lengths: dict[str, set[int]] = {}
    for model in apps.get_models():
        if model._meta.app_label in ("chapters", "members", "referrals"):
            for field in model._meta.concrete_fields:
                if getattr(field, "max_length", None):
                    lengths.setdefault(field.name, set()).add(field.max_length)
    return lengths


def _over_long(kind: str, length: int) -> str:
    """A value of exactly `length` characters, shaped for the input's kind."""
    if kind == "url":
        return "https://example.nl/" + "a" * max(length - 19, 1)
    if kind == "email":
        return "a" * max(length - 11, 1) + "@example.nl"
    return "x" * length


def _probes_for(name: str, kind: str, maxlength: int | None) -> list[str]:
    """The probes one field always gets: one character over the form's limit and over every
    model field of that name's max_length (a form field without a limit overflows the column)."""
    probes = [XSS_PROBE]
    if kind == "date":
        return [*probes, *DATE_PROBES]
    if kind in TEXT_KINDS:
        limits = {maxlength or LONG_TEXT, *_model_max_lengths().get(name, ())}
        probes += [_over_long(kind, limit + 1) for limit in sorted(limits)]
    return probes


def _assert_safe(response, sent: dict, client: Client, where: str, shown_on=(), world=None) -> None:
    assert response.status_code < 500, where
    bodies = [response.content.decode(errors="replace")]
    if response.status_code == 302:
        # A save answers with an empty redirect: the stored value shows on the page it leads to,
        # and on the pages in SHOWN_ON (as the people who read them).
        target = response["Location"]
        pages = [(None, target)] if target.startswith("/") and not target.startswith("/accounts/") else []
        pages += [(role, url(world)) for role, url in shown_on]
        for role, page in pages:
            if role is not None:
                _login(client, world, role)
            shown = client.get(page)
            assert shown.status_code < 500, f"{where}: {page} broke after the save"
            bodies.append(shown.content.decode(errors="replace"))
    for value in sent.values():
        for probe in XSS_PROBES:
            if isinstance(value, str) and probe in value:
                for body in bodies:
                    assert probe not in body, f"{where}: {probe!r} came back unescaped"


@pytest.mark.parametrize("row", POST_TARGETS, ids=lambda row: row.url_name)
def test_nasty_input_never_breaks_a_form(
    row: Row, fuzz_world, client: Client, django_capture_on_commit_callbacks
):
    world = fuzz_world
    role = _allowed_role(row)
    if row.url_name in URL_OVERRIDES:
        url = URL_OVERRIDES[row.url_name][1](world)
    else:
        url = reverse(row.url_name, kwargs=row.kwargs(world))
    _login(client, world, role)
    fields = _form_fields(client, url, row, world)
    shown_on = SHOWN_ON.get(row.url_name, ())

    def send(data: dict):
        # The commit callbacks run, as in production: they tell the page cache about the save,
        # so the pages read afterwards show the stored value and not a cached page from before.
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {**data, "idempotency_key": str(uuid.uuid4())})

    # The probes, always, into each field in turn while the others hold the form's own valid
    # values, so a save happens and the pages showing it are checked: script and attribute
    # injection, one character over the field's max length, and for dates the extremes. A NUL
    # goes into every field at once (the middleware answers 400 whichever field has it).
    base = _base(fields, row, world)
    for name, (kind, _value, maxlength) in fields.items():
        if FORMSET_LATER_ROW.search(name):
            continue  # the rows of a formset share their fields: the first row stands for them all
        for probe in _probes_for(name, kind, maxlength):
            _login(client, world, role)
            data = {**base, name: probe}
            _assert_safe(send(data), data, client, f"POST {url} {name}={probe[:40]!r}", shown_on, world)
    _login(client, world, role)
    data = {**base, **dict.fromkeys(fields, "a\x00b")}
    _assert_safe(send(data), data, client, f"POST {url} NUL", shown_on, world)

    # Random values for the fields of the form and of a formset's first row; a random count of
    # formset rows only makes Django build up to a thousand empty forms, slowly.
    random_fields = [
        name for name in fields if not FORMSET_LATER_ROW.search(name) and not name.endswith(MANAGEMENT)
    ]

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries(dict.fromkeys(random_fields, NASTY)) if random_fields else st.just({}))
    def submit(nasty: dict[str, str]) -> None:
        _login(client, world, role)
        data = {**_base(fields, row, world), **nasty}
        _assert_safe(send(data), data, client, f"POST {url}", shown_on, world)

    submit()


@pytest.mark.parametrize("url_name", sorted(GET_PARAMS))
def test_nasty_get_parameters_never_break_a_page(url_name: str, fuzz_world, client: Client):
    world = fuzz_world
    row = GET_ROWS[url_name]
    role = _allowed_role(row)
    url = reverse(url_name, kwargs=row.kwargs(world))
    _login(client, world, role)
    params = GET_PARAMS[url_name]
    for name in params:
        for probe in (XSS_PROBE, "a\x00b", *DATE_PROBES, "x" * 1001):
            response = client.get(url, {name: probe})
            _assert_safe(response, {name: probe}, client, f"GET {url}?{name}={probe[:40]!r}")

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries(dict.fromkeys(params, NASTY)))
    def visit(query: dict[str, str]) -> None:
        _assert_safe(client.get(url, query), query, client, f"GET {url}")

    visit()


GET_READS = [
    re.compile(r"request\.GET(?:\.get|\.getlist)?[\(\[]\s*\"(\w+)\""),
    re.compile(r"\"(\w+)\"\s+(?:not\s+)?in\s+request\.GET"),
]
HELPERS_READING_GET = {"_period(": ("start", "end"), "requested_format(": ("format",)}


def _params_read_by(view) -> set[str]:
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    if hasattr(view, "view_class"):
        return set()
    source = inspect.getsource(view)
    found = {name for pattern in GET_READS for name in pattern.findall(source)}
    for call, names in HELPERS_READING_GET.items():
        if call in source:
            found |= set(names)
    for form_name in re.findall(r"(\w+Form)\(request\.GET", source):
        form = inspect.getmodule(view).__dict__.get(form_name)
        if form is not None:
            found |= set(form.base_fields)
    return found


def test_every_get_parameter_a_view_reads_is_fuzzed():
    unlisted = sorted(
        f"{name}?{param}"
        for name, pattern in _named_url_patterns().items()
        for param in _params_read_by(pattern.callback)
        if param not in GET_PARAMS.get(name, ())
    )
    assert unlisted == [], f"GET parameters no fuzz test sends: {unlisted}"


def test_every_url_that_accepts_post_is_fuzzed():
    fuzzed = {row.url_name for row in POST_TARGETS}
    missing = sorted(
        name
        for name, pattern in _named_url_patterns().items()
        if "post" in accepted_methods(pattern.callback) and name not in fuzzed
    )
    assert missing == [], f"forms no fuzz test sends: {missing}"


def test_a_probe_is_not_lost_when_a_form_saves(
    fuzz_world, client: Client, django_capture_on_commit_callbacks
):
    """The check itself can fail: a weekly ask is saved and shown on the profile page, escaped."""
    world = fuzz_world
    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profile_weekly_ask"), {"weekly_ask": XSS_PROBES[0]})
    assert response.status_code == 302
    shown = client.get("/profile/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
