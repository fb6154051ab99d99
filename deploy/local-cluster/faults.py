"""The fault drills and the throughput runs of drills.py (bounded wrk runs against HAProxy only)."""

import contextlib
import json
import os
import subprocess
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import cluster
from drill_kit import NEED, Browser, cast, check, sql

LUA = cluster.ROOT / "bench" / "wrk_page.lua"
SECONDS, EVENT_AT, CONNECTIONS = 16, 5, 16


def session_cookie(browser: Browser) -> str:
    return f"sessionid={browser.cookie('sessionid')}; csrftoken={browser.cookie('csrftoken')}"


def wrk(path: str, cookie: str, seconds: int, *, method: str = "GET", body: str = "") -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        env = {
            **os.environ,
            "BENCH_PATH": path,
            "BENCH_COOKIE": cookie,
            "BENCH_METHOD": method,
            "BENCH_BODY": body,
            "BENCH_OUT": out.name,
        }
        subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "20s",
                "-s",
                str(LUA),
                f"http://{cluster.HOST}:{cluster.BALANCER}",
            ],
            env=env,
            capture_output=True,
            check=True,
        )
        result = json.loads(Path(out.name).read_text())
    result["failed"] = sum(result[k] for k in result if k.startswith("errors_"))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


class SlipPoster:
    """Two threads logging slips with fresh idempotency keys; what was acknowledged, and when not."""

    def __init__(self, browser: Browser, receiver: str):
        self.browser, self.receiver, self.tag = browser, receiver, f"{NEED} {uuid.uuid4().hex[:8]}"
        self.acked, self.failed, self.sent, self.stop = 0, [], 0, threading.Event()
        self.lock, self.friendly = threading.Lock(), True

    def run(self, started: float) -> None:
        while not self.stop.is_set():
            body = {
                "idempotency_key": str(uuid.uuid4()),
                "receiver": self.receiver,
                "own_business": "on",
                "need": self.tag,
                "consent": "none",
                "recommendation": "introduce",
                "temperature": "3",
            }
            status, page = self.browser.request("/referrals/new/", body)
            with self.lock:
                self.sent += 1
                if status == 302:
                    self.acked += 1
                else:
                    self.failed.append((round(time.monotonic() - started, 1), status))
                    self.friendly = self.friendly and "Kring is even niet bereikbaar" in page

    def stored(self) -> int:
        return int(sql(f"SELECT count(*) FROM referrals_referral WHERE need = '{self.tag}'"))


def haproxy_retries() -> tuple[int, int]:
    """The balancer's retries and redispatches to another node so far (its stats page, CSV)."""
    with urllib.request.urlopen(f"http://{cluster.HOST}:{cluster.STATS}/;csv", timeout=2) as response:
        for line in response.read().decode().splitlines():
            cells = line.split(",")
            if cells[:2] == ["nodes", "BACKEND"]:
                return int(cells[15] or 0), int(cells[16] or 0)
    return 0, 0


def _sample_lag(lags: list, until: float) -> None:
    while time.monotonic() < until:
        # The replica is stopped in one drill.
        with contextlib.suppress(subprocess.CalledProcessError, ValueError):
            lags.append(float(cluster.replay_lag_ms()))
        time.sleep(0.5)


