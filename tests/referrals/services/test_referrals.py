import datetime
import uuid
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Membership
from referrals.models import Referral, ReferralCorrection
from referrals.selectors.totals import member_totals
from referrals.services.referrals import (
    ReferralData,
    referral_create,
    referral_record_consent,
    referral_update,
    referral_withdraw,
)
from referrals.services.status import StaleStatus, referral_set_status, referrals_send_reminders
from tests import factories
from tests.referrals.helpers import own_business, third_party


def test_it_rejects_referral_to_self(alice):
    with pytest.raises(ValidationError, match="yourself"):
        own_business(alice, alice)


def test_it_rejects_referral_to_a_lapsed_member(world):
    with pytest.raises(ValidationError, match="not a current member"):
        own_business(world.alice, world.larry)


def test_it_rejects_referral_to_another_region(world):
    stranger = factories.make_member(world.far_chapter, "Gerrit")
    with pytest.raises(ValidationError, match="own region"):
        own_business(world.alice, stranger)


def test_a_referral_to_another_chapter_of_the_region_is_cross_chapter(alice, dave):
    referral = own_business(alice, dave)
    assert referral.is_cross_chapter
    assert (referral.giver_chapter, referral.receiver_chapter) == (
        alice.memberships.get().chapter,
        dave.memberships.get().chapter,
    )


def test_the_chapters_at_the_time_of_giving_stay_after_the_receiver_moves(world):
    referral = own_business(world.alice, world.bob)
    Membership.objects.filter(user=world.bob).update(status=Membership.Status.ENDED)
    factories.make_member(world.other_chapter, "Bob2")  # the chapter changes around it
    referral.refresh_from_db()
    assert referral.receiver_chapter == world.chapter


def test_a_third_party_without_consent_is_saved_as_a_lead_the_receiver_cannot_act_on(alice, bob):
    referral = third_party(alice, bob, consent="none")
    assert referral.is_lead
    assert referral.next_statuses() == []
    with pytest.raises(ValidationError, match="consent"):
        referral_set_status(referral=referral, by=bob, to_status="contacted", expected_status="new")


def test_recording_consent_makes_the_lead_ready_and_stamps_the_time(
    alice, bob, django_capture_on_commit_callbacks, mailoutbox
):
    referral = third_party(alice, bob, consent="none")
    with django_capture_on_commit_callbacks(execute=True):
        referral = referral_record_consent(referral=referral, by=alice, consent="told_them")
    assert not referral.is_lead
    assert referral.consent_recorded_at is not None
    assert "contacted" in referral.next_statuses()
    assert [message.to for message in mailoutbox] == [[bob.email]]


def test_consent_told_them_is_stored_with_the_time(alice, bob):
    referral = third_party(alice, bob, consent="told_them")
    assert referral.consent_recorded_at is not None and not referral.is_lead


def test_a_third_party_needs_a_contact_name(alice, bob):
    with pytest.raises(ValidationError):
        third_party(alice, bob, contact_name="  ")


def test_own_business_drops_any_contact_details(alice, bob):
    data = ReferralData(need="Jaarrekening", contact_name="Iemand", consent="told_them")
    referral, _ = referral_create(giver=alice, receiver=bob, data=data)
    assert referral.contact_name == "" and referral.consent == "none" and not referral.is_lead


def test_the_same_idempotency_key_creates_one_slip(alice, bob):
    key = uuid.uuid4()
    first = own_business(alice, bob, idempotency_key=key)
    second, created = referral_create(
        giver=alice, receiver=bob, data=ReferralData(need="nog eens"), idempotency_key=key
    )
    assert second.pk == first.pk and not created
    assert Referral.objects.count() == 1


def test_someone_elses_idempotency_key_is_refused_without_revealing_their_slip(alice, bob, carol):
    key = uuid.uuid4()
    own_business(alice, bob, idempotency_key=key)
    with pytest.raises(ValidationError, match="expired"):
        referral_create(giver=carol, receiver=bob, data=ReferralData(need="Ook"), idempotency_key=key)
    assert Referral.objects.count() == 1


def test_the_pipeline_moves_forward_and_records_each_change(alice, bob):
    referral = own_business(alice, bob)
    for step, expected in [("contacted", "new"), ("meeting", "contacted"), ("won", "meeting")]:
        referral = referral_set_status(referral=referral, by=bob, to_status=step, expected_status=expected)
    assert referral.status == "won"
    assert [(c.from_status, c.to_status) for c in referral.status_changes.all()] == [
        ("new", "contacted"),
        ("contacted", "meeting"),
        ("meeting", "won"),
    ]
    assert referral.status_changed_at is not None


@pytest.mark.parametrize(
    ("current", "target"), [("contacted", "new"), ("meeting", "contacted"), ("won", "lost")]
)
def test_the_pipeline_never_moves_backward_or_reopens(alice, bob, current, target):
    referral = own_business(alice, bob)
    Referral.objects.filter(pk=referral.pk).update(status=current)
    referral.refresh_from_db()
    with pytest.raises(ValidationError):
        referral_set_status(referral=referral, by=bob, to_status=target, expected_status=current)


