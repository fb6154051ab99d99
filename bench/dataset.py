"""The large dataset as the load benchmark (and bench/pages.py) sees it: production settings against
its database, the pages to drive with the logins they need, and no slips of earlier runs."""

import os
from pathlib import Path

CSRF = "benchcsrftoken0123456789abcdefgh"  # a CSRF secret of 32 characters: cookie and form field
BENCH_NEED = "Zoekt een nieuwe website (benchmark)"


def production_env(data_dir: Path) -> dict:
    from config.embedded_postgres import embedded_database_url

    if "DATABASE_URL" in os.environ:
        database_url = os.environ["DATABASE_URL"]
    else:
        # This process keeps the dataset's embedded server up while gunicorn's workers use it.
        database_url = embedded_database_url(data_dir)
    return {
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "BEHIND_PROXY": "false",
        "KRING_BENCH_VIEWS": "true",
        "KRING_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        **shared_cache_env(),
    }


def shared_cache_env() -> dict:
    """CACHE_URL of the machine's Redis, as production runs it (sessions, fragments); none if absent."""
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            if connection.recv(16).startswith(b"+PONG"):
                return {"CACHE_URL": "redis://127.0.0.1:6379/3"}
    except OSError:
        pass
    print("No Redis on 127.0.0.1:6379: running without a shared cache (no fragment caching).")
    return {}


def _session_cookie(email: str) -> str:
    from django.test import Client

    from members.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"


def prepare_pages() -> tuple[dict, dict]:
    """The pages to drive (None: no such URL yet) and the dataset's row counts for the report."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from chapters.models import Chapter
    from seeds.large_dataset.plans import member_email, president_email

    remove_bench_referrals()
    chapter = Chapter.objects.get(memberships__user__email=member_email(1), memberships__status="active")
    member, president = _session_cookie(member_email(1)), _session_cookie(president_email(1))
    # The slips are logged in chapter 2, so the chapter 1 pages (board, home) keep a normal week.
    writer = _session_cookie(member_email(2))
    referral_body = _referral_body(member_email(2))
    meeting = chapter.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    pages = {
        "ceiling": {"path": "/bench/ceiling/", "cookie": ""},  # anonymous: no session lookup
        "reference page": {"path": "/bench/reference/", "cookie": member},
        "member home": {"path": "/", "cookie": member},
        "log referral (POST)": {
            "path": "/referrals/new/",
            "cookie": writer,
            "method": "POST",
            "body": referral_body,
        },
        "chapter board": {"path": f"/c/{chapter.slug}/board/", "cookie": president},
        "directory search": {"path": f"/c/{chapter.slug}/directory/?q=foto", "cookie": member},
        "meeting runner step (POST)": {
            "path": f"/c/{chapter.slug}/meetings/{meeting.pk}/run/step/",
            "cookie": president,
            "method": "POST",
            # A stale version: the step is refused and the stage re-rendered, as for a double tap.
            "body": f"csrfmiddlewaretoken={CSRF}&action=next&version=-1",
            "htmx": True,
        },
    }
    for name, url_name in (("PALMS report", "report_palms"), ("member scores", "report_scores")):
        try:
            pages[name] = {"path": reverse(url_name, args=[chapter.slug]), "cookie": president}
        except NoReverseMatch:
            pages[name] = None
    return pages, _dataset_counts()


def _referral_body(writer_email: str) -> str:
    """The form a member posts to log a slip to another member of the writer's chapter."""
    from members.models import User

    receiver = (
        User.objects.filter(
            memberships__chapter__memberships__user__email=writer_email, memberships__status="active"
        )
        .exclude(email=writer_email)
        .values_list("pk", flat=True)
        .first()
    )
    return (
        f"csrfmiddlewaretoken={CSRF}&idempotency_key={{uuid}}&receiver={receiver}&own_business=on"
        f"&need={BENCH_NEED.replace(' ', '+')}&consent=none&recommendation=introduce&temperature=3"
    )


def _dataset_counts() -> dict:
    from chapters.models import Attendance, Chapter, Meeting
    from members.models import User
    from referrals.models import OneToOne, Referral, ThankYou

    return {
        "chapters": Chapter.objects.count(),
        "active members": User.objects.filter(memberships__status="active").count(),
        "users (with history)": User.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendance rows": Attendance.objects.count(),
        "referrals": Referral.objects.count(),
        "thank-yous": ThankYou.objects.count(),
        "one-to-ones": OneToOne.objects.count(),
    }


def remove_bench_referrals() -> None:
    """The slips earlier runs logged, their notices and their rollup cells: every run starts from
    the generated data."""
    from django.urls import reverse

    from chapters.models import Chapter
    from chapters.reports.rollups import figures_rebuild
    from referrals.models import Notice, Referral

    slips = Referral.objects.filter(need=BENCH_NEED)
    chapter_ids = set(slips.values_list("giver_chapter_id", flat=True).distinct())
    urls = [reverse("referral_detail", kwargs={"pk": pk}) for pk in slips.values_list("pk", flat=True)]
    Notice.objects.filter(url__in=urls).delete()
    removed, _ = slips.delete()  # the rollup cells are rebuilt below, not given deltas
    for chapter in Chapter.objects.filter(pk__in=chapter_ids):
        figures_rebuild(chapter)
    if removed:
        print(f"Removed {removed} referrals of earlier benchmark runs; rebuilt their chapters' figures.")
