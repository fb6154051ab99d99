"""Meetings of the demo chapters: agenda templates, 12 past weeks with completed PALMS records,
8 weeks ahead with rotas, one holiday, and visitors in every stage of the follow-up."""

import datetime
import random

from django.utils import timezone

from chapters.models import (
    AbsenceNotice,
    AgendaKind,
    AgendaTemplate,
    AgendaTemplateItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    RotaKind,
    RotaSlot,
    Visitor,
)
from chapters.services.rotas import rota_fill
from chapters.services.schedule import (
    agenda_copy_from_template,
    meeting_cancel,
    meeting_generate_ahead,
    meeting_starts_at,
)
from members.models import Membership

# (Dutch title, English title, kind, planned seconds, responsible role code)
AGENDA = [
    ("Open netwerken", "Open networking", AgendaKind.OPEN_NETWORKING, 15 * 60, None),
    ("Welkom en opening", "Welcome and opening", AgendaKind.NORMAL, 3 * 60, "president"),
    ("Waar we voor staan", "What we stand for", AgendaKind.NORMAL, 2 * 60, "president"),
    ("Educatiemoment", "Education moment", AgendaKind.EDUCATION, 5 * 60, "education_coordinator"),
    (
        "60-secondenpresentaties",
        "Members' 60-second presentations",
        AgendaKind.MEMBER_PRESENTATIONS,
        60,
        "president",
    ),
    (
        "Bezoekers stellen zich voor",
        "Visitors introduce themselves",
        AgendaKind.VISITOR_INTROS,
        5 * 60,
        "visitor_host",
    ),
    ("Hoofdpresentatie", "Feature presentation", AgendaKind.FEATURE_PRESENTATION, 10 * 60, None),
    (
        "Ronde referrals en bedankjes",
        "Referrals and thank-yous round",
        AgendaKind.REFERRALS,
        10 * 60,
        "vice_president",
    ),
    ("Mededelingen", "Announcements", AgendaKind.NORMAL, 3 * 60, "secretary_treasurer"),
    ("Afsluiting", "Close", AgendaKind.NORMAL, 2 * 60, "president"),
]

SUBSTITUTES = [
    "Joost Hermans",
    "Ilse Verbeek",
    "Ruud Kramer",
    "Fleur Dijkman",
    "Bas Koster",
    "Anouk Schouten",
]
VISITORS = [
    # first, last, company, profession, status, which meeting (0 = next, -1 = last week)
    ("Lotte", "Brouwer", "Brouwer Notarissen", "Notaris", Visitor.Status.REGISTERED, 0),
    ("Daan", "Willems", "Willems Webdesign", "Webdesigner", Visitor.Status.REGISTERED, 0),
    ("Eva", "Smits", "Smits Interieur", "Interieurontwerper", Visitor.Status.VISITED, -1),
    ("Thijs", "de Groot", "De Groot Hypotheken", "Hypotheekadviseur", Visitor.Status.VISITED, -1),
    ("Sophie", "Mulder", "Mulder Vertalingen", "Vertaler", Visitor.Status.FOLLOWED_UP, -2),
    ("Milan", "Bos", "Bos Beveiliging", "Beveiligingsadviseur", Visitor.Status.APPLIED, -3),
    ("Julia", "Peters", "Peters Events", "Evenementenbureau", Visitor.Status.NOT_NOW, -4),
]


def _template(chapter, roles, *, name: str, english: bool, is_default: bool) -> AgendaTemplate:
    template, created = AgendaTemplate.objects.get_or_create(
        chapter=chapter, name=name, defaults={"is_default": is_default}
    )
    if created:
        AgendaTemplateItem.objects.bulk_create(
            AgendaTemplateItem(
                template=template,
                order=order,
                title=title_en if english else title_nl,
                kind=kind,
                planned_seconds=seconds,
                responsible_role=roles.get(role) if role else None,
            )
            for order, (title_nl, title_en, kind, seconds, role) in enumerate(AGENDA, start=1)
        )
    return template