def under_load(label: str, path: str, cookie: str, poster: SlipPoster, event, recover) -> None:
    retries_before = haproxy_retries()
    started = time.monotonic()
    threads = [threading.Thread(target=poster.run, args=(started,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    result = {}
    load = threading.Thread(target=lambda: result.update(wrk(path, cookie, SECONDS)))
    load.start()
    lags = []
    sampler = threading.Thread(target=_sample_lag, args=(lags, started + SECONDS))
    sampler.start()
    time.sleep(EVENT_AT)
    event_started = time.monotonic()
    event()
    event_seconds = time.monotonic() - event_started
    load.join()
    sampler.join()
    poster.stop.set()
    for thread in threads:
        thread.join()
    retried = [after - before for after, before in zip(haproxy_retries(), retries_before, strict=True)]
    recover()
    statuses = sorted({status for _, status in poster.failed})
    window = f"{poster.failed[0][0]}-{poster.failed[-1][0]} s" if poster.failed else "none"
    stored = poster.stored()
    print(f"{label} (at {EVENT_AT} s, took {event_seconds:.1f} s; {SECONDS} s of load):")
    print(
        f"  GET {path}: {result['requests']} requests, {result['failed']} failed"
        f" (non-2xx/3xx {result['errors_status']}, socket {result['failed'] - result['errors_status']})"
    )
    print(
        f"  slips: {poster.sent} posted, {poster.acked} acknowledged, {stored} stored,"
        f" {len(poster.failed)} failed {statuses} during {window}"
        f"{' (the friendly 503 page)' if poster.failed and poster.friendly else ''}"
    )
    print(
        f"  replica replay lag (pg_stat_replication) sampled every 0.5 s: max {max(lags, default=0):.1f} ms,"
        f" median {sorted(lags)[len(lags) // 2] if lags else 0:.1f} ms over {len(lags)} samples"
    )
    print(f"  balancer: {retried[0]} retried, {retried[1]} redispatched to another node")
    check(f"{label}: no acknowledged slip lost", stored >= poster.acked)


def faults() -> None:
    people = cast()
    president, member = Browser().login(people["president"]), Browser().login(people["member"])
    receiver = sql(f"SELECT id FROM members_user WHERE email = '{people['president']}'")
    home, palms = "/", f"/c/{people['slug']}/reports/"
    under_load(
        "kill node2",
        home,
        session_cookie(member),
        SlipPoster(member, receiver),
        lambda: cluster.stop("node2", hard=True),
        lambda: _restart_node("node2"),
    )
    replica = cluster.RUN / "pg-replica"
    under_load(
        "stop the replica",
        palms,
        session_cookie(president),
        SlipPoster(member, receiver),
        lambda: cluster.pg_ctl(replica, "stop", "-m", "fast"),
        lambda: cluster.pg_ctl(replica, "start"),
    )
    under_load(
        "restart the primary",
        home,
        session_cookie(member),
        SlipPoster(member, receiver),
        lambda: cluster.pg_ctl(cluster.RUN / "pg-primary", "restart", "-m", "fast"),
        lambda: None,
    )
    time.sleep(2)
    print(f"replica lag after the drills: {cluster.replica_lag()} s")


def _restart_node(name: str, *, pooler: bool = True) -> None:
    cluster.stop(name)
    cluster.start_node(name, pooler=pooler)
    cluster.wait_http(cluster.NODES[name])


def _cpu_seconds(names) -> float:
    """User + system CPU of the nodes' gunicorn processes (masters and workers) so far."""
    ticks = 0
    for name in names:
        pid = cluster._pids()[name]
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        for process in [pid, *map(int, children)]:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def throughput(seconds: int = 6) -> None:
    people = cast()
    president, member = Browser().login(people["president"]), Browser().login(people["member"])
    receiver = sql(f"SELECT id FROM members_user WHERE email = '{people['president']}'")
    slip = (
        f"csrfmiddlewaretoken={member.cookie('csrftoken')}&idempotency_key={{uuid}}&receiver={receiver}"
        f"&own_business=on&need={NEED.replace(' ', '+')}&consent=none&recommendation=introduce&temperature=3"
    )
    pages = {
        "reference page": ("/bench/reference/", session_cookie(member), "GET", ""),
        "member home": ("/", session_cookie(member), "GET", ""),
        "log referral (POST)": ("/referrals/new/", session_cookie(member), "POST", slip),
        "PALMS report": (f"/c/{people['slug']}/reports/", session_cookie(president), "GET", ""),
    }
    rows = []
    for pooler in (True, False):
        for nodes in (["node1", "node2", "node3"], ["node1"]):
            for name in cluster.NODES:
                if name in nodes:
                    _restart_node(name, pooler=pooler)
                else:
                    cluster.stop(name)
            time.sleep(3)  # HAProxy marks the stopped nodes down
            config = (
                f"{len(nodes)} node{'s' if len(nodes) > 1 else ''}, {'PgBouncer' if pooler else 'direct'}"
            )
            reference = None
            for page, (path, cookie, method, body) in pages.items():
                cpu = _cpu_seconds(nodes)
                result = wrk(path, cookie, seconds, method=method, body=body)
                cpu_ms = (_cpu_seconds(nodes) - cpu) * 1000 / max(result["requests"], 1)
                reference = reference or result["rps"]
                rows.append(
                    (
                        config,
                        page,
                        result["rps"],
                        result["rps"] / reference,
                        result["p50_us"] / 1000,
                        cpu_ms,
                        result["failed"],
                    )
                )
                print(
                    f"| {config} | {page} | {result['rps']:.0f} | {result['rps'] / reference:.2f} |"
                    f" {result['p50_us'] / 1000:.1f} | {cpu_ms:.1f} | {result['failed']} |",
                    flush=True,
                )
    for name in cluster.NODES:
        _restart_node(name)
    sql(f"DELETE FROM referrals_referral WHERE need = '{NEED}'")
