"""Load benchmark: the hot pages against the bare-Django ceiling and a minimal reference page.

    .venv/bin/python bench/run.py [--data-dir /work/bench-data] [--workers 4] [--seconds 60]

Needs the large dataset first (docs/performance.md):
    KRING_DATA_DIR=/work/bench-data .venv/bin/python manage.py migrate
    KRING_DATA_DIR=/work/bench-data .venv/bin/python manage.py generate_large_dataset

One run: installs wrk (apt-get) if missing, starts the embedded PostgreSQL of the dataset, starts
two gunicorns on production settings (DEBUG off, the two reference views switched on): a warm one,
and a cold one with the fragment and login caches off (what the first request after a write costs).
It logs a member and a president in, then drives each page on each server with wrk (50
connections) in --slices slices, each after a slice of the reference page on the same server, so
"vs reference" compares two pages measured in the same minutes; then once with a single user after
gunicorn has drained the backlog wrk left (otherwise a run inherits the previous run's queue). It
prints requests/s, p50/p95/p99 and the ratios to the ceiling and to the paired reference page; the
figures are written into docs/performance.md between the "bench results" markers.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LUA = ROOT / "bench" / "wrk_page.lua"
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench results: start -->", "<!-- bench results: end -->"
CSRF = "benchcsrftoken0123456789abcdefgh"  # a CSRF secret of 32 characters: cookie and form field


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default="/work/bench-data")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--threads", type=int, default=1, help="gunicorn threads per worker (1: sync workers)"
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60, help="load per page")
    parser.add_argument("--single-user-seconds", type=int, default=5)
    parser.add_argument(
        "--slices", type=int, default=4, help="load slices per page, each after one of the reference page"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
    parser.add_argument(
        "--only", default="", help="measure only pages whose name contains this (and the references)"
    )
    args = parser.parse_args()

    ensure_wrk()
    env = production_env(Path(args.data_dir))
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=os.environ,
        check=True,
    )
    pages, counts = prepare_pages()
    servers = {
        "warm": start_gunicorn(args, os.environ.copy(), args.port),
        # Cold: no fragment or login cache, every request rebuilds what it shows, as the first
        # request after a write does (during a meeting, most of them).
        "cold": start_gunicorn(args, {**os.environ, "FRAGMENT_CACHE_SECONDS": "0"}, args.port + 1),
    }
    try:
        idle = idle_latency(args.port)
        results = {}
        for name, page in pages.items():
            if args.only and args.only not in name and name not in ("ceiling", "reference page"):
                continue
            if page is None:
                results[name] = None
                continue
            for mode in ("warm", "cold") if name not in ("ceiling", "reference page") else ("warm",):
                port = args.port + (mode == "cold")
                label = name if name in ("ceiling", "reference page") else f"{name}, {mode}"
                results[label] = measure(args, page, pages["reference page"], port, idle)
                print(f"  {name} ({mode}): {results_line(list(results.values())[-1])}")
    finally:
        for server in servers.values():
            server.send_signal(signal.SIGTERM)
        for server in servers.values():
            server.wait(timeout=30)
    report = render_report(args, results, counts)
    print("\n" + report)
    if not args.no_doc:
        write_doc(report)


def measure(args, page: dict, reference: dict, port: int, idle: float) -> dict:
    """The page under load in slices interleaved with the reference page (same server, same minute),
    then a single user after the backlog has drained."""
    drain(port, idle)
    run_wrk(args, page, seconds=3, connections=args.connections, port=port)  # warm-up
    slices = max(1, args.slices)
    loaded, paired = [], []
    for _ in range(slices):
        drain(port, idle)
        paired.append(
            run_wrk(args, reference, seconds=args.seconds / slices, connections=args.connections, port=port)
        )
        drain(port, idle)
        loaded.append(
            run_wrk(args, page, seconds=args.seconds / slices, connections=args.connections, port=port)
        )
    drain(port, idle)
    single = run_wrk(args, page, seconds=args.single_user_seconds, connections=1, port=port)
    return {"load": _combined(loaded), "reference": _combined(paired), "single": single}


def _combined(runs: list[dict]) -> dict:
    seconds = sum(run["seconds"] for run in runs)
    return {
        "rps": sum(run["requests"] for run in runs) / seconds,
        "seconds": seconds,
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        **{key: statistics.median(run[key] for run in runs) for key in ("p50", "p95", "p99")},
    }


def results_line(result: dict) -> str:
    load = result["load"]
    return (
        f"{load['rps']:.0f} req/s ({load['rps'] / result['reference']['rps']:.0%} of the reference page), "
        f"p50 {load['p50']:.1f} ms, single user p50 {result['single']['p50']:.1f} ms, errors {load['errors']}"
    )


def idle_latency(port: int) -> float:
    """The ceiling page's median latency with nothing else running, in seconds."""
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/ceiling/", timeout=10).read()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def drain(port: int, idle: float, limit: float = 60.0) -> None:
    """Wait until gunicorn has worked off the backlog wrk left (it answers queued requests of closed
    connections first): five ceiling requests in a row as fast as when idle. Otherwise a page's run
    inherits the previous page's queue and a single user waits behind 50 connections."""
    deadline, fast = time.monotonic() + limit, 0
    while fast < 5 and time.monotonic() < deadline:
        started = time.perf_counter()
        urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/ceiling/", timeout=30).read()
        fast = fast + 1 if time.perf_counter() - started < max(2 * idle, idle + 0.005) else 0


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("Installing wrk (apt-get) ...")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)


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
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from chapters.models import Attendance, Chapter, Meeting
    from members.models import User
    from referrals.models import OneToOne, Referral, ThankYou
    from seeds.large_dataset import member_email, president_email

    remove_bench_referrals()
    chapter = Chapter.objects.get(memberships__user__email=member_email(1), memberships__status="active")
    member, president = _session_cookie(member_email(1)), _session_cookie(president_email(1))
    # The slips are logged in chapter 2, so the chapter 1 pages (board, home) keep a normal week.
    writer = _session_cookie(member_email(2))
    receiver = (
        User.objects.filter(
            memberships__chapter__memberships__user__email=member_email(2), memberships__status="active"
        )
        .exclude(email=member_email(2))
        .values_list("pk", flat=True)
        .first()
    )
    meeting = chapter.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    referral_body = (
        f"csrfmiddlewaretoken={CSRF}&idempotency_key={{uuid}}&receiver={receiver}&own_business=on"
        f"&need={BENCH_NEED.replace(' ', '+')}&consent=none&recommendation=introduce&temperature=3"
    )
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
    counts = {
        "chapters": Chapter.objects.count(),
        "active members": User.objects.filter(memberships__status="active").count(),
        "users (with history)": User.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendance rows": Attendance.objects.count(),
        "referrals": Referral.objects.count(),
        "thank-yous": ThankYou.objects.count(),
        "one-to-ones": OneToOne.objects.count(),
    }
    return pages, counts


