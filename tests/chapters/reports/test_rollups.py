"""The member-day rollups the reports read equal the raw tables: on the demo data, and after random
sequences of the real services (slips, withdrawals, thank-yous, one-to-ones, attendance and its
corrections, cancelled and moved meetings, visitors, erased contacts, members moving or leaving)."""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chapters.models import Attendance, AttendanceStatus, Chapter, ImportedPalms, Meeting, MemberDayFigures
from chapters.models.figures import FIGURE_COLUMNS
from chapters.reports import figures as report_figures
from chapters.reports import scores as report_scores
from chapters.reports.figures import FIGURE_KEYS, figures_from_raw_over_periods, figures_over_periods
from chapters.reports.overview import _percent, chapters_figures
from chapters.reports.palms import palms_report
from chapters.reports.palms_import import palms_parse
from chapters.reports.palms_import_drafts import palms_draft_confirm, palms_draft_create
from chapters.reports.periods import Period, aware_start, scoring_period, six_months
from chapters.reports.rollups import figures_rebuild, raw_member_day_figures, stored_member_day_figures
from chapters.reports.scores import chapter_scores, member_score
from chapters.schemes import scheme_for
from chapters.services.attendance import (
    attendance_check_in,
    attendance_set,
    attendance_undo_check_in,
    meeting_record_complete,
)
from chapters.services.schedule import chapter_update_schedule, meeting_cancel, meeting_restore
from chapters.services.visitors import visitor_undo_check_in, visitor_walk_in
from members.models import Membership, User
from members.services.leaving import membership_leave
from members.services.memberships import membership_transfer
from referrals.models import Referral, ThankYou
from referrals.services import credits
from referrals.services.contacts import contact_erase
from referrals.services.one_to_ones import one_to_one_log
from referrals.services.referrals import ReferralData, referral_create, referral_update, referral_withdraw
from referrals.services.thanks import thank_you_create
from tests.chapters.helpers import make_meeting
from tests.chapters.reports.test_palms_import import HEADER


def _periods(today: datetime.date) -> list[Period]:
    return [
        six_months(today),
        Period(today - datetime.timedelta(days=5 * 365), today),
        Period(today - datetime.timedelta(days=9), today - datetime.timedelta(days=2)),  # mid-week bounds
        Period(today, today),
    ]


def _counted_members(chapter: Chapter) -> list[int]:
    """Everyone with a figure in the chapter (former members too) and its current members."""
    raw = {
        member_id
        for chapter_id, member_id, _day in raw_member_day_figures(chapter)
        if chapter_id == chapter.pk
    }
    current = Membership.objects.filter(chapter=chapter).values_list("user_id", flat=True)
    return sorted(raw | set(current))


def _assert_reports_equal_raw(chapter: Chapter, periods: list[Period]) -> None:
    members = _counted_members(chapter)
    if not members:
        return
    assert figures_over_periods(chapter, periods, members) == figures_from_raw_over_periods(
        chapter, periods, members
    )
    for member_id in members[:3]:  # the home's score card reads one member's rows only
        one = [member_id]
        assert figures_over_periods(chapter, periods, one) == figures_from_raw_over_periods(
            chapter, periods, one
        )


def _raw_chapter_sums(chapter: Chapter, period: Period) -> dict:
    """The overview's chapter-wide sums straight from the raw tables (imported history added)."""
    in_period = (period.start, period.end)
    attendance = Attendance.objects.filter(
        meeting__chapter=chapter,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__scheduled_on__range=in_period,
    )
    imported = ImportedPalms.objects.filter(chapter=chapter, period_end__range=in_period).aggregate(
        given=Coalesce(Sum(F("given_inside") + F("given_outside")), 0),
        tyfcb=Coalesce(Sum("tyfcb"), Decimal(0)),
        records=Coalesce(Sum(F("present") + F("absent") + F("late") + F("medical") + F("substitute")), 0),
        attended=Coalesce(Sum(F("present") + F("late")), 0),
        absent=Coalesce(Sum("absent"), 0),
    )
    records = attendance.count() + imported["records"]
    attended = attendance.filter(status__in=["P", "L"]).count() + imported["attended"]
    absent = attendance.filter(status="A").count() + imported["absent"]
    slips = Referral.objects.exclude(status=Referral.Status.WITHDRAWN).filter(
        giver_chapter=chapter, created_at__gte=period.since, created_at__lt=period.until
    )
    thanked = ThankYou.objects.filter(from_chapter=chapter, closed_on__range=in_period).aggregate(
        total=Coalesce(Sum("amount"), Decimal(0))
    )["total"]
    return {
        "referrals": slips.count() + imported["given"],
        "tyfcb": thanked + imported["tyfcb"],
        "attendance": _percent(attended, records),
        "absence_rate": _percent(absent, records),
    }