def test_lost_needs_a_reason_and_can_follow_any_open_state(alice, bob):
    referral = own_business(alice, bob)
    with pytest.raises(ValidationError, match="why"):
        referral_set_status(referral=referral, by=bob, to_status="lost", expected_status="new")
    referral = referral_set_status(
        referral=referral, by=bob, to_status="lost", expected_status="new", note="Te duur"
    )
    assert referral.status == "lost" and referral.lost_reason == "Te duur"


def test_only_the_receiver_moves_the_pipeline(alice, bob, carol):
    referral = own_business(alice, bob)
    for outsider in (alice, carol):
        with pytest.raises(ValidationError, match="received"):
            referral_set_status(referral=referral, by=outsider, to_status="contacted", expected_status="new")


def test_two_tabs_racing_the_second_gets_a_clear_message(alice, bob):
    referral = own_business(alice, bob)
    referral_set_status(referral=referral, by=bob, to_status="contacted", expected_status="new")
    with pytest.raises(StaleStatus, match="already changed"):
        referral_set_status(referral=referral, by=bob, to_status="no_fit", expected_status="new")
    assert referral.status_changes.count() == 1


def test_the_receiver_gets_an_email_and_a_notice_for_a_new_referral(
    alice, bob, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        own_business(alice, bob)
    assert [message.to for message in mailoutbox] == [[bob.email]]
    assert "Alice" in mailoutbox[0].subject
    assert bob.notices.count() == 1


def test_the_giver_hears_about_won_and_lost(alice, bob, django_capture_on_commit_callbacks, mailoutbox):
    won, lost = own_business(alice, bob), own_business(alice, bob, need="Iets anders")
    with django_capture_on_commit_callbacks(execute=True):
        referral_set_status(referral=won, by=bob, to_status="won", expected_status="new")
        referral_set_status(
            referral=lost, by=bob, to_status="lost", expected_status="new", note="Geen budget"
        )
    # Won: the outcome, then the invitation to write a testimonial; lost: the outcome.
    assert [message.to for message in mailoutbox] == [[alice.email]] * 3
    assert "testimonial" in mailoutbox[1].subject
    assert "Geen budget" in mailoutbox[2].body
    assert alice.notices.count() == 3


def test_the_giver_edits_freely_until_the_week_is_locked_then_a_correction_is_logged(alice, bob):
    referral = own_business(alice, bob)
    referral_update(referral=referral, by=alice, data=ReferralData(need="Bijgewerkt"))
    assert ReferralCorrection.objects.count() == 0
    with mock.patch("referrals.services.referrals.week_is_locked", return_value=True):
        with pytest.raises(ValidationError, match="why"):
            referral_update(referral=referral, by=alice, data=ReferralData(need="Nog eens"))
        referral_update(referral=referral, by=alice, data=ReferralData(need="Nog eens"), reason="Typefout")
    correction = ReferralCorrection.objects.get()
    assert (correction.before["need"], correction.after["need"], correction.reason) == (
        "Bijgewerkt",
        "Nog eens",
        "Typefout",
    )


def test_only_the_giver_can_edit_or_withdraw(alice, bob):
    referral = own_business(alice, bob)
    with pytest.raises(ValidationError):
        referral_update(referral=referral, by=bob, data=ReferralData(need="x"))
    with pytest.raises(ValidationError):
        referral_withdraw(referral=referral, by=bob)
    referral = referral_withdraw(referral=referral, by=alice)
    assert referral.status == "withdrawn"


def test_reminders_go_once_for_new_referrals_untouched_for_three_days(
    alice, bob, django_capture_on_commit_callbacks, mailoutbox
):
    old = own_business(alice, bob, created_at=timezone.now() - datetime.timedelta(days=4))
    own_business(alice, bob, need="Vers")  # too recent
    lead = third_party(alice, bob, consent="none")
    Referral.objects.filter(pk=lead.pk).update(created_at=timezone.now() - datetime.timedelta(days=5))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals_send_reminders() == 1
        assert referrals_send_reminders() == 0
    assert [message.to for message in mailoutbox] == [[bob.email]]
    old.refresh_from_db()
    assert old.reminded_at is not None


def test_the_reminder_command_is_idempotent(alice, bob, django_capture_on_commit_callbacks, mailoutbox):
    from django.core.management import call_command

    own_business(alice, bob, created_at=timezone.now() - datetime.timedelta(days=4))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_referral_reminders", stdout=mock.MagicMock())
        call_command("send_referral_reminders", stdout=mock.MagicMock())
    assert len(mailoutbox) == 1


def test_my_numbers_count_the_recommendations_given_and_received(alice, bob):
    own_business(alice, bob)
    recommended, _created = referral_create(
        giver=alice,
        receiver=bob,
        data=ReferralData(need="Aanbevolen", recommendation="recommend", giver_was_customer=True),
    )
    assert recommended.recommendation == "recommend"
    from_bob = member_totals(user=bob)["month"]
    assert (from_bob["received_inside"], from_bob["received_recommended"]) == (2, 1)
    assert member_totals(user=alice)["week"]["given_recommended"] == 1
