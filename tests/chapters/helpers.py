"""Meetings and visitors for tests."""

import datetime

from django.utils import timezone

from chapters.models import (
    AgendaKind,
    AgendaTemplate,
    AgendaTemplateItem,
    Attendance,
    AttendanceStatus,
    Chapter,
    Meeting,
    MeetingAgendaItem,
    RotaKind,
    RotaSlot,
    Visitor,
)
from chapters.services.visitors import visitor_check_in
from tests import factories
from tests.referrals.helpers import own_business


def make_meeting(
    chapter: Chapter, *, starts_in: datetime.timedelta = datetime.timedelta(days=2), **fields
) -> Meeting:
    """A meeting `starts_in` from now (negative for past meetings), 90 minutes long."""
    starts_at = fields.pop("starts_at", None) or timezone.now().replace(microsecond=0) + starts_in
    day = timezone.localtime(starts_at, chapter.zone).date()
    fields.setdefault("venue", "Hotel Karel V")
    return Meeting.objects.create(
        chapter=chapter,
        scheduled_on=fields.pop("scheduled_on", day),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + datetime.timedelta(minutes=90)),
        **fields,
    )


SHORT_AGENDA = [
    ("Welkom", AgendaKind.NORMAL, 3),
    ("60 seconden", AgendaKind.MEMBER_PRESENTATIONS, 2),
    ("Hoofdpresentatie", AgendaKind.FEATURE_PRESENTATION, 3),
]


def add_agenda(meeting: Meeting, items=SHORT_AGENDA) -> list[MeetingAgendaItem]:
    return [
        MeetingAgendaItem.objects.create(
            meeting=meeting, order=order, title=title, kind=kind, planned_seconds=seconds
        )
        for order, (title, kind, seconds) in enumerate(items, start=1)
    ]


def make_template(chapter: Chapter, items=SHORT_AGENDA, *, is_default: bool = True) -> AgendaTemplate:
    template = AgendaTemplate.objects.create(chapter=chapter, name="Standaard", is_default=is_default)
    for order, (title, kind, seconds) in enumerate(items, start=1):
        AgendaTemplateItem.objects.create(
            template=template, order=order, title=title, kind=kind, planned_seconds=seconds
        )
    return template


def make_visitor(meeting: Meeting, first_name: str = "Vera", **fields) -> Visitor:
    fields.setdefault("email", f"{first_name.lower()}@example.com")
    return Visitor.objects.create(
        chapter=meeting.chapter,
        meeting=meeting,
        first_name=first_name,
        last_name=fields.pop("last_name", "Gast"),
        company=fields.pop("company", "Gast BV"),
        profession=fields.pop("profession", "Notaris"),
        consent_given_at=timezone.now(),
        **fields,
    )


# Every section the runner shows something of its own for, in a meeting's usual order.
RUNNER_AGENDA = [
    ("Welkom", AgendaKind.NORMAL, 60),
    ("Gasten", AgendaKind.VISITOR_INTROS, 120),
    ("60 seconden", AgendaKind.MEMBER_PRESENTATIONS, 60),
    ("Educatie", AgendaKind.EDUCATION, 300),
    ("Hoofdpresentatie", AgendaKind.FEATURE_PRESENTATION, 600),
    ("Referrals", AgendaKind.REFERRALS, 300),
]


def make_running_meeting(size: int, agenda=RUNNER_AGENDA, *, visitors: int, slips: int):
    """A new chapter's meeting that started five minutes ago, for the runner: `size` members, the
    leader Leo (president) first in the round and not checked in, every second other member checked
    in at the door, `visitors` guests checked in, the rota's two speakers, `slips` slips to Leo.
    Returns (chapter, leader, meeting)."""
    chapter = factories.make_chapter()
    leader = factories.make_member(chapter, "Leo")
    factories.give_role(leader, chapter, "president")
    members = [
        factories.make_member(chapter, f"Lid{n:02}", classification=factories.make_classification())
        for n in range(size - 1)
    ]
    meeting = make_meeting(chapter, starts_in=-datetime.timedelta(minutes=5))
    add_agenda(meeting, agenda)
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=member, status=AttendanceStatus.PRESENT) for member in members[::2]
    )
    for n in range(visitors):
        visitor = make_visitor(meeting, f"Gast{n}", invited_by=members[n % len(members)])
        visitor_check_in(visitor=visitor, kind="visitor", by=leader)
    RotaSlot.objects.create(meeting=meeting, kind=RotaKind.FEATURE, member=members[0])
    RotaSlot.objects.create(meeting=meeting, kind=RotaKind.EDUCATION, member=members[1])
    for member in members[:slips]:
        own_business(member, leader)
    return chapter, leader, meeting


def guest_form_data(meeting: Meeting, **overrides) -> dict:
    """What a member types into the form for the guest they bring to `meeting`."""
    return {
        "meeting": meeting.pk,
        "first_name": "Vera",
        "last_name": "Gast",
        "company": "Gast Notarissen",
        "profession": "Notaris",
        "email": "vera@gast.nl",
        "phone": "",
        "consent": "on",
        **overrides,
    }


def visit_form_data(meeting: Meeting, **overrides) -> dict:
    """What a visitor types into the public visit form of `meeting`'s chapter (the honeypot `website` empty)."""
    return guest_form_data(meeting, **{"phone": "06-12345678", "invited_by": "", "website": "", **overrides})