def _assert_chapter_figures_equal_raw(chapters: list[Chapter], periods: list[Period]) -> None:
    for period in periods:
        figures = chapters_figures(
            Chapter.objects.filter(pk__in=[chapter.pk for chapter in chapters]), period
        )
        for chapter in chapters:
            shown = {
                key: figures[chapter.pk][key] for key in ("referrals", "tyfcb", "attendance", "absence_rate")
            }
            assert shown == _raw_chapter_sums(chapter, period), (chapter, period)


def test_the_figure_columns_are_the_reports_figures():
    assert list(FIGURE_COLUMNS) == FIGURE_KEYS


def test_on_the_demo_data_every_report_from_rollups_equals_the_raw_tables(db, monkeypatch):
    call_command("seed_demo", verbosity=0)
    assert stored_member_day_figures() == raw_member_day_figures() != {}
    today = timezone.localdate()
    chapters = list(Chapter.objects.all())
    from_rollups = {}
    for chapter in chapters:
        periods = [*_periods(today), scoring_period(chapter, scheme_for(chapter).window, today)]
        _assert_reports_equal_raw(chapter, periods)
        members = list(Membership.objects.current().filter(chapter=chapter).select_related("user")[:5])
        from_rollups[chapter.pk] = (
            palms_report(chapter, periods[0]),
            palms_report(chapter, periods[1]),
            chapter_scores(chapter, today),
            [member_score(membership.user, chapter, today)["score"] for membership in members],
        )
    # The same reports with the raw computation in place of the rollups.
    monkeypatch.setattr(report_figures, "figures_over_periods", figures_from_raw_over_periods)
    monkeypatch.setattr(report_scores, "figures_over_periods", figures_from_raw_over_periods)
    for chapter in chapters:
        short, long, scores, mine = from_rollups[chapter.pk]
        periods = _periods(today)
        assert palms_report(chapter, periods[0])["totals"] == short["totals"]
        assert palms_report(chapter, periods[1])["totals"] == long["totals"]
        raw_scores = chapter_scores(chapter, today)
        assert [(s.member.pk, s.score.total, s.trend) for s in raw_scores["scores"]] == [
            (s.member.pk, s.score.total, s.trend) for s in scores["scores"]
        ]
        members = list(Membership.objects.current().filter(chapter=chapter).select_related("user")[:5])
        assert [member_score(m.user, chapter, today)["score"] for m in members] == mine
    assert any(report[1]["totals"]["given_inside"] for report in from_rollups.values())
    _assert_chapter_figures_equal_raw(chapters, _periods(today))  # the overview and the region report


def test_a_row_written_without_its_delta_is_found_and_the_rebuild_repairs_it(world):
    referral_create(giver=world.alice, receiver=world.bob, data=ReferralData(need="Een fotograaf"))
    assert stored_member_day_figures() == raw_member_day_figures()
    Referral.objects.create(  # behind the services' back
        giver=world.alice,
        receiver=world.dave,
        giver_chapter=world.chapter,
        receiver_chapter=world.other_chapter,
        need="Drukwerk",
    )
    assert stored_member_day_figures() != raw_member_day_figures()
    with pytest.raises(CommandError, match="differ"):
        call_command("rebuild_figures", "--check")
    call_command("rebuild_figures", "--chapter", world.chapter.slug, verbosity=0)
    call_command("rebuild_figures", "--chapter", world.other_chapter.slug, verbosity=0)
    call_command("rebuild_figures", "--check", verbosity=0)
    assert stored_member_day_figures() == raw_member_day_figures()


