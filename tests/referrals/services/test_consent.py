"""Kring asks the contact "Mag ik je doorgeven?": every state change, the jobs, the token parser."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals.models import ContactAuditEntry, ContactConsentRequest, Referral
from referrals.selectors.consent import LinkProblem, consent_link
from referrals.selectors.referrals import may_see_contact
from referrals.services.consent import (
    ConsentLinkRefused,
    consent_answer,
    consent_erase_by_contact,
    consent_request_send,
    consent_requests_expire,
    consent_requests_remind,
)
from referrals.services.referrals import ReferralData, referral_update
from tests.referrals.helpers import third_party

LINK = re.compile(r"/consent/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def asked(alice, bob, django_capture_on_commit_callbacks, mailoutbox):
    """A slip where the giver had Kring ask the contact; returns (referral, token from the email)."""
    with django_capture_on_commit_callbacks(execute=True):
        referral = third_party(alice, bob, consent="ask")
    mail = next(message for message in mailoutbox if message.to == ["jan@smitbouw.nl"])
    token = LINK.search(mail.body).group(1)
    mailoutbox.clear()
    return referral, token


def _contact_data_in_audit_log() -> list[str]:
    texts = " ".join(str(entry.changes) for entry in LogEntry.objects.all())
    return [value for value in ("Jan Smit", "06-12345678", "jan@smitbouw.nl", "Smit Bouw") if value in texts]


def test_asking_emails_the_contact_in_dutch_naming_giver_and_receiver_and_stores_only_a_hash(
    asked, alice, bob
):
    referral, token = asked
    request = ContactConsentRequest.objects.get()
    assert request.state == "pending" and request.language == "nl"
    assert token not in request.token_hash and len(request.token_hash) == 64
    referral.refresh_from_db()
    assert referral.consent == "ask" and referral.is_lead
    assert not may_see_contact(referral=referral, user=bob, access=None)
    assert may_see_contact(referral=referral, user=alice, access=None)
    assert not bob.notices.exists()  # nothing to act on yet


def test_the_contact_mail_is_in_the_language_the_giver_picked(
    alice, bob, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = third_party(alice, bob, consent="none")
        consent_request_send(referral=referral, by=alice, language="en")
    (mail,) = [message for message in mailoutbox if message.to == ["jan@smitbouw.nl"]]
    assert "would like to pass on your details to" in mail.body
    assert alice.full_name in mail.body and bob.full_name in mail.body


def test_the_dutch_mail_asks_mag_ik_je_doorgeven(alice, bob, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        third_party(alice, bob, consent="ask")
    (mail,) = [message for message in mailoutbox if message.to == ["jan@smitbouw.nl"]]
    assert mail.subject.startswith("Mag ik je doorgeven?")
    assert "wil je gegevens graag doorgeven aan" in mail.body


def test_asking_without_an_email_address_is_refused(alice, bob):
    with pytest.raises(ValidationError, match="by email"):
        third_party(alice, bob, consent="ask", contact_email="")
    assert not Referral.objects.exists()


@pytest.mark.parametrize("way", ["call", "email"])
def test_a_yes_releases_the_details_to_the_receiver_with_the_preferred_way(
    asked, alice, bob, way, django_capture_on_commit_callbacks, mailoutbox
):
    referral, token = asked
    with django_capture_on_commit_callbacks(execute=True):
        consent_answer(token=token, answer=way)
    referral.refresh_from_db()
    assert (referral.consent, referral.contact_preference) == ("contact_yes", way)
    assert referral.contact_phone == "06-12345678"
    assert may_see_contact(referral=referral, user=bob, access=None)
    assert referral.next_statuses()  # the receiver can act on it now
    assert sorted(message.to[0] for message in mailoutbox) == sorted([alice.email, bob.email])
    assert ContactConsentRequest.objects.get().state == "yes"
    assert _contact_data_in_audit_log() == []


def test_no_thanks_erases_the_details_at_once_keeps_the_slip_and_tells_the_giver_kindly(
    asked, alice, bob, django_capture_on_commit_callbacks, mailoutbox
):
    referral, token = asked
    with django_capture_on_commit_callbacks(execute=True):
        consent_answer(token=token, answer="no")
    referral.refresh_from_db()
    assert (
        referral.contact_name,
        referral.contact_phone,
        referral.contact_email,
        referral.contact_company,
    ) == (
        "",
        "",
        "",
        "",
    )
    assert referral.contact_erased_at is not None
    assert Referral.objects.filter(giver=alice).count() == 1  # the count stays
    (mail,) = mailoutbox
    assert mail.to == [alice.email] and "fijn dat je aan ze dacht" in mail.body
    assert ContactAuditEntry.objects.get().performed_by is None
    assert _contact_data_in_audit_log() == []
    assert not bob.notices.exists()


def test_the_first_answer_stands(asked):
    referral, token = asked
    consent_answer(token=token, answer="call")
    with pytest.raises(ConsentLinkRefused) as refused:
        consent_answer(token=token, answer="no")
    assert refused.value.problem == LinkProblem.ANSWERED
    referral.refresh_from_db()
    assert referral.contact_preference == "call" and referral.contact_phone


def test_the_contact_can_erase_after_saying_yes(asked, bob):
    referral, token = asked
    consent_answer(token=token, answer="email")
    consent_erase_by_contact(token=token)
    referral.refresh_from_db()
    assert referral.contact_erased_at and not referral.contact_email
    consent_erase_by_contact(token=token)  # a second tap changes nothing
    assert ContactAuditEntry.objects.filter(action="erase").count() == 1


def test_erasing_before_answering_declines_the_request(asked):
    referral, token = asked
    consent_erase_by_contact(token=token)
    assert ContactConsentRequest.objects.get().state == "declined"
    assert consent_link(token).problem == LinkProblem.ANSWERED


def _edited(referral, **changes) -> ReferralData:
    """The giver's edit of `referral`: the need, contact and grading as they are, and `changes`."""
    kept = (
        "need",
        "kind",
        "contact_name",
        "contact_company",
        "contact_phone",
        "recommendation",
        "temperature",
    )
    return ReferralData(**{field: getattr(referral, field) for field in kept}, **changes)


