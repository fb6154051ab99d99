import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chapters.models import AbsenceLetter, AbsenceNotice, Attendance, AttendanceStatus, Meeting
from chapters.selectors.attendance import absence_count
from chapters.selectors.meetings import check_in_refusal, meeting_window, week_is_locked
from chapters.services.attendance import (
    absence_letters_send,
    absence_notice_save,
    attendance_check_in,
    attendance_set,
    meeting_record_complete,
)
from chapters.services.runner import meeting_runner_step
from chapters.services.schedule import meeting_cancel, meeting_starts_at
from chapters.services.visitors import visitor_check_in
from members.models import Membership
from tests import factories
from tests.chapters.helpers import add_agenda, make_meeting, make_visitor


def status_of(meeting, user) -> str:
    return Attendance.objects.get(meeting=meeting, member=user).status


def test_a_member_tapped_before_the_start_is_present_and_after_it_late(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    attendance_check_in(meeting=meeting, member=world.alice, by=world.carol)
    later = meeting.starts_at + datetime.timedelta(minutes=1)
    attendance_check_in(meeting=meeting, member=world.bob, by=world.carol, now=later)
    assert status_of(meeting, world.alice) == AttendanceStatus.PRESENT
    assert status_of(meeting, world.bob) == AttendanceStatus.LATE


def test_late_counts_from_when_the_president_opened_the_meeting(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=10))
    meeting.opened_at = meeting.starts_at - datetime.timedelta(minutes=5)
    meeting.save()
    arrival = meeting.starts_at - datetime.timedelta(minutes=2)
    attendance_check_in(meeting=meeting, member=world.alice, by=world.carol, now=arrival)
    assert status_of(meeting, world.alice) == AttendanceStatus.LATE


def test_completing_marks_the_rest_absent_except_substitutes_and_medical_leave(world):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=30))
    on_leave = factories.make_member(world.chapter, "Lea", status=Membership.Status.ON_LEAVE)
    Membership.objects.filter(user=on_leave).update(
        leave_until=timezone.localdate() + datetime.timedelta(days=20)
    )
    AbsenceNotice.objects.create(meeting=meeting, member=world.bob, substitute_name="Sam Vervanger")
    attendance_check_in(meeting=meeting, member=world.carol, by=world.carol)
    meeting_record_complete(meeting=meeting, by=world.carol)
    assert status_of(meeting, world.alice) == AttendanceStatus.ABSENT
    assert status_of(meeting, world.bob) == AttendanceStatus.SUBSTITUTE
    assert status_of(meeting, on_leave) == AttendanceStatus.MEDICAL
    assert not Attendance.objects.filter(
        meeting=meeting, member=world.larry
    ).exists()  # lapsed: not on the record
    # A substitute is not an absence.
    assert absence_count(member=world.bob, chapter=world.chapter) == 0
    assert absence_count(member=world.alice, chapter=world.chapter) == 1


def test_the_second_leader_to_complete_gets_a_clear_message(world):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=30))
    stale_copy = Meeting.objects.get(pk=meeting.pk)
    meeting_record_complete(meeting=meeting, by=world.carol)
    with pytest.raises(ValidationError, match="net afgerond"):
        meeting_record_complete(meeting=stale_copy, by=world.carol)


def test_a_cancelled_meeting_has_no_record_and_counts_for_nobody(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=1))
    meeting_cancel(meeting=meeting, reason="Kerst", notify=False)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="vrije week"):
        meeting_record_complete(meeting=meeting, by=world.carol)


def test_corrections_on_a_completed_record_need_a_reason_and_are_logged(world):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=30))
    meeting_record_complete(meeting=meeting, by=world.carol)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="waarom"):
        attendance_set(meeting=meeting, member=world.alice, status="P", by=world.carol)
    attendance_set(meeting=meeting, member=world.alice, status="P", by=world.carol, reason="Zat achterin")
    correction = Attendance.objects.get(meeting=meeting, member=world.alice).corrections.get()
    assert (correction.status_before, correction.status_after, correction.changed_by) == (
        "A",
        "P",
        world.carol,
    )
    with pytest.raises(ValidationError):
        attendance_check_in(meeting=meeting, member=world.bob, by=world.carol)