def _past_meeting(chapter, day, template, memberships, rng, recorder) -> None:
    starts_at = meeting_starts_at(chapter, day)
    meeting, created = Meeting.objects.get_or_create(
        chapter=chapter,
        scheduled_on=day,
        defaults={
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(minutes=chapter.meeting_duration_minutes),
            "venue": chapter.venue,
            "opened_at": starts_at,
            "closed_at": starts_at + datetime.timedelta(minutes=chapter.meeting_duration_minutes + 2),
            "record_status": Meeting.RecordStatus.COMPLETED,
            "completed_by": recorder,
            "completed_at": starts_at + datetime.timedelta(hours=2),
        },
    )
    if not created:
        return
    agenda_copy_from_template(meeting=meeting, template=template)
    rows = []
    for membership in memberships:
        row = Attendance(meeting=meeting, member=membership.user, recorded_by=recorder)
        roll = rng.random()
        if membership.status == Membership.Status.ON_LEAVE:
            row.status = AttendanceStatus.MEDICAL
        elif roll < 0.82:
            row.status = AttendanceStatus.PRESENT
            row.arrived_at = starts_at - datetime.timedelta(minutes=rng.randint(1, 20))
        elif roll < 0.89:
            row.status = AttendanceStatus.LATE
            row.arrived_at = starts_at + datetime.timedelta(minutes=rng.randint(3, 25))
        elif roll < 0.95:
            row.status = AttendanceStatus.SUBSTITUTE
            row.substitute_name = rng.choice(SUBSTITUTES)
        else:
            row.status = AttendanceStatus.ABSENT
        rows.append(row)
    Attendance.objects.bulk_create(rows)
    active = [m.user for m in memberships if m.status == Membership.Status.ACTIVE]
    feature, education = rng.sample(active, 2)
    RotaSlot.objects.bulk_create(
        [
            RotaSlot(meeting=meeting, kind=RotaKind.FEATURE, member=feature),
            RotaSlot(meeting=meeting, kind=RotaKind.EDUCATION, member=education),
        ]
    )


def load(ctx: dict) -> None:
    rng = random.Random(20261205)
    today = timezone.localdate()
    roles = ctx["roles"]
    for index, chapter in enumerate(ctx["chapters"]):
        template = _template(chapter, roles, name="Standaardagenda", english=False, is_default=True)
        if index == 0:
            _template(chapter, roles, name="English agenda", english=True, is_default=False)

        memberships = list(
            chapter.memberships.current()
            .select_related("user")
            .order_by("user__first_name", "user__last_name")
        )
        members = ctx["members"][chapter.slug]
        recorder = members[2] if len(members) > 2 else members[0]  # the vice president
        last = today - datetime.timedelta(days=(today.weekday() - chapter.meeting_weekday) % 7 or 7)
        for week in range(12, 0, -1):
            day = last - datetime.timedelta(weeks=week - 1)
            _past_meeting(
                chapter, day, template, [m for m in memberships if m.starts_on <= day], rng, recorder
            )

        meeting_generate_ahead(chapter=chapter, weeks=8, today=today)
        upcoming = list(chapter.meetings.filter(scheduled_on__gte=today).order_by("starts_at")[:8])
        if len(upcoming) >= 5 and not chapter.meetings.filter(status=Meeting.Status.CANCELLED).exists():
            meeting_cancel(meeting=upcoming[4], reason="Vakantie: de zaal is gesloten.", notify=False)
        for kind in RotaKind.values:
            rota_fill(chapter=chapter, kind=kind, weeks=8, today=today)

        if index != 0 or not upcoming:
            continue
        next_meeting = upcoming[0]
        # A member who announced a substitute for the next meeting.
        AbsenceNotice.objects.get_or_create(
            meeting=next_meeting,
            member=members[10],
            defaults={"substitute_name": "Joost Hermans", "substitute_email": "joost@hermansadvies.nl"},
        )
        past = list(chapter.meetings.filter(scheduled_on__lt=today).order_by("-starts_at")[:4])
        for first, last_name, company, profession, status, which in VISITORS:
            meeting = next_meeting if which == 0 else past[-which - 1]
            email = f"{first.lower()}@{company.split()[0].lower()}.nl"
            checked_in = which != 0
            Visitor.objects.get_or_create(
                meeting=meeting,
                email=email,
                defaults={
                    "chapter": chapter,
                    "first_name": first,
                    "last_name": last_name,
                    "company": company,
                    "profession": profession,
                    "phone": f"06-{rng.randint(10000000, 99999999)}",
                    "invited_by": rng.choice(members[:12]),
                    "consent_given_at": meeting.starts_at - datetime.timedelta(days=3),
                    "status": status,
                    "checked_in_at": meeting.starts_at - datetime.timedelta(minutes=10)
                    if checked_in
                    else None,
                    "gives_visitor_credit": checked_in,
                    "follow_up_by": members[6] if checked_in else None,
                    "follow_up_due": meeting.scheduled_on + datetime.timedelta(days=3)
                    if checked_in
                    else None,
                },
            )
