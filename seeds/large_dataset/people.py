"""The chapters, the members holding their seats over the years, and the leaders of this year."""

import datetime
import itertools

from django.contrib.auth.hashers import make_password

from chapters.models import Chapter
from members.models import Membership, RegionAdmin, RoleAssignment, User
from seeds.foundation import DEMO_PASSWORD
from seeds.large_dataset.copy_table import CopyTable, next_id, reset_sequence
from seeds.large_dataset.plans import EMAIL_DOMAIN, ChapterPlan, Tenure, member_email, president_email
from seeds.people import FIRST_NAMES, LAST_NAMES
from seeds.referrals_demo import NEEDS, OUTCOMES

CITIES = [
    "Utrecht", "Amersfoort", "Zwolle", "Arnhem", "Nijmegen", "Deventer", "Apeldoorn", "Ede",
    "Hilversum", "Gouda", "Leiden", "Haarlem", "Alkmaar", "Breda", "Tilburg", "Eindhoven",
    "Den Bosch", "Venlo", "Maastricht", "Groningen", "Leeuwarden", "Assen", "Emmen", "Enschede",
    "Almere", "Lelystad", "Delft", "Dordrecht", "Middelburg", "Zeist",
]  # fmt: skip


def copy_chapters(rng, count, region_pks, now) -> list[ChapterPlan]:
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


class _People:
    """The users and memberships tables, with the ids they hand out."""

    def __init__(self, now):
        self.password = make_password(DEMO_PASSWORD)
        self.users = CopyTable(
            User,
            ["id", "email", "first_name", "last_name", "company", "phone", "service_area", "bio", "offer",
             "ideal_referral", "password", "language"],
            now=now,
        )  # fmt: skip
        self.memberships = CopyTable(
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
        self.user_ids, self.membership_ids = (
            itertools.count(next_id(User)),
            itertools.count(next_id(Membership)),
        )


def copy_people(rng, plans, classifications, first_day, today, now, target_members):
    """Seat holders over the years; the current holders add up to `target_members`."""
    people = _People(now)
    per_chapter = [target_members // len(plans)] * len(plans)
    for index in range(target_members % len(plans)):
        per_chapter[index] += 1
    history_start = first_day - datetime.timedelta(days=365)
    for plan, size in zip(plans, per_chapter, strict=True):
        seats = rng.sample(classifications, size)
        for seat_index, classification in enumerate(seats):
            tenures = _seat_holders(rng, people, plan, seat_index, classification, today, history_start)
            plan.seats.append(list(reversed(tenures)))
    people.users.flush()
    people.memberships.flush()
    return people.users.count, people.memberships.count


def _seat_holders(rng, people, plan, seat_index, classification, today, history_start) -> list[Tenure]:
    """Walk back from today: the current holder, then earlier holders until the history starts."""
    tenures: list[Tenure] = []
    end = None
    while True:
        user_pk, membership_pk = next(people.user_ids), next(people.membership_ids)
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
        people.users.add(
            user_pk, email, first, last, f"{last.split()[-1]} & Co {user_pk}",
            f"06-{rng.randint(10000000, 99999999)}", f"regio {plan.slug[9:]}",
            rng.choice(OUTCOMES), rng.choice(NEEDS), rng.choice(NEEDS), people.password,
            "en" if rng.random() < 0.05 else "nl",
        )  # fmt: skip
        current = end is None
        status = "active" if current else rng.choice(["ended", "dropped", "lapsed"])
        renewal = starts_on + datetime.timedelta(days=365)
        while current and renewal <= today:
            renewal += datetime.timedelta(days=365)
        people.memberships.add(
            membership_pk, user_pk, plan.pk, classification, status, starts_on, renewal,
            None if current else end,
        )  # fmt: skip
        tenures.append(Tenure(user_id=user_pk, starts_on=starts_on, ends_on=end))
        if starts_on <= history_start:
            return tenures
        # A seat stays empty for a few weeks between holders.
        end = starts_on - datetime.timedelta(days=rng.randint(0, 60))


def copy_leaders(plans, roles, region_pks, today, now):
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
