"""`generate`: fills an EMPTY database with the large dataset, step by step, timing each step."""

import datetime
import random
import time

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
from seeds.foundation import seed_classifications, seed_standard_roles
from seeds.large_dataset.copy_table import reset_sequence
from seeds.large_dataset.meetings import copy_attendance, copy_meetings
from seeds.large_dataset.people import copy_chapters, copy_leaders, copy_people
from seeds.large_dataset.slips import copy_slips

# Every table the generator writes, whose id sequence must follow the copied ids.
SEQUENCED = (
    Region, Chapter, ClassificationCategory, Classification, Role, User, Membership, RoleAssignment,
    RegionAdmin, AgendaTemplate, AgendaTemplateItem, Meeting, MeetingAgendaItem, RotaSlot, Attendance,
    Referral, ThankYou, OneToOne, Notice,
)  # fmt: skip


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
    plans = copy_chapters(rng, chapters, region_pks, now)
    mark = step("regions and chapters", mark)

    users, memberships = copy_people(rng, plans, classifications, first_day, today, now, members)
    mark = step("users and memberships", mark)

    copy_leaders(plans, roles, region_pks, today, now)
    meetings = copy_meetings(rng, plans, first_day, today, now, roles)
    mark = step("meetings, agendas, rotas", mark)

    attendance = copy_attendance(rng, meetings, now, today)
    mark = step("attendance", mark)

    slip_counts = copy_slips(rng, plans, meetings, today, now, target_referrals=members * 250 * weeks // 260)
    mark = step("referrals, thank-yous, one-to-ones", mark)

    figures = figures_rebuild()  # COPY writes no deltas: the member-day rollups in one INSERT ... SELECT
    mark = step("member-day figures", mark)

    for model in SEQUENCED:
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
