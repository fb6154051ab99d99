"""A large, realistic, deterministic dataset for performance work (see docs/performance.md).

Each chapter has one seat per classification; every seat is held by a run of members over the years
(the current one active, earlier ones ended or dropped), so history has people who left. Every week
each chapter meets; the members holding a seat that week get an attendance row and pass referrals,
thank-yous and one-to-ones to each other (a tenth of referrals go to another chapter of the region).

All rows go in with COPY (seeds.large_dataset_copy); only the few reference rows use the ORM.
"""

import datetime
import random
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from chapters.models import (
    AgendaTemplate,
    AgendaTemplateItem,
    Attendance,
    Chapter,
    Meeting,
    MeetingAgendaItem,
    Region,
    RotaSlot,
)
from chapters.reports.rollups import figures_rebuild
from members.models import (
    Classification,
    ClassificationCategory,
    Membership,
    RegionAdmin,
    Role,
    RoleAssignment,
    User,
)
from referrals.models import Notice, OneToOne, Referral, ThankYou
from seeds.chapters_demo import AGENDA
from seeds.foundation import DEMO_PASSWORD, seed_classifications, seed_standard_roles
from seeds.large_dataset_copy import CopyTable, next_id, reset_sequence
from seeds.people import FIRST_NAMES, LAST_NAMES
from seeds.referrals_demo import CONTACT_COMPANIES, LOST_REASONS, NEEDS, OUTCOMES, OWN_NEEDS

EMAIL_DOMAIN = "gen.kring.test"
CITIES = [
    "Utrecht", "Amersfoort", "Zwolle", "Arnhem", "Nijmegen", "Deventer", "Apeldoorn", "Ede",
    "Hilversum", "Gouda", "Leiden", "Haarlem", "Alkmaar", "Breda", "Tilburg", "Eindhoven",
    "Den Bosch", "Venlo", "Maastricht", "Groningen", "Leeuwarden", "Assen", "Emmen", "Enschede",
    "Almere", "Lelystad", "Delft", "Dordrecht", "Middelburg", "Zeist",
]  # fmt: skip
STATUS_WEIGHTS = {"P": 88, "A": 4, "L": 3, "M": 2, "S": 3}


def president_email(chapter_number: int) -> str:
    """The login of chapter N's president (1-based), e.g. for the benchmark."""
    return f"voorzitter.{chapter_number}@{EMAIL_DOMAIN}"


def member_email(chapter_number: int) -> str:
    """A plain member of chapter N (1-based)."""
    return f"lid.{chapter_number}@{EMAIL_DOMAIN}"


@dataclass
class Tenure:
    user_id: int
    starts_on: datetime.date
    ends_on: datetime.date | None  # None: the current holder


@dataclass
class ChapterPlan:
    pk: int
    number: int
    region_pk: int
    slug: str
    weekday: int
    seats: list[list[Tenure]] = field(default_factory=list)  # per classification, oldest first

    def roster(self, day: datetime.date) -> list[int]:
        ids = []
        for tenures in self.seats:
            for tenure in tenures:
                if tenure.starts_on <= day and (tenure.ends_on is None or day < tenure.ends_on):
                    ids.append(tenure.user_id)
                    break
        return ids


