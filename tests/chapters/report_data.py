"""Generated chapter history for report tests and the benchmark (fixed seed, bulk inserts)."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from chapters.models import Attendance, Meeting, Visitor
from chapters.reports.rollups import figures_rebuild
from referrals.models import EducationCredit, OneToOne, Referral, Testimonial, ThankYou
from tests import factories

STATUSES = ["P"] * 14 + ["A", "L", "M", "S"]


def generate(chapter, members, *, weeks: int, outsider=None, seed: int = 7) -> list[Meeting]:
    """`weeks` past weekly meetings (one cancelled in every 10) with attendance, and slips between `members`."""
    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    meetings = []
    for week in range(weeks, 0, -1):
        starts = now - datetime.timedelta(weeks=week)
        meetings.append(
            Meeting(
                chapter=chapter,
                scheduled_on=timezone.localtime(starts).date(),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=90),
                status=Meeting.Status.CANCELLED if week % 10 == 3 else Meeting.Status.SCHEDULED,
                record_status=Meeting.RecordStatus.COMPLETED,
            )
        )
    meetings = Meeting.objects.bulk_create(meetings)
    attendance, referrals, thanks, one_to_ones, credits, testimonials, visitors = [], [], [], [], [], [], []
    others = [*members, outsider] if outsider else members
    for meeting in meetings:
        day = meeting.scheduled_on
        for member in members:
            status = rng.choice(STATUSES)
            attendance.append(
                Attendance(
                    meeting=meeting,
                    member=member,
                    status=status,
                    substitute_name="Sam Invaller" if status == "S" else "",
                )
            )
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                receiver = rng.choice([other for other in others if other.pk != member.pk])
                referrals.append(
                    Referral(
                        giver=member,
                        receiver=receiver,
                        giver_chapter=chapter,
                        receiver_chapter=factories_chapter(receiver, chapter, outsider),
                        kind=rng.choice(list(Referral.Kind.values)),
                        need="Een nieuwe klant",
                        status=rng.choice(["new", "won", "withdrawn", "contacted"]),
                        created_at=meeting.starts_at - datetime.timedelta(days=rng.randrange(6)),
                    )
                )
            if rng.random() < 0.2:
                other = rng.choice([o for o in members if o.pk != member.pk])
                thanks.append(
                    ThankYou(
                        thanked_by=member,
                        thanked=other,
                        from_chapter=chapter,
                        to_chapter=chapter,
                        amount=Decimal(rng.randrange(100, 3000)),
                        closed_on=day,
                    )
                )
            if rng.random() < 0.2:
                other = rng.choice([o for o in members if o.pk != member.pk])
                low, high = sorted([member, other], key=lambda user: user.pk)
                one_to_ones.append(
                    OneToOne(member_low=low, member_high=high, chapter=chapter, logged_by=member, met_on=day)
                )
            if rng.random() < 0.3:
                credits.append(EducationCredit(member=member, chapter=chapter, earned_on=day, what="Podcast"))
            if rng.random() < 0.05:
                other = rng.choice([o for o in members if o.pk != member.pk])
                testimonials.append(
                    Testimonial(given_by=member, given_to=other, chapter=chapter, given_on=day)
                )
            if rng.random() < 0.05:
                visitors.append(
                    Visitor(
                        chapter=chapter,
                        meeting=meeting,
                        first_name="Gast",
                        last_name=str(len(visitors)),
                        company="Gast BV",
                        profession="Notaris",
                        email=f"gast{len(visitors)}@example.com",
                        consent_given_at=now,
                        invited_by=member,
                        checked_in_at=meeting.starts_at,
                        gives_visitor_credit=True,
                        status=rng.choice(["visited", "applied"]),
                    )
                )
    Attendance.objects.bulk_create(attendance)
    Referral.objects.bulk_create(referrals)
    ThankYou.objects.bulk_create(thanks)
    OneToOne.objects.bulk_create(one_to_ones, ignore_conflicts=True)
    EducationCredit.objects.bulk_create(credits, ignore_conflicts=True)
    Testimonial.objects.bulk_create(testimonials, ignore_conflicts=True)
    Visitor.objects.bulk_create(visitors)
    figures_rebuild()  # written without the services: the reports' rollups from the raw rows
    return meetings


def factories_chapter(receiver, chapter, outsider):
    return outsider.memberships.first().chapter if outsider and receiver.pk == outsider.pk else chapter


def make_members(chapter, count: int) -> list:
    return [factories.make_member(chapter, f"Lid{index}") for index in range(count)]
