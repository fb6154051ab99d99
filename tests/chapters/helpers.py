"""Meetings and visitors for tests."""

import datetime

from django.utils import timezone

from chapters.models import (
    AgendaKind,
    AgendaTemplate,
    AgendaTemplateItem,
    Chapter,
    Meeting,
    MeetingAgendaItem,
    Visitor,
)


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
