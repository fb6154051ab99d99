import json

import pytest
from django.urls import reverse

from members.services.users import user_update_profile
from referrals.models import ContactAuditEntry, Referral, ThankYou
from tests import factories
from tests.referrals.helpers import form_fields, own_business, third_party


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def _log_form(client, **answers) -> dict:
    page = client.get(reverse("referral_create")).content.decode()
    data = form_fields(page)
    data.update(answers)
    return data


def test_a_member_logs_an_own_business_referral_with_the_rendered_form(as_alice, bob):
    data = _log_form(as_alice, receiver=bob.pk, need="Nieuwe cv-ketel")
    assert "own_business" not in data  # the default is a referral for someone else ...
    data["own_business"] = "on"  # ... and "for my own business" is one tap
    response = as_alice.post(reverse("referral_create"), data)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referral_detail", kwargs={"pk": referral.pk})
    assert (referral.receiver, referral.kind, referral.need) == (bob, "own_business", "Nieuwe cv-ketel")


def test_a_double_submit_creates_one_slip_and_shows_the_first(as_alice, bob):
    data = _log_form(as_alice, receiver=bob.pk, need="Nieuwe cv-ketel", own_business="on")
    first = as_alice.post(reverse("referral_create"), data)
    second = as_alice.post(reverse("referral_create"), data)
    assert Referral.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_third_party_without_contact_details_gets_form_errors_not_a_500(as_alice, bob):
    data = _log_form(as_alice, receiver=bob.pk, need="Warmtepomp")
    response = as_alice.post(reverse("referral_create"), data)
    assert response.status_code == 200
    assert (
        "Who is the contact?" in response.content.decode()
        or "Wie is het contact?" in response.content.decode()
    )
    assert not Referral.objects.exists()


def test_referring_yourself_or_a_lapsed_member_is_a_form_error(as_alice, world):
    for receiver in (world.alice, world.larry):
        data = _log_form(as_alice, receiver=receiver.pk, need="x")
        response = as_alice.post(reverse("referral_create"), data)
        assert response.status_code == 200
    assert not Referral.objects.exists()


def test_the_receiver_autocomplete_finds_names_companies_and_other_chapters(as_alice, world):
    response = as_alice.get(reverse("referral_receivers"), {"q": "drukk"})
    assert "Dave" in response.content.decode()
    response = as_alice.get(reverse("referral_receivers"), {"q": "ali"})
    assert "Alice" not in response.content.decode()  # never yourself
    response = as_alice.get(reverse("referral_receivers"), {"q": "larry"})
    assert "Larry" not in response.content.decode()  # nor former members


def test_another_chapters_slip_is_404(client, world):
    dave_slip = own_business(world.dave, factories.make_member(world.other_chapter, "Eva"))
    client.force_login(world.alice)
    assert client.get(reverse("referral_detail", kwargs={"pk": dave_slip.pk})).status_code == 404
    client.force_login(world.carol)  # a leader of alice's chapter, not of dave's
    assert client.get(reverse("referral_detail", kwargs={"pk": dave_slip.pk})).status_code == 404


def test_outside_contacts_are_visible_only_to_giver_receiver_and_leaders(client, world):
    referral = third_party(world.alice, world.bob)
    url = reverse("referral_detail", kwargs={"pk": referral.pk})
    for user, sees in [(world.alice, True), (world.bob, True), (world.carol, True)]:
        client.force_login(user)
        assert ("jan@smitbouw.nl" in client.get(url).content.decode()) is sees
    committee = factories.make_member(world.chapter, "Cor")
    factories.give_role(committee, world.chapter, "membership_committee")
    client.force_login(committee)
    response = client.get(url)
    page = response.content.decode()
    # The committee member reads the slip itself, but neither the contact's name, phone nor email.
    assert response.status_code == 200
    assert "Zoekt een installateur voor een warmtepomp" in page
    assert "Alleen de gever, de ontvanger en het chapterbestuur zien het contact." in page
    for detail in ("Jan Smit", "06-12345678", "jan@smitbouw.nl"):
        assert detail not in page, detail