def test_deltas_are_one_statement_and_nothing_when_they_cancel_out(world, django_assert_num_queries):
    today = timezone.localdate()
    cells = [
        (world.chapter.pk, world.alice.pk, today, {"present": 1, "tyfcb": Decimal("12.50")}),
        (world.chapter.pk, world.alice.pk, today, {"present": 1}),
        (world.chapter.pk, world.bob.pk, today, {"one_to_ones": 1}),
    ]
    with django_assert_num_queries(1):
        assert MemberDayFigures.objects.add(cells) == 2
    with django_assert_num_queries(0):
        assert MemberDayFigures.objects.add(cells[2:], minus=cells[2:]) == 0
    row = MemberDayFigures.objects.get(member=world.alice)
    assert (row.present, row.tyfcb) == (2, Decimal("12.50"))


def test_a_slip_counts_on_its_local_day_as_the_periods_bound_it(world):
    today = timezone.localdate()
    day = today - datetime.timedelta(days=3)
    for minutes in (
        -1,
        0,
        24 * 60 - 1,
        24 * 60,
    ):  # 23:59 the evening before, midnight, 23:59, the next midnight
        referral_create(
            giver=world.alice,
            receiver=world.bob,
            data=ReferralData(need="Iemand"),
            created_at=aware_start(day) + datetime.timedelta(minutes=minutes),
        )
    figures = figures_over_periods(world.chapter, [Period(day, day)], [world.alice.pk])[world.alice.pk][0]
    assert figures["given_inside"] == 2
    _assert_reports_equal_raw(
        world.chapter, [Period(day, day), Period(day, day + datetime.timedelta(days=1))]
    )


# --- random sequences of the real services ------------------------------------------------------

OPERATIONS = [
    "slip",
    "withdraw",
    "edit_kind",
    "thanks",
    "one_to_one",
    "attendance",
    "check_in",
    "undo_check_in",
    "complete",
    "cancel",
    "restore",
    "reschedule",
    "visitor",
    "undo_visitor",
    "erase_contact",
    "transfer",
    "leave",
    "education",
    "testimonial",
]
STATUSES = [status.value for status in AttendanceStatus]


