"""Reminders: renewals at 60/30/7 days, rota turns 3 days ahead, one-to-ones to confirm; each once."""

import datetime
from decimal import Decimal

from django.utils import timezone, translation

from chapters.models import RotaKind, RotaSlot
from chapters.summaries.reminders import reminders_send_due, renewal_band
from members.models import Delivery, DuesRate, MailPreference, MailTopic, Membership, SentMail
from referrals.models import OneToOne
from tests import factories
from tests.chapters.helpers import make_meeting


def _kind(outbox, kind: str) -> list:
    return [message for message in outbox if message.extra_headers.get("X-Kring-Mail") == kind]


def _term_ends_in(user, days: int) -> Membership:
    term = Membership.objects.get(user=user, status=Membership.Status.ACTIVE)
    term.renewal_due_on = timezone.localdate() + datetime.timedelta(days=days)
    term.starts_on = term.renewal_due_on.replace(year=term.renewal_due_on.year - 1)
    term.save()
    return term


def test_the_bands_are_sixty_thirty_and_seven_days():
    assert [renewal_band(days) for days in (61, 60, 31, 30, 8, 7, 0, -1)] == [
        None,
        60,
        60,
        30,
        30,
        7,
        7,
        None,
    ]


def test_a_renewal_reminder_reaches_the_member_and_the_committee_once_with_the_fee(world, mailoutbox):
    factories.give_role(world.bob, world.chapter, "membership_committee")
    DuesRate.objects.create(
        chapter=world.chapter, term_months=12, amount=Decimal("500.00"), vat_rate=Decimal("21.00")
    )
    _term_ends_in(world.alice, 30)
    reminders_send_due()
    reminders_send_due()
    sent = _kind(mailoutbox, "renewal_reminder")
    assert sorted(message.to[0] for message in sent) == sorted([world.alice.email, world.bob.email])
    to_alice = next(message for message in sent if message.to == [world.alice.email])
    assert "€ 605,00" in to_alice.body  # Dutch amount format
    assert "List-Unsubscribe" in to_alice.extra_headers
    to_committee = next(message for message in sent if message.to == [world.bob.email])
    assert "List-Unsubscribe" not in to_committee.extra_headers  # committee notices stay on


def test_each_band_sends_its_own_reminder(world, mailoutbox):
    term = _term_ends_in(world.alice, 45)
    reminders_send_due()
    term.renewal_due_on = timezone.localdate() + datetime.timedelta(days=20)
    term.save()
    reminders_send_due()
    keys = set(
        SentMail.objects.filter(user=world.alice, kind="renewal_reminder").values_list("key", flat=True)
    )
    assert keys == {f"term:{term.pk}:60", f"term:{term.pk}:30"}


def test_an_english_member_who_switched_renewals_off_gets_no_renewal_mail(world, mailoutbox):
    MailPreference.objects.create(user=world.alice, topic=MailTopic.RENEWALS, delivery=Delivery.OFF)
    _term_ends_in(world.alice, 7)
    reminders_send_due()
    assert not _kind(mailoutbox, "renewal_reminder")


def test_a_rota_turn_is_reminded_three_days_ahead_in_the_members_language(world, mailoutbox):
    world.alice.language = "en"
    world.alice.save(update_fields=["language"])
    soon = make_meeting(world.chapter, starts_in=datetime.timedelta(days=2))
    later = make_meeting(world.chapter, starts_in=datetime.timedelta(days=5))
    RotaSlot.objects.create(meeting=soon, kind=RotaKind.FEATURE, member=world.alice)
    RotaSlot.objects.create(meeting=later, kind=RotaKind.EDUCATION, member=world.bob)
    reminders_send_due()
    reminders_send_due()
    (message,) = _kind(mailoutbox, "rota_reminder")
    assert message.to == [world.alice.email]
    assert message.subject.startswith("Your turn:") and "Feature presentation" in message.subject


def test_a_one_to_one_the_partner_logged_is_reminded_once_until_confirmed(world, mailoutbox):
    logged = OneToOne.objects.create(
        member_low=min(world.alice, world.bob, key=lambda user: user.pk),
        member_high=max(world.alice, world.bob, key=lambda user: user.pk),
        chapter=world.chapter,
        logged_by=world.bob,
        met_on=timezone.localdate() - datetime.timedelta(days=3),
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    fresh = OneToOne.objects.create(
        member_low=min(world.alice, world.carol, key=lambda user: user.pk),
        member_high=max(world.alice, world.carol, key=lambda user: user.pk),
        chapter=world.chapter,
        logged_by=world.carol,
        met_on=timezone.localdate(),
    )
    reminders_send_due()
    reminders_send_due()
    (message,) = _kind(mailoutbox, "one_to_one_reminder")
    assert message.to == [world.alice.email] and "Bob" in message.subject
    assert f"/one-to-ones/{logged.pk}/" in message.body and f"/one-to-ones/{fresh.pk}/" not in message.body


def test_in_the_app_only_a_rota_turn_becomes_one_notice_in_the_readers_language(world, mailoutbox):
    MailPreference.objects.create(user=world.alice, topic=MailTopic.MEETINGS, delivery=Delivery.IN_APP)
    soon = make_meeting(world.chapter, starts_in=datetime.timedelta(days=2))
    RotaSlot.objects.create(meeting=soon, kind=RotaKind.EDUCATION, member=world.alice)
    reminders_send_due()
    reminders_send_due()
    assert not _kind(mailoutbox, "rota_reminder")
    (notice,) = world.alice.notices.all()
    with translation.override("en"):
        assert notice.text.startswith("Your education moment is on ")
