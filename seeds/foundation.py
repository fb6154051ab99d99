"""Region, chapters, classifications, people, memberships and the leadership team of the demo."""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from chapters.models import Chapter, Region
from config.dates import in_year
from members.capabilities import STANDARD_ROLES
from members.models import (
    Classification,
    ClassificationCategory,
    Membership,
    RegionAdmin,
    Role,
    RoleAssignment,
    User,
)
from seeds.people import CLASSIFICATIONS, FIRST_NAMES, LAST_NAMES

DEMO_PASSWORD = "kring-demo"
DEMO_LOGINS = {
    "member": "lid@demo.kring.nl",
    "president": "voorzitter@demo.kring.nl",
    "region_admin": "regio@demo.kring.nl",
}

CHAPTERS = [
    {
        "slug": "utrecht-domstad",
        "name": "Kring Utrecht Domstad",
        "city": "Utrecht",
        "meeting_weekday": 1,
        "meeting_time": datetime.time(7, 0),
        "venue": "Hotel Karel V, Geertebolwerk 1, Utrecht",
        "size": 30,
    },
    {
        "slug": "amersfoort-eemland",
        "name": "Kring Amersfoort Eemland",
        "city": "Amersfoort",
        "meeting_weekday": 3,
        "meeting_time": datetime.time(7, 15),
        "venue": "Landgoed De Boom, Amersfoort",
        "size": 20,
    },
]

# Who holds which role in the first chapter (index into its members).
LEADERSHIP = [
    ("president", 1),
    ("vice_president", 2),
    ("secretary_treasurer", 3),
    ("membership_committee", 4),
    ("membership_committee", 5),
    ("visitor_host", 6),
    ("visitor_host", 7),
    ("education_coordinator", 8),
    ("mentor_coordinator", 9),
]


def _email_domain(company: str) -> str:
    cleaned = "".join(ch for ch in company.lower() if ch.isalnum())
    return f"{cleaned[:24]}.nl"


def seed_classifications() -> list[tuple[Classification, str]]:
    """The demo's classifications (idempotent), each with the pattern its members' companies are named by."""
    classifications = []
    for category_nl, category_en, items in CLASSIFICATIONS:
        category, _ = ClassificationCategory.objects.get_or_create(
            name_nl=category_nl, defaults={"name_en": category_en}
        )
        for name_nl, name_en, company_pattern in items:
            classification, _ = Classification.objects.get_or_create(
                name_nl=name_nl, defaults={"name_en": name_en, "category": category}
            )
            classifications.append((classification, company_pattern))
    return classifications


def seed_standard_roles() -> dict[str, Role]:
    """The standard roles every chapter shares (idempotent), by code."""
    roles = {}
    for order, (code, (name_nl, name_en, capabilities)) in enumerate(STANDARD_ROLES.items()):
        roles[code], _ = Role.objects.get_or_create(
            chapter=None,
            code=code,
            defaults={
                "name_nl": name_nl,
                "name_en": name_en,
                "capabilities": sorted(capabilities),
                "sort_order": order,
            },
        )
    return roles


def load(ctx: dict) -> None:
    rng = random.Random(20261124)
    # Hash once: fifty slow password hashes would make seeding take seconds for nothing.
    password_hash = make_password(DEMO_PASSWORD)
    today = timezone.localdate()

    region, _ = Region.objects.get_or_create(slug="midden-nederland", defaults={"name": "Midden-Nederland"})
    ctx["region"] = region

    classifications = seed_classifications()
    ctx["classifications"] = [c for c, _ in classifications]

    roles = seed_standard_roles()
    ctx["roles"] = roles

    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    # The demo member and the president get memorable names and logins.
    names = [("Sanne", "de Vries"), ("Pieter", "Bakker"), ("Marieke", "Jansen"), *names]
    used_names: set[tuple[str, str]] = set()
    name_iter = iter(names)

    def next_name() -> tuple[str, str]:
        for name in name_iter:
            if name not in used_names and (name[0], "") not in used_names:
                used_names.add(name)
                return name
        raise RuntimeError("out of demo names")

    region_admin_first, region_admin_last = "Marieke", "Jansen"
    used_names.add((region_admin_first, region_admin_last))

    ctx["chapters"] = []
    ctx["members"] = {}
    for chapter_index, spec in enumerate(CHAPTERS):
        spec = dict(spec)
        size = spec.pop("size")
        chapter, _ = Chapter.objects.get_or_create(slug=spec["slug"], defaults={**spec, "region": region})
        ctx["chapters"].append(chapter)
        pool = classifications[:]
        rng.shuffle(pool)
        members = []
        for index in range(size):
            if chapter_index == 0 and index == 0:
                first, last, email = "Sanne", "de Vries", DEMO_LOGINS["member"]
                classification = next(c for c in pool if c[0].name_nl == "Fotograaf")
            elif chapter_index == 0 and index == 1:
                first, last, email = "Pieter", "Bakker", DEMO_LOGINS["president"]
                classification = next(c for c in pool if c[0].name_nl == "Accountant")
            else:
                first, last = next_name()
                classification = next(c for c in pool if c not in [m[1] for m in members])
                email = None
            if chapter_index == 0 and index < 2:
                used_names.add((first, last))
            classification_obj, company_pattern = classification
            company = company_pattern.format(last=last.split()[-1])
            email = email or f"{first.lower().replace('-', '')}@{_email_domain(company)}"
            user, _ = User.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "company": company,
                    "phone": f"06-{rng.randint(10000000, 99999999)}",
                    "website": f"https://www.{_email_domain(company)}",
                    "service_area": spec["city"]
                    + " "
                    + ("en omgeving" if rng.random() < 0.7 else "en heel Nederland"),
                    "password": password_hash,
                },
            )
            starts_on = today - datetime.timedelta(days=rng.randint(60, 3 * 365))
            if (starts_on.month, starts_on.day) == (2, 29):
                starts_on -= datetime.timedelta(days=1)  # its anniversary must exist in every year
            # Terms run a year; the current one started at the last anniversary.
            anniversary = in_year(starts_on, today.year)
            if anniversary > today:
                anniversary = in_year(starts_on, today.year - 1)
            Membership.objects.get_or_create(
                user=user,
                chapter=chapter,
                status=Membership.Status.ACTIVE,
                defaults={
                    "classification": classification_obj,
                    "starts_on": anniversary,
                    "renewal_due_on": in_year(anniversary, anniversary.year + 1),
                },
            )
            members.append((user, classification))
        ctx["members"][chapter.slug] = [user for user, _ in members]

        if chapter_index == 0:
            leadership = LEADERSHIP
        else:
            leadership = [
                ("president", 0),
                ("vice_president", 1),
                ("secretary_treasurer", 2),
                ("visitor_host", 3),
            ]
        # Leadership terms follow the calendar year.
        term_start, term_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
        for code, member_index in leadership:
            RoleAssignment.objects.get_or_create(
                chapter=chapter,
                role=roles[code],
                user=members[member_index][0],
                defaults={"starts_on": term_start, "ends_on": term_end},
            )

    region_admin, _ = User.objects.get_or_create(
        email=DEMO_LOGINS["region_admin"],
        defaults={
            "first_name": region_admin_first,
            "last_name": region_admin_last,
            "company": "Kring Midden-Nederland",
            "password": password_hash,
        },
    )
    RegionAdmin.objects.get_or_create(
        region=region, user=region_admin, defaults={"starts_on": today.replace(day=1)}
    )
