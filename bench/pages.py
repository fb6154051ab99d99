"""Single-user timings of every main page on the large dataset: median, p95, queries, SQL time.

    .venv/bin/python bench/pages.py [--data-dir /work/bench-data] [--repeat 20] [--sql PATTERN]

Uses the Django test client in-process against the dataset's database (production settings: DEBUG
off), so the figures are the server's own cost without HTTP. `--sql home` prints the queries of the
pages whose name contains "home", with their time, for EXPLAIN work. Writes nothing.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setup_django(data_dir: Path, **env: str) -> None:
    """Django in this process against the dataset, with the load benchmark's settings (and `env`)."""
    from dataset import production_env  # bench/dataset.py: the same settings as the load benchmark

    os.environ.update(production_env(data_dir))
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default="/work/bench-data")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sql", default="", help="print the queries of pages whose name contains this")
    parser.add_argument("--only", default="", help="time only pages whose name contains this")
    args = parser.parse_args()

    setup_django(Path(args.data_dir))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for name, path, visit in page_visits(args.only):
        visit()  # warm: templates compiled, caches filled as after the first visitor
        times, sql_ms = [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                visit()
                times.append((time.perf_counter() - started) * 1000)
            sql_ms.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        rows.append((name, statistics.median(times), p95, len(queries), statistics.median(sql_ms)))
        if args.sql and args.sql in name:
            print(f"\n== {name} {path}")
            for query in queries.captured_queries:
                print(f"-- {float(query['time']) * 1000:.1f} ms\n{query['sql'][:1500]}")
    print(f"\n{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'SQL ms':>8}")
    for name, p50, p95, count, sql in rows:
        print(f"{name:32} {p50:8.1f} {p95:8.1f} {count:8d} {sql:8.1f}")


def page_visits(only: str = ""):
    """(name, path, visit) for each page whose name contains `only`. visit() asks for the page as its
    user (a GET, or a POST of its form) and stops the bench if the page does not answer as it should."""
    from django.test import Client

    for name, who, path, *post in page_list():
        if only and only not in name:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(who)

        def visit(client=client, name=name, path=path, post=post):
            response = client.post(path, post[0]()) if post else client.get(path)
            if response.status_code != (302 if post else 200):
                raise SystemExit(f"{name}: {path} answered {response.status_code}")
            return response

        yield name, path, visit


def page_list() -> list[tuple[str, object, str]]:
    from dataset import remove_bench_referrals
    from django.urls import reverse
    from django.utils import timezone

    from chapters.models import Chapter
    from members.models import User
    from seeds.large_dataset.plans import member_email, president_email

    remove_bench_referrals()
    member = User.objects.get(email=member_email(1))
    writer = User.objects.get(email=member_email(2))  # logs slips in chapter 2: chapter 1 stays as generated
    president = User.objects.get(email=president_email(1))
    chapter = Chapter.objects.get(memberships__user=member, memberships__status="active")
    region_admin = User.objects.filter(region_admin_roles__region=chapter.region_id).first()
    meeting = chapter.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    c, m = [chapter.slug], [chapter.slug, meeting.pk]
    pages = [
        ("reference page", member, "/bench/reference/"),
        ("member home", member, reverse("home")),
        ("log referral (POST)", writer, reverse("referral_create"), referral_form(writer)),
        ("referrals received", member, reverse("referral_list")),
        ("referrals given", member, reverse("referral_list") + "?tab=given"),
        ("log referral (form)", member, reverse("referral_create")),
        ("my numbers", member, reverse("referral_numbers")),
        ("thank-yous", member, reverse("thank_you_list")),
        ("one-to-ones", member, reverse("one_to_one_list")),
        ("notices", member, reverse("notice_list")),
        ("my absences", member, reverse("my_absences")),
        ("my score", member, reverse("my_score")),
        ("directory", member, reverse("directory", args=c)),
        ("directory search", member, reverse("directory", args=c) + "?q=foto"),
        ("directory search, region", region_admin, reverse("directory", args=c) + "?q=foto&region=on"),
        ("meetings", member, reverse("meeting_list", args=c)),
        ("meeting detail", member, reverse("meeting_detail", args=m)),
        ("chapter board", president, reverse("chapter_board", args=c)),
        ("meeting runner", president, reverse("meeting_runner", args=m)),
        ("check-in", president, reverse("meeting_check_in", args=m)),
        ("attendance overview", president, reverse("attendance_overview", args=c)),
        ("visitors", president, reverse("visitor_list", args=c)),
        ("rotas", president, reverse("rota_list", args=c)),
        ("members admin", president, reverse("members_admin", args=c)),
        ("renewals", president, reverse("renewals", args=c)),
        ("contacts", president, reverse("contact_list", args=c)),
        ("PALMS report (6 months)", president, reverse("report_palms", args=c)),
        ("chapter overview report", president, reverse("report_overview", args=c)),
        ("chapter traffic light", president, reverse("report_chapter_light", args=c)),
        ("give/take network", president, reverse("report_network", args=c)),
        ("member scores", president, reverse("report_scores", args=c)),
    ]
    return pages


def referral_form(member):
    """Builds an own-business referral to a chapter mate, each with a fresh idempotency key."""
    import uuid

    from dataset import BENCH_NEED

    from members.models import Membership

    chapter_id = Membership.objects.get(user=member, status="active").chapter_id
    receivers = Membership.objects.filter(chapter_id=chapter_id, status="active").exclude(user=member)
    receiver_id = receivers.values_list("user_id", flat=True).first()
    return lambda: {
        "idempotency_key": str(uuid.uuid4()),
        "receiver": receiver_id,
        "own_business": "on",
        "need": BENCH_NEED,
        "consent": "none",
        "recommendation": "introduce",
        "temperature": "3",
    }


if __name__ == "__main__":
    main()
