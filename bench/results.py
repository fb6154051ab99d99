"""The load benchmark's report: a line per page while it runs, the table at the end, and the table
written into docs/performance.md between the "bench results" markers."""

import datetime
import os
import platform
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench results: start -->", "<!-- bench results: end -->"


def results_line(result: dict) -> str:
    load = result["load"]
    return (
        f"{load['rps']:.0f} req/s ({load['rps'] / result['reference']['rps']:.0%} of the reference page), "
        f"p50 {load['p50']:.1f} ms, single user p50 {result['single']['p50']:.1f} ms, errors {load['errors']}"
    )


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