BENCH_NEED = "Zoekt een nieuwe website (benchmark)"


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


def start_gunicorn(args, env: dict, port: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    if args.threads > 1:
        command += ["--threads", str(args.threads)]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run_wrk(args, page: dict, *, seconds: float, connections: int, port: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {
            **os.environ,
            "BENCH_METHOD": page.get("method", "GET"),
            "BENCH_PATH": page["path"],
            "BENCH_COOKIE": page["cookie"],
            "BENCH_BODY": page.get("body", ""),
            "BENCH_HTMX": "1" if page.get("htmx") else "0",
            "BENCH_OUT": out.name,
        }
        subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                str(LUA),
                f"http://127.0.0.1:{port}",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        raw = json.loads(Path(out.name).read_text())
    errors = sum(value for key, value in raw.items() if key.startswith("errors_"))
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50": raw["p50_us"] / 1000,
        "p95": raw["p95_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "requests": raw["requests"],
        "seconds": raw["duration_us"] / 1e6,
        "errors": errors,
    }


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    except OSError:
        memory = 0
    return f"{os.cpu_count()} cores ({cpu}), {memory} GB RAM, {platform.system()} {platform.release()}"


def render_report(args, results: dict, counts: dict) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    ceiling = results["ceiling"]["load"]["rps"]
    lines = [
        f"Run of {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}: {_machine()}; PostgreSQL {postgres} on the same machine; "
        f"gunicorn {args.workers} sync workers{f' × {args.threads} threads' if args.threads > 1 else ''}, "
        f"DEBUG off; wrk 2 threads, {args.connections} connections, {args.seconds} s per page "
        f"(single user: 1 connection, {args.single_user_seconds} s).",
        "",
        "Dataset: " + ", ".join(f"{count:,} {name}" for name, count in counts.items()) + ".",
        "",
        "Each page's load runs in slices, each after a slice of the reference page on the same server; "
        "'vs reference' compares those slices only. Single-user figures are taken after the backlog "
        "drained. Cold: the fragment and login caches off, as for the first request after a write.",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors | vs ceiling | vs reference (paired) "
        "| single user p50 / p95 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result in results.items():
        if result is None:
            lines.append(f"| {name} | not measured: no such URL yet | | | | | | | |")
            continue
        load, single = result["load"], result["single"]
        lines.append(
            f"| {name} | {load['rps']:.0f} | {load['p50']:.1f} | {load['p95']:.1f} | {load['p99']:.1f} | "
            f"{load['errors']} | {load['rps'] / ceiling:.1%} | {load['rps'] / result['reference']['rps']:.0%} | "
            f"{single['p50']:.1f} / {single['p95']:.1f} |"
        )
    measured = [r["load"]["errors"] for r in results.values() if r]
    lines += [
        "",
        f"Errors in all runs together: {sum(measured)} (median per page {statistics.median(measured)}).",
    ]
    return "\n".join(lines)


def write_doc(report: str) -> None:
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    DOC.write_text(f"{before}{START}\n{report}\n{END}{after}")
    print(f"Written to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
