"""The processes the load benchmark drives: gunicorn on production settings, and wrk against it.

`drain` and `idle_latency` read the ceiling page, so that a run starts only after gunicorn has worked
off the backlog the previous run left.
"""

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "wrk_page.lua"


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("Installing wrk (apt-get) ...")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)


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