class Scene:
    """The world plus meetings in two chapters, and what the sequence has made so far."""

    def __init__(self, world):
        self.world = world
        self.people = [world.alice, world.bob, world.carol, world.dave]
        now = timezone.now()
        chapter, other = world.chapter, world.other_chapter
        self.meetings = [
            make_meeting(chapter, starts_in=datetime.timedelta(days=-14)),
            make_meeting(chapter, starts_in=datetime.timedelta(days=-7)),
            make_meeting(chapter, starts_in=datetime.timedelta(minutes=-10)),  # check-in is open
            make_meeting(chapter, starts_in=datetime.timedelta(days=7)),
            make_meeting(chapter, starts_in=datetime.timedelta(days=14)),
            make_meeting(other, starts_in=datetime.timedelta(days=-3)),
        ]
        self.now_meeting = self.meetings[2]
        self.referrals: list[Referral] = []
        self.visitors = []
        self.today = timezone.localdate(now)
        self.history()

    def history(self) -> None:
        """Something for every operation to change: slips of each kind, attendance on past and future
        meetings, a credited visitor, a thank-you (all through the services)."""
        for a, b, c in ((0, 1, 1), (0, 3, 2), (3, 1, 4), (1, 0, 7)):
            self.slip(a, b, c)
        for meeting in (0, 1, 3, 5):
            self.attendance(meeting, 0, meeting)
            self.attendance(meeting, 1 if meeting != 5 else 3, meeting + 1)
        self.visitor(1, 1, 0)
        self.thanks(0, 1, 5)

    def person(self, n: int) -> User:
        return self.people[n % len(self.people)]

    def current_term(self, user: User) -> Membership | None:
        return Membership.objects.current().filter(user=user).first()

    def run(self, operation: str, a: int, b: int, c: int) -> None:
        getattr(self, operation)(a, b, c)

    def slip(self, a, b, c):
        third = c % 2 == 0
        data = ReferralData(
            need="Een klant",
            kind="third_party" if third else "own_business",
            contact_name="Cas" if third else "",
        )
        day = self.today - datetime.timedelta(days=c % 20)
        created_at = aware_start(day) + datetime.timedelta(
            minutes=(c * 37) % 1500 - 30
        )  # around midnight too
        referral, _created = referral_create(
            giver=self.person(a), receiver=self.person(b), data=data, created_at=created_at
        )
        self.referrals.append(referral)

    def _referral(self, a) -> Referral | None:
        return Referral.objects.get(pk=self.referrals[a % len(self.referrals)].pk) if self.referrals else None

    def withdraw(self, a, b, c):
        if referral := self._referral(a):
            referral_withdraw(referral=referral, by=referral.giver, reason="Dubbel")

    def edit_kind(self, a, b, c):
        if referral := self._referral(a):
            third = referral.kind != "third_party"
            data = ReferralData(
                need="Anders", kind="third_party" if third else "own_business", contact_name="Cas"
            )
            referral_update(referral=referral, by=referral.giver, data=data, reason="Verkeerd")

    def thanks(self, a, b, c):
        thanked = self.person(b) if c % 3 else None
        thank_you_create(
            thanked_by=self.person(a),
            thanked=thanked,
            amount=Decimal(c * 25 + 1) / 4,
            business_type="new",
            closed_on=self.today - datetime.timedelta(days=c % 30),
        )

    def one_to_one(self, a, b, c):
        one_to_one_log(
            logged_by=self.person(a),
            partner=self.person(b),
            met_on=self.today - datetime.timedelta(days=c % 30),
        )

    def attendance(self, a, b, c):
        status = STATUSES[c % len(STATUSES)]
        attendance_set(
            meeting=self.meetings[a % len(self.meetings)],
            member=self.person(b),
            status=status,
            by=self.world.carol,
            substitute_name="Sam Vervanger" if status == AttendanceStatus.SUBSTITUTE else "",
            reason="Correctie",
        )

    def check_in(self, a, b, c):
        attendance_check_in(
            meeting=self.now_meeting, member=self.person(b), by=self.world.carol, late=c % 2 == 0
        )

    def undo_check_in(self, a, b, c):
        attendance_undo_check_in(meeting=self.meetings[a % len(self.meetings)], member=self.person(b))

    def complete(self, a, b, c):
        meeting_record_complete(meeting=self.meetings[a % len(self.meetings)], by=self.world.carol)

    def cancel(self, a, b, c):
        meeting_cancel(meeting=self.meetings[a % len(self.meetings)], reason="Vakantie", notify=False)

    def restore(self, a, b, c):
        meeting_restore(meeting=self.meetings[a % len(self.meetings)])

    def reschedule(self, a, b, c):
        """The chapter meets on another weekday: its future meetings (and what they count) move."""
        chapter = Chapter.objects.get(pk=self.world.chapter.pk)
        old_weekday, old_time = chapter.meeting_weekday, chapter.meeting_time
        chapter.meeting_weekday = (old_weekday + 1 + a % 2) % 7
        chapter.save(update_fields=["meeting_weekday"])
        chapter_update_schedule(chapter=chapter, old_weekday=old_weekday, old_time=old_time)

    def visitor(self, a, b, c):
        visitor = visitor_walk_in(
            meeting=self.now_meeting,
            by=self.world.carol,
            kind="visitor",
            first_name=f"Gast{c % 4}",
            last_name="Bezoek",
            profession="Notaris",
            invited_by=self.person(b) if a % 3 else None,
        )
        self.visitors.append(visitor)

    def undo_visitor(self, a, b, c):
        if self.visitors:
            visitor_undo_check_in(visitor=self.visitors[a % len(self.visitors)])

    def erase_contact(self, a, b, c):
        if referral := self._referral(a):
            contact_erase(chapter=referral.giver_chapter, referrals=[referral], by=None)

    def transfer(self, a, b, c):
        user = self.person(a)
        if term := self.current_term(user):
            to = self.world.other_chapter if term.chapter_id == self.world.chapter.pk else self.world.chapter
            membership_transfer(membership=term, to_chapter=to, by=self.world.rita)

    def leave(self, a, b, c):
        if term := self.current_term(self.person(a)):
            membership_leave(membership=term, reason="Verhuisd")

    def education(self, a, b, c):
        credits.education_credit_add(
            member=self.person(a),
            chapter=self.world.chapter,
            earned_on=self.today - datetime.timedelta(days=c % 10),
            what=f"Training {c % 3}",
        )

    def testimonial(self, a, b, c):
        credits.testimonial_add(
            given_by=self.person(a),
            given_to=self.person(b),
            chapter=self.world.chapter,
            given_on=self.today - datetime.timedelta(days=c % 10),
        )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 11), st.integers(0, 11), st.integers(0, 99)),
        min_size=1,
        max_size=14,
    )
)
def test_after_any_sequence_of_the_services_the_rollups_equal_the_raw_tables(world, steps):
    with transaction.atomic():
        scene = Scene(world)
        for operation, a, b, c in steps:
            with contextlib.suppress(
                ValidationError, PermissionDenied
            ):  # refused: it changed no figure either
                scene.run(operation, a, b, c)
        assert stored_member_day_figures() == raw_member_day_figures()
        periods = _periods(scene.today)
        for chapter in (world.chapter, world.other_chapter):
            _assert_reports_equal_raw(chapter, periods)
        _assert_chapter_figures_equal_raw([world.chapter, world.other_chapter], periods[:2])
        transaction.set_rollback(True)  # the next example starts from the same world