def test_a_substitute_may_not_be_a_member_of_the_chapter(world):
    meeting = make_meeting(world.chapter)
    with pytest.raises(ValidationError, match="geen lid van dit chapter"):
        absence_notice_save(
            member=world.alice, meeting=meeting, substitute_name="Bob", substitute_email=world.bob.email
        )
    notice = absence_notice_save(member=world.alice, meeting=meeting, substitute_name="Dave Extern")
    assert notice.has_substitute


def absent_on(world, member, day: datetime.date) -> None:
    starts_at = meeting_starts_at(world.chapter, day)
    meeting = make_meeting(world.chapter, starts_at=starts_at)
    Attendance.objects.create(meeting=meeting, member=member, status=AttendanceStatus.ABSENT)


def test_the_rolling_window_counts_six_months_back(world):
    absent_on(world, world.alice, datetime.date(2026, 1, 10))
    absent_on(world, world.alice, datetime.date(2026, 3, 10))
    absent_on(world, world.alice, datetime.date(2026, 7, 10))
    count = absence_count(member=world.alice, chapter=world.chapter, day=datetime.date(2026, 7, 10))
    assert count == 2  # 10 January is more than six months before 10 July
    assert absence_count(member=world.alice, chapter=world.chapter, day=datetime.date(2026, 7, 9)) == 2


def test_fixed_half_years_start_again_in_july(world):
    world.chapter.absence_window = "half_year"
    world.chapter.save()
    absent_on(world, world.alice, datetime.date(2026, 6, 20))
    absent_on(world, world.alice, datetime.date(2026, 7, 3))
    assert absence_count(member=world.alice, chapter=world.chapter, day=datetime.date(2026, 7, 10)) == 1
    assert absence_count(member=world.alice, chapter=world.chapter, day=datetime.date(2026, 6, 30)) == 1


def test_each_absence_gets_one_letter_and_the_committee_hears_at_the_limit(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    committee = factories.make_member(world.chapter, "Kees")
    factories.give_role(committee, world.chapter, "membership_committee")
    world.chapter.absence_limit = 2
    world.chapter.save()
    for weeks_ago in (3, 2):
        absent_on(world, world.alice, timezone.localdate() - datetime.timedelta(weeks=weeks_ago))
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(hours=1))
    for attendance in Attendance.objects.filter(status="A"):
        Meeting.objects.filter(pk=attendance.meeting_id).update(record_status="completed")
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=user, status="P") for user in (world.bob, world.carol, committee)
    )
    with django_capture_on_commit_callbacks(execute=True):
        meeting_record_complete(meeting=meeting, by=world.carol)
        absence_letters_send(meeting=meeting)
    letter = AbsenceLetter.objects.get(attendance__meeting=meeting)
    assert letter.number == 3 and letter.committee_notified
    to = sorted(message.to[0] for message in mailoutbox)
    assert to == sorted(
        [world.alice.email, world.carol.email, committee.email]
    )  # carol: president, reviews too
    member_letter = next(m for m in mailoutbox if m.to == [world.alice.email])
    assert "3" in member_letter.subject


def test_the_letters_command_is_safe_to_run_again(world, django_capture_on_commit_callbacks, mailoutbox):
    from django.core.management import call_command

    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_record_complete(meeting=meeting, by=world.carol)
    sent = len(mailoutbox)
    assert sent >= 3  # alice, bob and carol were not checked in
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_absence_letters", stdout=__import__("io").StringIO())
    assert len(mailoutbox) == sent


def test_week_is_locked_once_the_covering_meeting_is_completed(world):
    last_week = make_meeting(world.chapter, starts_in=-datetime.timedelta(days=7))
    this_week = make_meeting(world.chapter, starts_in=-datetime.timedelta(hours=2))
    between = last_week.ends_at + datetime.timedelta(days=2)
    assert meeting_window(this_week) == (last_week.ends_at, this_week.ends_at)
    assert not week_is_locked(chapter=world.chapter, when=between)
    meeting_record_complete(meeting=this_week, by=world.carol)
    assert week_is_locked(chapter=world.chapter, when=between)
    assert not week_is_locked(chapter=world.chapter, when=timezone.now())


