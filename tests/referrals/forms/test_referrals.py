"""The slip form: consent first, a referral for someone else by default."""

import pytest
from django.urls import reverse
from django.utils import translation

from members.models import Membership
from referrals.forms.referrals import ReferralForm
from tests.referrals.helpers import form_fields


def _form(bob, **answers):
    data = {
        "idempotency_key": "4f7d9a51-8c0e-4a4e-9d7c-2b1c3f5e6a70",
        "receiver": bob.pk,
        "need": "Zoekt een installateur",
        "contact_name": "Jan Smit",
        "contact_phone": "06-12345678",
        "recommendation": "introduce",
        "temperature": "1",
        **answers,
    }
    return ReferralForm(data, receivers=Membership.objects.current())


def test_no_consent_option_is_pre_selected_and_the_default_is_a_third_party():
    form = ReferralForm(receivers=Membership.objects.none())
    assert form["consent"].value() is None
    assert not form["own_business"].value()


def test_a_third_party_slip_without_a_consent_choice_is_refused_with_the_reason_in_dutch(bob):
    with translation.override("nl"):
        form = _form(bob)
        assert not form.is_valid()
        assert form.errors["consent"] == ["Kies of het contact weet dat je de gegevens doorgeeft."]


def test_the_english_reason_is_in_english(bob):
    form = _form(bob)
    assert not form.is_valid()
    assert form.errors["consent"] == ["Choose whether the contact knows you pass on their details."]


@pytest.mark.parametrize("consent", ["told_them", "gave_card", "none"])
def test_an_explicit_choice_is_kept(bob, consent):
    form = _form(bob, consent=consent)
    assert form.is_valid(), form.errors
    assert form.referral_data().consent == consent
    assert form.referral_data().kind == "third_party"


def test_a_forged_consent_value_is_refused(bob):
    form = _form(bob, consent="contact_yes")
    assert not form.is_valid()
    assert "consent" in form.errors


def test_own_business_needs_no_consent_and_no_contact(bob):
    form = _form(bob, own_business="on", contact_name="", contact_phone="")
    assert form.is_valid(), form.errors
    assert form.referral_data().kind == "own_business"


def test_the_page_offers_members_to_tap_and_hides_optional_details_under_more(client, alice, bob):
    client.force_login(alice)
    page = client.get(reverse("referral_create")).content.decode()
    assert f'value="{bob.pk}"' in page  # a receiver to tap before typing anything
    fields = form_fields(page)
    assert "consent" not in fields and "own_business" not in fields  # nothing pre-chosen
    more = page[page.index('data-testid="more-details"') :]
    more = more[: more.index("</details>")]
    assert 'name="temperature"' in more and 'name="contact_company"' in more
    assert "<details" in page and " open" not in page[page.index("<details") : page.index("<summary")]