def test_the_rebuild_keeps_what_the_services_counted(world):
    referral_create(giver=world.alice, receiver=world.dave, data=ReferralData(need="Drukwerk"))
    one_to_one_log(logged_by=world.alice, partner=world.bob, met_on=timezone.localdate())
    before = stored_member_day_figures()
    assert figures_rebuild() == len(before)
    assert stored_member_day_figures() == before


def test_an_admin_edit_or_deletion_of_a_counted_row_moves_the_figures(world, rf):
    thank_you, _created = thank_you_create(
        thanked_by=world.alice,
        thanked=world.bob,
        amount=Decimal("100"),
        business_type="new",
        closed_on=timezone.localdate(),
    )
    referral, _created = referral_create(
        giver=world.alice, receiver=world.dave, data=ReferralData(need="Drukwerk")
    )
    request = rf.post("/")
    request.user = world.admin
    thank_you_admin, referral_admin = admin.site._registry[ThankYou], admin.site._registry[Referral]
    thank_you.amount, thank_you.closed_on = (
        Decimal("250.50"),
        timezone.localdate() - datetime.timedelta(days=3),
    )
    thank_you_admin.save_model(request, thank_you, form=None, change=True)
    referral_admin.delete_queryset(request, Referral.objects.filter(pk=referral.pk))
    assert stored_member_day_figures() == raw_member_day_figures()
    period = [Period(timezone.localdate() - datetime.timedelta(days=7), timezone.localdate())]
    figures = figures_over_periods(world.chapter, period, [world.alice.pk])[world.alice.pk][0]
    assert (figures["tyfcb"], figures["given_outside"]) == (Decimal("250.50"), 0)


def test_imported_palms_history_counts_in_the_rollups_on_its_last_day(world):
    today = timezone.localdate()
    text = f"{HEADER}\nAlice;{world.alice.email};3;1;0;0;0;2;1;4;0;1;2;150,50;1;1"
    result = palms_parse(
        chapter=world.chapter,
        content=text.encode(),
        filename="palms.csv",
        start=today - datetime.timedelta(days=30),
        end=today - datetime.timedelta(days=1),
    )
    draft = palms_draft_create(result=result, filename="palms.csv", by=world.carol)
    palms_draft_confirm(chapter=world.chapter, pk=draft.pk, by=world.carol)
    assert ImportedPalms.objects.filter(member=world.alice).count() == 1
    assert stored_member_day_figures() == raw_member_day_figures()
    row = MemberDayFigures.objects.get(member=world.alice)
    assert (row.day, row.present, row.given_inside, row.tyfcb) == (
        today - datetime.timedelta(days=1),
        3,
        2,
        Decimal("150.50"),
    )