# --- Check-in only on the day ----------------------------------------------------------------------

SECOND = datetime.timedelta(seconds=1)
HOUR = datetime.timedelta(hours=1)


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (lambda m: m.starts_at - HOUR - SECOND, False),
        (lambda m: m.starts_at - HOUR, True),
        (lambda m: m.ends_at + HOUR, True),
        (lambda m: m.ends_at + HOUR + SECOND, False),
    ],
)
def test_check_in_is_open_from_an_hour_before_the_start_until_an_hour_after_the_end(world, moment, allowed):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=6))
    now = moment(meeting)
    assert (check_in_refusal(meeting, now) == "") is allowed
    if allowed:
        attendance_check_in(meeting=meeting, member=world.alice, by=world.carol, now=now)
        visitor_check_in(visitor=make_visitor(meeting), kind="visitor", by=world.carol, now=now)
    else:
        with pytest.raises(ValidationError):
            attendance_check_in(meeting=meeting, member=world.alice, by=world.carol, now=now)
        with pytest.raises(ValidationError):
            visitor_check_in(visitor=make_visitor(meeting), kind="visitor", by=world.carol, now=now)
    assert meeting.attendances.exists() is allowed
    assert meeting.visitors.filter(checked_in_at__isnull=False).exists() is allowed


def test_a_completed_or_cancelled_meeting_takes_no_check_in_even_on_the_day(world):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(minutes=10))
    meeting_record_complete(meeting=meeting, by=world.carol)
    assert "afgerond" in check_in_refusal(meeting)
    cancelled = make_meeting(
        world.chapter, starts_in=datetime.timedelta(days=1), status=Meeting.Status.CANCELLED
    )
    assert "afgelast" in check_in_refusal(cancelled, cancelled.starts_at)


def test_a_tap_on_a_meeting_six_days_ahead_is_refused_with_the_reason(client, world, carol):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=6))
    visitor = make_visitor(meeting)
    client.force_login(carol)
    base = f"/c/{world.chapter.slug}/meetings/{meeting.pk}/check-in/"
    html = client.post(f"{base}{world.alice.pk}/", {"action": "in"}, headers={"HX-Request": "true"}).content
    assert "Inchecken kan vanaf een uur voor de bijeenkomst" in html.decode()
    html = client.post(
        f"{base}guests/{visitor.pk}/", {"kind": "visitor"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Inchecken kan vanaf een uur voor de bijeenkomst" in html
    assert not meeting.attendances.exists()
    visitor.refresh_from_db()
    assert visitor.checked_in_at is None


def test_the_runner_records_nobody_for_a_meeting_that_is_not_today(world):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(days=6))
    add_agenda(meeting)
    m = meeting_runner_step(meeting=meeting, action="start", version=0)  # a rehearsal may run the clock
    m = meeting_runner_step(meeting=m, action="next", version=m.runner_version)
    assert m.runner_presenter == world.alice
    for action in ("next", "skip", "late"):
        with pytest.raises(ValidationError, match="Inchecken kan vanaf een uur voor de bijeenkomst"):
            meeting_runner_step(meeting=m, action=action, version=m.runner_version)
    assert not meeting.attendances.exists()
    m.refresh_from_db()
    assert m.runner_presenter == world.alice  # the refused press changed nothing


def test_a_correction_back_to_absent_sends_no_second_letter(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = make_meeting(world.chapter, starts_in=-datetime.timedelta(hours=1))
    for member in (world.bob, world.carol):
        attendance_check_in(meeting=meeting, member=member, by=world.carol)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_record_complete(meeting=meeting, by=world.carol)
        # Alice was there after all, then it turns out she was not: one letter for this absence, ever.
        attendance_set(meeting=meeting, member=world.alice, status="P", by=world.carol, reason="Was er wel")
        attendance_set(meeting=meeting, member=world.alice, status="A", by=world.carol, reason="Toch niet")
    assert AbsenceLetter.objects.filter(attendance__member=world.alice).count() == 1
    assert [message.to for message in mailoutbox] == [[world.alice.email]]
