"""Time the directory search on 4,000 members. Run: .venv/bin/python bench/directory_search.py

Creates a scratch database (like the tests do), fills a region with 100 chapters of 40 members
and drops the database again, so your data is never touched. Prints the median and worst time per query and whether
PostgreSQL uses the GIN index.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from chapters.models import Chapter, Region  # noqa: E402
from members.models import Classification, ClassificationCategory, Membership, User  # noqa: E402
from members.selectors.directory import directory_search  # noqa: E402

WORDS = [
    "fotografie",
    "accountancy",
    "installatie",
    "warmtepomp",
    "webshop",
    "makelaardij",
    "verzekering",
    "catering",
    "recruitment",
    "fysiotherapie",
    "ict",
    "coaching",
    "drukwerk",
    "notaris",
    "advocaat",
    "hovenier",
    "schilder",
    "tandarts",
    "bakkerij",
    "zorg",
    "ziekenhuis",
    "gemeente",
    "rotary",
    "ondernemersvereniging",
    "golf",
    "tennis",
    "zeilen",
    "hardlopen",
    "onderwijs",
    "energie",
]
QUERIES = [
    ("fotograf", ""),
    ("warmtepomp", ""),
    ("jansen", ""),
    ("accountants", ""),
    ("", "ziekenhuis"),
    ("zorg ict", ""),
]


class Rollback(Exception):
    pass


def _uses_gin_index(queries: CaptureQueriesContext) -> bool:
    """Replays each statement of a search under EXPLAIN, with the settings it ran with."""
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if sql.startswith("SET LOCAL") or "SAVEPOINT" in sql:
                cursor.execute(sql)
            elif sql.startswith("SELECT") and "@@" in sql:
                cursor.execute("EXPLAIN " + sql)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
                if os.environ.get("SHOW_PLAN"):
                    print(plans[-1])
    return bool(plans) and all("_fts" in plan for plan in plans)


def main() -> None:
    rng = random.Random(1)
    try:
        with transaction.atomic():
            region = Region.objects.create(name="Bench", slug="bench-region")
            category = ClassificationCategory.objects.create(name_nl="Bench", name_en="Bench")
            classifications = Classification.objects.bulk_create(
                Classification(category=category, name_nl=f"Bench beroep {n}", name_en=f"Bench job {n}")
                for n in range(40)
            )
            chapters = Chapter.objects.bulk_create(
                Chapter(region=region, name=f"Bench {n}", slug=f"bench-{n}", city="Utrecht")
                for n in range(100)
            )

            filler = [f"woord{n}" for n in range(5000)]

            def text(n: int) -> str:
                # Mostly filler; the words we search for turn up in a few percent of the profiles.
                words = [rng.choice(filler) for _ in range(n)]
                if rng.random() < 0.05:
                    words[rng.randrange(n)] = rng.choice(WORDS)
                return " ".join(words)

            users = User.objects.bulk_create(
                User(
                    email=f"bench{n}@example.nl",
                    first_name=rng.choice(["Anna", "Bram", "Sanne", "Pieter", "Fatima", "Mehmet"]),
                    last_name=rng.choice(["Jansen", "de Vries", "Bakker", "Visser", "Smit"]) + str(n),
                    company=f"{rng.choice(WORDS).title()} {n} BV",
                    bio=text(40),
                    gains_goals=text(20),
                    gains_accomplishments=text(20),
                    gains_interests=text(10),
                    gains_networks=text(15),
                    gains_skills=text(15),
                    offer=text(30),
                    ideal_referral=text(20),
                    password="!",
                )
                for n in range(4000)
            )
            today = timezone.localdate()
            Membership.objects.bulk_create(
                Membership(
                    user=user,
                    chapter=chapters[n // 40],
                    classification=classifications[n % 40],
                    starts_on=today,
                    renewal_due_on=today.replace(year=today.year + 1),
                )
                for n, user in enumerate(users)
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE members_user; ANALYZE members_membership")
            all_chapters = list(region.chapters.all())
            print(
                f"{User.objects.filter(email__startswith='bench').count()} members in {len(all_chapters)} chapters"
            )
            for text_query, knows in QUERIES:
                timings, count = [], 0
                for _ in range(5):
                    started = time.perf_counter()
                    results = directory_search(chapters=all_chapters, text=text_query, knows=knows)
                    count = results.count()
                    list(results[:24])
                    timings.append((time.perf_counter() - started) * 1000)
                print(
                    f"q={text_query!r:14} knows={knows!r:12} {count:5} hits  "
                    f"median {statistics.median(timings):6.1f} ms  worst {max(timings):6.1f} ms"
                )
            for label, text_query, knows in (
                ("search", "warmtepomp", ""),
                ("who knows whom", "", "ziekenhuis"),
            ):
                with CaptureQueriesContext(connection) as queries:
                    list(directory_search(chapters=all_chapters, text=text_query, knows=knows)[:24])
                print(f"{label}: GIN index used: {_uses_gin_index(queries)}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_kring_directory"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        main()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