def test_the_receiver_moves_the_pipeline_with_htmx_and_sees_the_new_state(client, alice, bob):
    referral = own_business(alice, bob)
    client.force_login(bob)
    response = client.post(
        reverse("referral_status", kwargs={"pk": referral.pk}),
        {"to_status": "contacted", "expected_status": "new"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="pipeline"' in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "contacted"
    stale = client.post(
        reverse("referral_status", kwargs={"pk": referral.pk}),
        {"to_status": "meeting", "expected_status": "new"},
        headers={"HX-Request": "true"},
    )
    assert stale.status_code == 200
    referral.refresh_from_db()
    assert referral.status == "contacted"


def test_a_receiver_sees_no_pipeline_buttons_on_a_lead(client, alice, bob):
    referral = third_party(alice, bob, consent="none")
    client.force_login(bob)
    page = client.get(reverse("referral_detail", kwargs={"pk": referral.pk})).content.decode()
    assert 'name="to_status"' not in page
    assert "jan@smitbouw.nl" not in page


def test_the_receiver_wins_and_thanks_with_a_dutch_amount(client, alice, bob):
    referral = own_business(alice, bob)
    client.force_login(bob)
    response = client.post(
        reverse("referral_status", kwargs={"pk": referral.pk}), {"to_status": "won", "expected_status": "new"}
    )
    assert response["Location"] == f"{reverse('thank_you_create')}?referral={referral.pk}"
    page = client.get(response["Location"]).content.decode()
    data = form_fields(page)
    data.update(amount="1.234,56", business_type="new")
    response = client.post(reverse("thank_you_create"), data)
    assert response.status_code == 302
    thank_you = ThankYou.objects.get()
    assert (str(thank_you.amount), thank_you.thanked, thank_you.referral) == ("1234.56", alice, referral)
    client.post(reverse("thank_you_create"), data)
    assert ThankYou.objects.count() == 1


def test_a_garbage_amount_is_a_form_error(client, alice, bob):
    client.force_login(bob)
    data = form_fields(client.get(reverse("thank_you_create")).content.decode())
    data.update(amount="-12", thanked=alice.pk, business_type="new")
    response = client.post(reverse("thank_you_create"), data)
    assert response.status_code == 200
    assert not ThankYou.objects.exists()


def test_list_pages_use_a_bounded_number_of_queries(client, alice, bob, django_assert_max_num_queries):
    for index in range(15):
        own_business(bob, alice, need=f"Klus {index}")
        own_business(alice, bob, need=f"Wens {index}")
    client.force_login(alice)
    # session, user, membership, access (region admin, roles), notices badge, count, page of slips
    for url in [
        reverse("referral_list"),
        reverse("referral_list") + "?tab=given",
        reverse("thank_you_list"),
        reverse("one_to_one_list"),
        reverse("notice_list"),
    ]:
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200


def test_the_home_page_stays_within_fourteen_queries(client, alice, bob, django_assert_max_num_queries):
    for index in range(10):
        own_business(bob, alice, need=f"Klus {index}")
    third_party(alice, bob, consent="none")
    client.force_login(alice)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("home")).content.decode()
    assert "balance-chart" in page and "Klus 0" in page


def test_the_board_shows_the_round_and_leads_to_leaders(client, world):
    third_party(world.alice, world.bob, consent="none")
    own_business(world.bob, world.alice)
    client.force_login(world.carol)
    url = reverse("chapter_board", kwargs={"chapter_slug": world.chapter.slug})
    page = client.get(url).content.decode()
    assert "2 referrals doorgegeven" in page
    heading = "Slips nog zonder toestemming"
    assert heading in page
    leads = page.split(heading, 1)[1].split("</ul>", 1)[0]
    # Only the slip still waiting for its contact's consent is a lead; bob's own business is not.
    assert f"{world.alice.full_name} → {world.bob.full_name}" in leads
    assert f"{world.bob.full_name} → {world.alice.full_name}" not in leads


def test_the_cached_board_shows_a_slip_logged_after_it_was_cached(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.carol)
    url = reverse("chapter_board", kwargs={"chapter_slug": world.chapter.slug})
    assert "1 referral doorgegeven" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the bumps happen at commit
        own_business(world.dave, world.alice)  # from another chapter: bumps both chapters
    assert "1 referral doorgegeven" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        # A member's new name shows on their chapter's board at once.
        user_update_profile(user=world.alice, first_name="Alicia")
    assert "Alicia" in client.get(url).content.decode()


def test_a_leader_exports_and_erases_a_contact_and_the_counts_stay(client, world):
    referral = third_party(world.alice, world.bob)
    client.force_login(world.carol)
    kwargs = {"chapter_slug": world.chapter.slug, "pk": referral.pk}
    exported = client.get(reverse("contact_export", kwargs=kwargs), {"format": "json"})
    assert json.loads(exported.content)["contact"][0]["email"] == "jan@smitbouw.nl"
    csv_export = client.get(reverse("contact_export", kwargs=kwargs), {"format": "csv"})
    assert "jan@smitbouw.nl" in csv_export.content.decode()
    client.post(reverse("contact_erase", kwargs=kwargs))
    referral.refresh_from_db()
    assert referral.contact_email == "" and referral.contact_name == "" and referral.contact_erased_at
    assert Referral.objects.count() == 1
    assert list(ContactAuditEntry.objects.values_list("action", "performed_by")) == [
        ("erase", world.carol.pk),
        ("export", world.carol.pk),
        ("export", world.carol.pk),
    ]


def test_a_member_finds_only_the_contacts_they_gave(client, world):
    third_party(world.alice, world.bob, contact_name="Piet Alice-contact")
    third_party(world.bob, world.alice, contact_name="Piet Bob-contact")
    client.force_login(world.alice)
    page = client.get(reverse("contact_list", kwargs={"chapter_slug": world.chapter.slug}), {"q": "piet"})
    assert "Alice-contact" in page.content.decode() and "Bob-contact" not in page.content.decode()


def test_notices_show_a_badge_and_are_marked_read(client, alice, bob, django_capture_on_commit_callbacks):
    own_business(bob, alice)
    client.force_login(alice)
    assert 'data-testid="notice-count"' in client.get(reverse("referral_list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("notice_list"))
    assert 'data-testid="notice-count"' not in client.get(reverse("referral_list")).content.decode()


def test_one_to_one_form_is_prefilled_from_profiles_and_confirmed_in_one_click(client, alice, bob):
    alice.offer = "Bedrijfsfotografie"
    alice.save()
    client.force_login(alice)
    page = client.get(reverse("one_to_one_create"), {"partner": bob.pk}).content.decode()
    assert "Bedrijfsfotografie" in page
    data = form_fields(page)
    data.update(partner=bob.pk, what_i_offer="Bedrijfsfotografie")
    response = client.post(reverse("one_to_one_create"), data)
    assert response.status_code == 302
    client.post(reverse("one_to_one_create"), data)
    client.force_login(bob)
    detail = response["Location"]
    assert (
        "Yes, we met" in client.get(detail).content.decode()
        or "bevestig" in client.get(detail).content.decode()
    )
    pk = int(detail.rstrip("/").split("/")[-1])
    client.post(reverse("one_to_one_confirm", kwargs={"pk": pk}))
    from referrals.models import OneToOne

    assert OneToOne.objects.get().confirmed_at is not None