def generate(*, regions: int, chapters: int, members: int, weeks: int, seed: int = 9, log=print) -> dict:
    """Fill an EMPTY database; returns row counts and seconds per step."""
    rng = random.Random(seed)
    started = time.monotonic()
    timings: dict[str, float] = {}
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    first_day = today - datetime.timedelta(weeks=weeks)

    def step(name: str, mark: float) -> float:
        timings[name] = round(time.monotonic() - mark, 1)
        log(f"  {name}: {timings[name]} s")
        return time.monotonic()

    mark = time.monotonic()
    with connection.cursor() as cursor:
        # Bulk load: no need to wait for the WAL flush of each COPY batch.
        cursor.execute("SET synchronous_commit TO off")

    classifications, roles = _reference_rows(members_per_chapter=-(-members // chapters))
    mark = step("reference rows", mark)

    region_pks = _regions(regions)
    plans = _chapters(rng, chapters, region_pks, now)
    mark = step("regions and chapters", mark)

    users, memberships = _people(rng, plans, classifications, first_day, today, now, members)
    mark = step("users and memberships", mark)

    _leaders(plans, roles, region_pks, today, now)
    meetings = _meetings(rng, plans, first_day, today, now, roles)
    mark = step("meetings, agendas, rotas", mark)

    attendance = _attendance(rng, plans, meetings, now, today)
    mark = step("attendance", mark)

    slip_counts = _slips(rng, plans, meetings, today, now, target_referrals=members * 250 * weeks // 260)
    mark = step("referrals, thank-yous, one-to-ones", mark)

    figures = figures_rebuild()  # COPY writes no deltas: the member-day rollups in one INSERT ... SELECT
    mark = step("member-day figures", mark)

    for model in (
        Region, Chapter, ClassificationCategory, Classification, Role, User, Membership, RoleAssignment,
        RegionAdmin, AgendaTemplate, AgendaTemplateItem, Meeting, MeetingAgendaItem, RotaSlot, Attendance,
        Referral, ThankYou, OneToOne, Notice,
    ):  # fmt: skip
        reset_sequence(model)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("sequences and ANALYZE", mark)
    counts = {
        "regions": len(region_pks),
        "chapters": len(plans),
        "users": users,
        "memberships": memberships,
        "meetings": len(meetings),
        "attendance": attendance,
        **slip_counts,
        "member_day_figures": figures,
    }
    return {"counts": counts, "timings": timings, "seconds": round(time.monotonic() - started, 1)}


def _reference_rows(*, members_per_chapter: int):
    classifications = [classification.pk for classification, _pattern in seed_classifications()]
    extra, _ = ClassificationCategory.objects.get_or_create(name_nl="Overig", defaults={"name_en": "Other"})
    number = 1
    while len(classifications) < members_per_chapter:
        classification, _ = Classification.objects.get_or_create(
            name_nl=f"Specialist {number}", defaults={"name_en": f"Specialist {number}", "category": extra}
        )
        classifications.append(classification.pk)
        number += 1
    roles = {code: role.pk for code, role in seed_standard_roles().items()}
    return classifications, roles


def _regions(count: int) -> list[int]:
    return [
        Region.objects.create(name=f"Regio {number}", slug=f"gen-regio-{number}").pk
        for number in range(1, count + 1)
    ]


def _chapters(rng, count, region_pks, now) -> list[ChapterPlan]:
    table = CopyTable(
        Chapter, ["id", "region_id", "name", "slug", "city", "meeting_weekday", "venue"], now=now
    )
    pk = next_id(Chapter)
    plans = []
    for number in range(1, count + 1):
        city = CITIES[(number - 1) % len(CITIES)]
        slug = f"gen-{number:04d}-{city.lower().replace(' ', '-')}"
        region_pk = region_pks[(number - 1) % len(region_pks)]
        weekday = rng.randint(0, 4)
        table.add(pk, region_pk, f"Kring {city} {number}", slug, city, weekday, f"Van der Valk {city}")
        plans.append(ChapterPlan(pk=pk, number=number, region_pk=region_pk, slug=slug, weekday=weekday))
        pk += 1
    table.flush()
    return plans


def _people(rng, plans, classifications, first_day, today, now, target_members):
    """Seat holders over the years; the current holders add up to `target_members`."""
    password = make_password(DEMO_PASSWORD)
    users = CopyTable(
        User,
        ["id", "email", "first_name", "last_name", "company", "phone", "service_area", "bio", "offer",
         "ideal_referral", "password", "language"],
        now=now,
    )  # fmt: skip
    memberships = CopyTable(
        Membership,
        [
            "id",
            "user_id",
            "chapter_id",
            "classification_id",
            "status",
            "starts_on",
            "renewal_due_on",
            "ended_on",
        ],
        now=now,
    )
    user_pk, membership_pk = next_id(User), next_id(Membership)
    per_chapter = [target_members // len(plans)] * len(plans)
    for index in range(target_members % len(plans)):
        per_chapter[index] += 1
    history_start = first_day - datetime.timedelta(days=365)
    for plan, size in zip(plans, per_chapter, strict=True):
        seats = rng.sample(classifications, size)
        for seat_index, classification in enumerate(seats):
            # Walk back from today: the current holder, then earlier holders until the history starts.
            tenures: list[Tenure] = []
            end = None
            while True:
                length = rng.randint(300, 5 * 365)
                starts_on = (end or today) - datetime.timedelta(days=length)
                if end is None and starts_on > today - datetime.timedelta(days=30):
                    starts_on = today - datetime.timedelta(days=30)
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if end is None and seat_index == 0:
                    email = president_email(plan.number)
                elif end is None and seat_index == 1:
                    email = member_email(plan.number)
                else:
                    email = f"{first.lower()}.{user_pk}@{EMAIL_DOMAIN}"
                users.add(
                    user_pk, email, first, last, f"{last.split()[-1]} & Co {user_pk}",
                    f"06-{rng.randint(10000000, 99999999)}", f"regio {plan.slug[9:]}",
                    rng.choice(OUTCOMES), rng.choice(NEEDS), rng.choice(NEEDS), password,
                    "en" if rng.random() < 0.05 else "nl",
                )  # fmt: skip
                current = end is None
                status = "active" if current else rng.choice(["ended", "dropped", "lapsed"])
                renewal = starts_on + datetime.timedelta(days=365)
                while current and renewal <= today:
                    renewal += datetime.timedelta(days=365)
                memberships.add(
                    membership_pk, user_pk, plan.pk, classification, status, starts_on, renewal,
                    None if current else end,
                )  # fmt: skip
                tenures.append(Tenure(user_id=user_pk, starts_on=starts_on, ends_on=end))
                user_pk += 1
                membership_pk += 1
                if starts_on <= history_start:
                    break
                # A seat stays empty for a few weeks between holders.
                end = starts_on - datetime.timedelta(days=rng.randint(0, 60))
            plan.seats.append(list(reversed(tenures)))
    users.flush()
    memberships.flush()
    return users.count, memberships.count


def _leaders(plans, roles, region_pks, today, now):
    table = CopyTable(
        RoleAssignment, ["id", "chapter_id", "role_id", "user_id", "starts_on", "ends_on"], now=now
    )
    pk = next_id(RoleAssignment)
    term_start, term_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    for plan in plans:
        holders = plan.roster(today)
        for offset, code in enumerate(["president", "vice_president", "secretary_treasurer", "visitor_host"]):
            table.add(pk, plan.pk, roles[code], holders[offset], term_start, term_end)
            pk += 1
    table.flush()
    password = make_password(DEMO_PASSWORD)
    reset_sequence(User)  # the region admins below take ids from the sequence, after the copied users
    for number, region_pk in enumerate(region_pks, start=1):
        user = User.objects.create(
            email=f"regio.{number}@{EMAIL_DOMAIN}",
            first_name="Regio",
            last_name=str(number),
            password=password,
        )
        RegionAdmin.objects.create(
            region_id=region_pk, user=user, starts_on=today - datetime.timedelta(days=400)
        )


@dataclass
class MeetingRow:
    pk: int
    plan: ChapterPlan
    day: datetime.date
    starts_at: datetime.datetime
    cancelled: bool


def _meetings(rng, plans, first_day, today, now, roles) -> list[MeetingRow]:
    """Weekly meetings from `first_day` to four weeks ahead, each with the chapter's agenda."""
    meetings = CopyTable(
        Meeting,
        ["id", "chapter_id", "scheduled_on", "starts_at", "ends_at", "venue", "status", "status_reason",
         "record_status", "completed_at"],
        now=now,
    )  # fmt: skip
    templates = CopyTable(AgendaTemplate, ["id", "chapter_id", "name", "is_default"], now=now)
    template_items = CopyTable(
        AgendaTemplateItem,
        ["template_id", "order", "title", "kind", "planned_seconds", "responsible_role_id"],
        now=now,
    )
    items = CopyTable(
        MeetingAgendaItem,
        ["meeting_id", "order", "title", "kind", "planned_seconds", "responsible_role_id"],
        now=now,
    )
    rota = CopyTable(RotaSlot, ["meeting_id", "kind", "member_id"], now=now)
    agenda_lines = [
        f"{order}\t{title}\t{kind}\t{seconds}\t{roles[role] if role else r'\N'}"
        for order, (title, _en, kind, seconds, role) in enumerate(AGENDA)
    ]
    meeting_pk, template_pk = next_id(Meeting), next_id(AgendaTemplate)
    rows = []
    for plan in plans:
        templates.add(template_pk, plan.pk, "Standaard", True)
        for line in agenda_lines:
            template_items.add_line(f"{template_pk}\t{line}")
        template_pk += 1
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
    for table in (meetings, templates, template_items, items, rota):
        table.flush()
    return rows


def _attendance(rng, plans, meetings, now, today) -> int:
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


def _referral_status(rng, age_days: int) -> str:
    if age_days < 7:
        return rng.choice(["new", "new", "contacted"])
    if age_days < 42:
        return rng.choices(["new", "contacted", "meeting", "won", "lost", "no_fit"], [10, 25, 25, 25, 10, 5])[
            0
        ]
    return rng.choices(["won", "lost", "no_fit", "withdrawn", "contacted"], [42, 30, 20, 3, 5])[0]


def _slips(rng, plans, meetings, today, now, *, target_referrals: int) -> dict:
    referrals = CopyTable(
        Referral,
        ["id", "giver_id", "receiver_id", "giver_chapter_id", "receiver_chapter_id", "kind", "need",
         "contact_name", "contact_company", "consent", "recommendation", "temperature", "status",
         "lost_reason", "status_changed_at", "idempotency_key", "created_at"],
        now=now,
    )  # fmt: skip
    thanks = CopyTable(
        ThankYou,
        ["thanked_by_id", "thanked_id", "from_chapter_id", "to_chapter_id", "referral_id", "amount",
         "business_type", "closed_on", "idempotency_key", "created_at"],
        now=now,
    )  # fmt: skip
    one_to_ones = CopyTable(
        OneToOne,
        ["member_low_id", "member_high_id", "chapter_id", "logged_by_id", "met_on", "outcome", "confirmed_at",
         "idempotency_key", "created_at"],
        now=now,
    )  # fmt: skip
    notices = CopyTable(Notice, ["user_id", "kind", "params", "url", "created_at", "read_at"], now=now)
    by_region: dict[int, list[ChapterPlan]] = {}
    for plan in plans:
        by_region.setdefault(plan.region_pk, []).append(plan)
    active_meetings = [m for m in meetings if m.day <= today and not m.cancelled]
    per_meeting = target_referrals / max(len(active_meetings), 1)
    referral_pk = next_id(Referral)
    tz = timezone.get_current_timezone()

    def key() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    roster_cache: dict[tuple[int, datetime.date], list[int]] = {}

    def roster(plan: ChapterPlan, day: datetime.date) -> list[int]:
        cache_key = (plan.pk, day)
        if cache_key not in roster_cache:
            roster_cache[cache_key] = plan.roster(day)
        return roster_cache[cache_key]

    for meeting in active_meetings:
        plan = meeting.plan
        members = roster(plan, meeting.day)
        if len(members) < 2:
            continue
        neighbours = [p for p in by_region[plan.region_pk] if p is not plan]
        # Slips of the week before the meeting: passed on the days leading up to it.
        count = max(0, round(rng.gauss(per_meeting, per_meeting / 4)))
        for _ in range(count):
            giver = rng.choice(members)
            receiver_chapter = plan
            if neighbours and rng.random() < 0.1:
                receiver_chapter = rng.choice(neighbours)
                others = roster(receiver_chapter, meeting.day)
                receiver = rng.choice(others) if others else rng.choice(members)
                if not others:
                    receiver_chapter = plan
            else:
                receiver = rng.choice(members)
            if receiver == giver:
                continue
            created = datetime.datetime.combine(
                meeting.day - datetime.timedelta(days=rng.randint(0, 6)), datetime.time(rng.randint(7, 18), rng.randint(0, 59)), tzinfo=tz
            )  # fmt: skip
            age = (today - created.date()).days
            status = _referral_status(rng, age)
            third_party = rng.random() < 0.7
            changed = created + datetime.timedelta(days=rng.randint(1, 30)) if status != "new" else None
            if changed and changed > now:
                changed = now
            referrals.add(
                referral_pk, giver, receiver, plan.pk, receiver_chapter.pk,
                "third_party" if third_party else "own_business",
                rng.choice(NEEDS) if third_party else rng.choice(OWN_NEEDS),
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if third_party else "",
                rng.choice(CONTACT_COMPANIES) if third_party else "",
                rng.choice(["told_them", "gave_card"]) if third_party else "none",
                rng.choice(["recommend", "introduce"]), rng.randint(1, 5), status,
                rng.choice(LOST_REASONS) if status == "lost" else "", changed, key(), created,
            )  # fmt: skip
            if status == "won" and rng.random() < 0.65:
                closed = (changed or created).date()
                thanks.add(
                    receiver, giver, receiver_chapter.pk, plan.pk, referral_pk,
                    Decimal(rng.choice([250, 500, 750, 1200, 2500, 4000, 8000, 15000])), "new", closed, key(), changed or created,
                )  # fmt: skip
            if age < 14 and rng.random() < 0.3:
                notices.add(
                    receiver,
                    "referral_received",
                    "{}",
                    f"/referrals/{referral_pk}/",
                    created,
                    None,
                )
            referral_pk += 1
        # Repeat business, thanked without a slip.
        for _ in range(max(0, round(rng.gauss(per_meeting * 0.06, 1)))):
            by, to = rng.sample(members, 2)
            day = meeting.day - datetime.timedelta(days=rng.randint(0, 6))
            created = datetime.datetime.combine(day, datetime.time(12), tzinfo=tz)
            thanks.add(
                by,
                to,
                plan.pk,
                plan.pk,
                None,
                Decimal(rng.choice([150, 300, 600, 900])),
                "repeat",
                day,
                key(),
                created,
            )
        # One-to-ones: 0.4 per referral; a pair meets at most once per week here, so never twice a day.
        pairs = set()
        for _ in range(max(0, round(rng.gauss(per_meeting * 0.4, per_meeting / 10)))):
            low, high = sorted(rng.sample(members, 2))
            if (low, high) in pairs:
                continue
            pairs.add((low, high))
            met_on = meeting.day - datetime.timedelta(days=rng.randint(0, 6))
            created = datetime.datetime.combine(met_on, datetime.time(16), tzinfo=tz)
            confirmed = (
                None
                if (today - met_on).days < 10 and rng.random() < 0.5
                else created + datetime.timedelta(days=1)
            )
            one_to_ones.add(
                low,
                high,
                plan.pk,
                rng.choice((low, high)),
                met_on,
                rng.choice(OUTCOMES),
                confirmed,
                key(),
                created,
            )
    for table in (referrals, thanks, one_to_ones, notices):
        table.flush()
    return {
        "referrals": referrals.count,
        "thank_yous": thanks.count,
        "one_to_ones": one_to_ones.count,
        "notices": notices.count,
    }
