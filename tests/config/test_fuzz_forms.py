"""Nasty input into every form: a form error or a clean save, never a 500, and never unescaped HTML.

Add a form with one line in FORMS: its URL (a function of the test world), who sends it (None:
logged out), the fields to fill, and GET for filter forms. Each form gets MAX_EXAMPLES submissions.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.services.users import invitation_path
from tests import factories
from tests.members.audit_records import BUILDERS as AUDITED_MODELS
from tests.members.audit_records import make_one_of_each

MAX_EXAMPLES = 30

NASTY_SAMPLES = [
    "",
    " ",
    "x" * 100_000,
    "\x00",
    "\x07\x1b[31m\r\n\t",
    "مرحبا بالعالم",
    "\u202egnp.exe",
    "שלום <b>עולם</b>",
    "😀🎉👍🏽 👨‍👩‍👧",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE members_user; --",
    "1 OR 1=1",
    "%(name)s {{ 7*7 }} {% debug %}",
    "NaN",
    "Infinity",
    "-1",
    "-0",
    "1e309",
    "99999999999999999999999999",
    "0.000000001",
    "2026-02-30",
    "0000-00-00",
    "9999-99-99T25:61",
    "https://evil.example/",
    "//evil.example",
    "a@b",
    "ALICE@EXAMPLE.NL ",
]
NASTY = st.one_of(st.sampled_from(NASTY_SAMPLES), st.text(max_size=300), st.integers().map(str))
ESCAPE_PROBES = ("<script>", "<img ", "<b>")


@dataclass(frozen=True)
class FuzzForm:
    name: str
    url: Callable[[object], str]
    fields: tuple[str, ...]
    who: str | None = None
    method: str = "post"
    # Valid values for the other fields, so nasty text also reaches a save (not only form errors).
    fixed: Callable[[object], dict] = lambda world: {}
    # Records the page shows while it is fuzzed (the audit page: an entry of every audited type).
    setup: Callable[[object], object] = lambda world: None


FORMS = [
    FuzzForm("login", lambda world: "/accounts/login/", ("username", "password")),
    FuzzForm("password_reset", lambda world: "/accounts/password-reset/", ("email",)),
    FuzzForm(
        "invitation_accept",
        lambda world: invitation_path(factories.make_user("Nina", password="!")),
        ("new_password1", "new_password2"),
    ),
    FuzzForm("set_language", lambda world: "/language/", ("language", "next"), who="alice"),
    FuzzForm("two_factor_setup", lambda world: "/accounts/two-factor/", ("code",), who="carol"),
    FuzzForm("two_factor_disable", lambda world: "/accounts/two-factor/disable/", ("code",), who="carol"),
    FuzzForm(
        "audit_log_filter",
        lambda world: f"/c/{world.chapter.slug}/audit/",
        ("type", "object", "page"),
        who="carol",
        method="get",
        setup=make_one_of_each,
    ),
    *(
        FuzzForm(
            f"audit_log_filter_{model._meta.model_name}",
            lambda world: f"/c/{world.chapter.slug}/audit/",
            ("object", "page"),
            who="carol",
            method="get",
            fixed=lambda world, model=model: {"type": f"{model._meta.app_label}.{model._meta.model_name}"},
            setup=make_one_of_each,
        )
        for model in AUDITED_MODELS
    ),
    FuzzForm(
        "referral_own_business",
        lambda world: "/referrals/new/",
        ("need",),
        who="alice",
        fixed=lambda world: {
            "receiver": world.bob.pk,
            "own_business": "on",
            "recommendation": "recommend",
            "giver_was_customer": "on",
        },
    ),
    FuzzForm(
        "referral_third_party",
        lambda world: "/referrals/new/",
        ("need", "contact_name", "contact_company", "contact_phone", "contact_email", "temperature"),
        who="alice",
        fixed=lambda world: {"receiver": world.bob.pk, "consent": "told_them", "recommendation": "introduce"},
    ),
    FuzzForm(
        "thank_you",
        lambda world: "/thanks/new/",
        ("amount", "closed_on", "note"),
        who="bob",
        fixed=lambda world: {"thanked": world.alice.pk, "business_type": "new"},
    ),
    FuzzForm(
        "one_to_one",
        lambda world: "/one-to-ones/new/",
        ("met_on", "what_i_offer", "what_i_need", "why_this_partner", "how_we_add_value", "outcome"),
        who="alice",
        fixed=lambda world: {"partner": world.bob.pk},
    ),
    FuzzForm("weekly_ask", lambda world: "/profile/weekly-ask/", ("weekly_ask",), who="alice"),
    FuzzForm(
        "application",
        lambda world: f"/chapters/{world.chapter.slug}/apply/",
        ("first_name", "last_name", "email", "phone", "company", "website", "references"),
    ),
    FuzzForm(
        "visitor_registration",
        lambda world: f"/chapters/{world.chapter.slug}/visit/",
        ("name", "company", "profession", "email", "phone"),
    ),
    FuzzForm(
        "directory_search",
        lambda world: f"/c/{world.chapter.slug}/directory/",
        ("q",),
        who="alice",
        method="get",
    ),
]


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.name)
def test_nasty_input_never_breaks_a_form(form: FuzzForm, world, client: Client):
    form.setup(world)
    url = form.url(world)
    if form.who:
        client.force_login(getattr(world, form.who))
    send = client.get if form.method == "get" else client.post
    fixed = form.fixed(world)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.fixed_dictionaries(dict.fromkeys(form.fields, NASTY)))
    def submit(data: dict[str, str]) -> None:
        # The test client raises any exception the view lets through, so a 500 fails here too.
        response = send(url, {**fixed, **data, **({"idempotency_key": str(uuid.uuid4())} if fixed else {})})
        assert response.status_code < 500
        body = response.content.decode(errors="replace")
        for value in data.values():
            if any(probe in value for probe in ESCAPE_PROBES):
                assert value not in body, "submitted HTML came back unescaped"

    submit()
