"""Every chapter's weekly meetings with their agendas and rotas, and who attended them."""

import datetime

from django.utils import timezone

from chapters.models import (
    AgendaTemplate,
    AgendaTemplateItem,
    Attendance,
    Meeting,
    MeetingAgendaItem,
    RotaSlot,
)
from seeds.chapters_demo import AGENDA
from seeds.large_dataset.copy_table import CopyTable, next_id
from seeds.large_dataset.plans import MeetingRow
from seeds.people import FIRST_NAMES, LAST_NAMES

STATUS_WEIGHTS = {"P": 88, "A": 4, "L": 3, "M": 2, "S": 3}
# The columns an agenda line fills after its template or meeting (see `_agenda_lines`).
AGENDA_COLUMNS = ["order", "title", "kind", "planned_seconds", "responsible_role_id"]


def copy_meetings(rng, plans, first_day, today, now, roles) -> list[MeetingRow]:
    """Weekly meetings from `first_day` to four weeks ahead, each with the chapter's agenda."""
    meetings = CopyTable(
        Meeting,
        ["id", "chapter_id", "scheduled_on", "starts_at", "ends_at", "venue", "status", "status_reason",
         "record_status", "completed_at"],
        now=now,
    )  # fmt: skip
    items = CopyTable(MeetingAgendaItem, ["meeting_id", *AGENDA_COLUMNS], now=now)
    rota = CopyTable(RotaSlot, ["meeting_id", "kind", "member_id"], now=now)
    agenda_lines = _agenda_lines(roles)
    _copy_agenda_templates(plans, agenda_lines, now)
    meeting_pk = next_id(Meeting)
    rows = []
    for plan in plans:
        day = first_day + datetime.timedelta(days=(plan.weekday - first_day.weekday()) % 7)
        while day <= today + datetime.timedelta(weeks=4):
            starts_at = datetime.datetime.combine(
                day, datetime.time(7, 0), tzinfo=timezone.get_current_timezone()
            )
            cancelled = rng.random() < 0.02 and day < today
            past = day < today
            meetings.add(
                meeting_pk, plan.pk, day, starts_at, starts_at + datetime.timedelta(minutes=90), f"Van der Valk {plan.slug[10:]}",
                "cancelled" if cancelled else "scheduled", "Feestdag" if cancelled else "",
                "completed" if past and not cancelled else "draft", starts_at + datetime.timedelta(hours=3) if past else None,
            )  # fmt: skip
            for line in agenda_lines:
                items.add_line(f"{meeting_pk}\t{line}")
            if not past:
                roster = plan.roster(today)
                feature, education = rng.sample(roster, 2)
                rota.add(meeting_pk, "feature", feature)
                rota.add(meeting_pk, "education", education)
            rows.append(MeetingRow(meeting_pk, plan, day, starts_at, cancelled))
            meeting_pk += 1
            day += datetime.timedelta(weeks=1)
    for table in (meetings, items, rota):
        table.flush()
    return rows


def _agenda_lines(roles) -> list[str]:
    """The demo agenda as COPY text (AGENDA_COLUMNS), the same for every template and meeting."""
    return [
        f"{order}\t{title}\t{kind}\t{seconds}\t{roles[role] if role else r'\N'}"
        for order, (title, _en, kind, seconds, role) in enumerate(AGENDA)
    ]


def _copy_agenda_templates(plans, agenda_lines, now) -> None:
    """One default agenda template per chapter."""
    templates = CopyTable(AgendaTemplate, ["id", "chapter_id", "name", "is_default"], now=now)
    template_items = CopyTable(AgendaTemplateItem, ["template_id", *AGENDA_COLUMNS], now=now)
    template_pk = next_id(AgendaTemplate)
    for plan in plans:
        templates.add(template_pk, plan.pk, "Standaard", True)
        for line in agenda_lines:
            template_items.add_line(f"{template_pk}\t{line}")
        template_pk += 1
    templates.flush()
    template_items.flush()


def copy_attendance(rng, meetings, now, today) -> int:
    table = CopyTable(
        Attendance, ["meeting_id", "member_id", "status", "substitute_name", "arrived_at"], now=now
    )
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    for meeting in meetings:
        if meeting.cancelled or meeting.day >= today:
            continue
        roster = meeting.plan.roster(meeting.day)
        chosen = rng.choices(statuses, weights, k=len(roster))
        arrived = meeting.starts_at.isoformat()
        for member_id, status in zip(roster, chosen, strict=True):
            if status == "S":
                table.add_line(
                    f"{meeting.pk}\t{member_id}\tS\t{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}\t\\N"
                )
            elif status in ("P", "L"):
                table.add_line(f"{meeting.pk}\t{member_id}\t{status}\t\t{arrived}")
            else:
                table.add_line(f"{meeting.pk}\t{member_id}\t{status}\t\t\\N")
    table.flush()
    return table.count
