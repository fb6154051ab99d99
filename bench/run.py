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
import os
import signal
import statistics
import subprocess
import sys
from pathlib import Path

from dataset import prepare_pages, production_env
from processes import drain, ensure_wrk, idle_latency, run_wrk, start_gunicorn
from results import render_report, results_line, write_doc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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
        results = measure_pages(args, pages)
    finally:
        for server in servers.values():
            server.send_signal(signal.SIGTERM)
        for server in servers.values():
            server.wait(timeout=30)
    report = render_report(args, results, counts)
    print("\n" + report)
    if not args.no_doc:
        write_doc(report)


def measure_pages(args, pages: dict) -> dict:
    """Every page (with --only, those named) on the warm and the cold server; the references warm."""
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
    return results


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


if __name__ == "__main__":
    main()