def test_a_new_email_address_makes_a_new_request_and_kills_the_old_link(
    asked, alice, django_capture_on_commit_callbacks, mailoutbox
):
    referral, old_token = asked
    data = _edited(referral, consent=referral.consent, contact_email="jan.smit@example.nl")
    with django_capture_on_commit_callbacks(execute=True):
        referral_update(referral=referral, by=alice, data=data)
    assert consent_link(old_token).problem == LinkProblem.REPLACED
    with pytest.raises(ConsentLinkRefused):
        consent_answer(token=old_token, answer="call")
    (mail,) = [message for message in mailoutbox if message.to == ["jan.smit@example.nl"]]
    new_token = LINK.search(mail.body).group(1)
    assert consent_link(new_token).usable
    assert ContactConsentRequest.objects.filter(state="pending").count() == 1


def test_recording_consent_oneself_kills_the_link(asked, alice):
    referral, token = asked
    data = _edited(referral, contact_email=referral.contact_email, consent="told_them")
    referral_update(referral=referral, by=alice, data=data)
    assert consent_link(token).problem == LinkProblem.REPLACED


def test_only_the_giver_can_ask(alice, bob):
    referral = third_party(alice, bob, consent="none")
    with pytest.raises(ValidationError):
        consent_request_send(referral=referral, by=bob)


def test_the_giver_is_reminded_once_after_seven_days(
    asked, alice, django_capture_on_commit_callbacks, mailoutbox
):
    referral, _token = asked
    now = timezone.now()
    assert consent_requests_remind(now=now + datetime.timedelta(days=6)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert consent_requests_remind(now=now + datetime.timedelta(days=7, minutes=1)) == 1
        assert consent_requests_remind(now=now + datetime.timedelta(days=8)) == 0
    (mail,) = mailoutbox
    assert mail.to == [alice.email]


def test_after_thirty_days_the_request_expires_and_the_details_are_erased(asked, alice):
    referral, token = asked
    later = timezone.now() + datetime.timedelta(days=30, minutes=1)
    assert consent_requests_expire(now=timezone.now() + datetime.timedelta(days=29)) == 0
    assert consent_link(token, now=later).problem == LinkProblem.EXPIRED
    assert consent_requests_expire(now=later) == 1
    assert consent_requests_expire(now=later) == 0  # idempotent
    referral.refresh_from_db()
    assert referral.contact_erased_at and not referral.contact_name
    assert ContactConsentRequest.objects.get().state == "expired"
    with pytest.raises(ConsentLinkRefused) as refused:
        consent_answer(token=token, answer="call", now=later)
    assert refused.value.problem == LinkProblem.EXPIRED


def test_the_daily_jobs_run_the_consent_jobs(asked):
    referral, _token = asked
    ContactConsentRequest.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=31),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    call_command("daily_jobs", verbosity=0)
    call_command("daily_jobs", verbosity=0)
    referral.refresh_from_db()
    assert referral.contact_erased_at is not None
    assert ContactAuditEntry.objects.filter(action="erase").count() == 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=st.one_of(st.text(max_size=80), st.binary(max_size=60), st.integers(), st.none()))
def test_garbage_never_opens_a_request(asked, garbage):
    link = consent_link(garbage)
    assert link.request is None and link.problem == LinkProblem.UNKNOWN


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(min_value=0, max_value=42), char=st.sampled_from("abcXYZ019-_"))
def test_a_forged_token_one_character_off_opens_nothing(asked, index, char):
    _referral, token = asked
    forged = token[:index] + char + token[index + 1 :]
    link = consent_link(forged)
    if forged == token:
        assert link.usable
    else:
        assert link.request is None and link.problem == LinkProblem.UNKNOWN


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=st.integers(min_value=30, max_value=4000))
def test_an_old_token_is_expired_whatever_its_age(asked, days):
    _referral, token = asked
    link = consent_link(token, now=timezone.now() + datetime.timedelta(days=days, seconds=1))
    assert link.problem == LinkProblem.EXPIRED and not link.usable


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.sampled_from(["call", "email", "no", "maybe", ""]), min_size=2, max_size=5))
def test_a_reused_link_keeps_the_first_valid_answer(alice, bob, answers):
    referral = third_party(alice, bob, consent="none")
    token = consent_request_send(referral=referral, by=alice)
    applied = []
    for answer in answers:
        try:
            consent_answer(token=token, answer=answer)
        except ConsentLinkRefused:
            continue
        applied.append(answer)
    referral.refresh_from_db()
    valid = [answer for answer in answers if answer in ("call", "email", "no")]
    assert applied == valid[:1]
    if valid and valid[0] == "no":
        assert referral.contact_erased_at and not referral.contact_name
    elif valid:
        assert referral.contact_preference == valid[0] and referral.contact_phone
