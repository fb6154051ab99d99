"""EXPLAIN ANALYZE every query of every main page on the large dataset; fail on big sequential scans.

    .venv/bin/python bench/explain.py [--data-dir /work/bench-data] [--only NAME] [--plans]
                                      [--time-ordered] [--slow-ms 20] [--big-rows 10000]

Loads each page of bench/pages.py's list once with the Django test client (same users, production
settings) while capturing its queries, then runs `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` on every
captured SELECT, twice (the faster run counts, so a cold buffer cache does not decide). Prints per
page the slowest queries and every "Seq Scan" of a table with more than --big-rows rows (pg_class
reltuples) with its filter, then a summary table. Exits 1 if a page scans a big table sequentially,
so it can be rerun as a check. `--plans` also prints the plan of each flagged query (a big seq scan,
or slower than --slow-ms).

`--time-ordered`: generate_large_dataset writes the rows chapter by chapter, member by member, so
the big tables are physically sorted by chapter and member. PostgreSQL sees that (pg_stats
correlation 1.0) and reads "all of the chapter's rows, filter on date" as cheap, which hides
missing indexes. In production rows arrive in time order. This option EXPLAINs against copies of
the big tables in that order, in the schema `time_ordered` of the same database (built on first use,
about a minute and 1 GB; rebuilt when the public tables' indexes or row counts change; drop it with
`DROP SCHEMA time_ordered CASCADE`). The pages themselves still run against the public tables.

Fragment caching is switched off, so every query a page can run is explained (what it costs when
its fragments are rebuilt after a write). EXPLAIN ANALYZE executes the queries; the pages are GET
requests and write nothing a first visit would not, except the list's POSTs (one referral a run).
"""

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TIME_ORDERED = "time_ordered"
# The big tables, each as production would have written it: by the day of the meeting or the moment
# of the slip.
TIME_ORDER = {
    "chapters_meeting": "SELECT * FROM public.chapters_meeting ORDER BY scheduled_on, chapter_id",
    "chapters_meetingagendaitem": (
        "SELECT item.* FROM public.chapters_meetingagendaitem item"
        " JOIN public.chapters_meeting meeting ON meeting.id = item.meeting_id"
        " ORDER BY meeting.scheduled_on, meeting.chapter_id, item.id"
    ),
    "chapters_attendance": (
        "SELECT attendance.* FROM public.chapters_attendance attendance"
        " JOIN public.chapters_meeting meeting ON meeting.id = attendance.meeting_id"
        " ORDER BY meeting.scheduled_on, meeting.chapter_id, attendance.member_id"
    ),
    "referrals_referral": "SELECT * FROM public.referrals_referral ORDER BY created_at",
    "referrals_thankyou": "SELECT * FROM public.referrals_thankyou ORDER BY created_at",
    "referrals_onetoone": "SELECT * FROM public.referrals_onetoone ORDER BY created_at",
}


@dataclass
class SeqScan:
    table: str
    rows_in_table: int
    rows_out: float
    loops: int
    filter: str


@dataclass
class ExplainedQuery:
    sql: str
    execution_ms: float
    planning_ms: float
    seq_scans: list[SeqScan]
    plan: dict


@dataclass
class PageResult:
    name: str
    path: str
    queries: list[ExplainedQuery] = field(default_factory=list)

    @property
    def big_seq_scans(self) -> list[tuple[ExplainedQuery, SeqScan]]:
        return [(query, scan) for query in self.queries for scan in query.seq_scans]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default="/work/bench-data")
    parser.add_argument("--only", default="", help="explain only pages whose name contains this")
    parser.add_argument("--big-rows", type=int, default=10_000, help="a table this size is big")
    parser.add_argument("--slow-ms", type=float, default=20.0, help="flag queries slower than this")
    parser.add_argument("--top", type=int, default=3, help="slowest queries shown per page")
    parser.add_argument("--plans", action="store_true", help="print the plans of flagged queries")
    parser.add_argument(
        "--time-ordered", action="store_true", help="EXPLAIN on copies of the big tables in time order"
    )
    args = parser.parse_args()

    from pages import page_visits, setup_django  # bench/pages.py: the same pages, users and settings

    # Every query a page can run, as when its cached fragments are rebuilt after a write.
    setup_django(Path(args.data_dir), FRAGMENT_CACHE_SECONDS="0")
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    if args.time_ordered:
        _ensure_time_ordered_copy(connection)
    table_rows = _table_rows(connection)
    results = []
    for name, path, visit in page_visits(args.only):
        with CaptureQueriesContext(connection) as captured:
            visit()
        page = PageResult(name, path)
        # In a transaction, so a page's `SET LOCAL` planner settings hold for the statements after them.
        with transaction.atomic(), connection.cursor() as cursor:
            if args.time_ordered:
                # Unqualified table names resolve to the time-ordered copies first, then to public.
                cursor.execute(f"SET search_path TO {TIME_ORDERED}, public")
            try:
                for query in captured.captured_queries:
                    if query["sql"].startswith("SET LOCAL"):  # e.g. the directory's index search
                        cursor.execute(query["sql"])
                    elif _is_select(query["sql"]):
                        page.queries.append(_explain(cursor, query["sql"], table_rows, args.big_rows))
            finally:
                cursor.execute("RESET search_path")
        results.append(page)
        _print_page(page, args)

    layout = "time-ordered copies of the big tables" if args.time_ordered else "tables as generated"
    print(f"\nEXPLAIN ANALYZE on {layout}; times are the faster of two runs, in ms.")
    print(
        f"{'page':32} {'queries':>7} {'exec':>7} {'plan':>6} {'slowest':>7}"
        f" {f'>{args.slow_ms:g} ms':>7} {'seq scans':>9}"
    )
    for page in results:
        times = [query.execution_ms for query in page.queries] or [0.0]
        planning = sum(query.planning_ms for query in page.queries)
        slow = sum(ms > args.slow_ms for ms in times)
        print(
            f"{page.name:32} {len(page.queries):7d} {sum(times):7.1f} {planning:6.1f} {max(times):7.1f}"
            f" {slow:7d} {len(page.big_seq_scans):9d}"
        )
    scans = sum(len(page.big_seq_scans) for page in results)
    if scans:
        raise SystemExit(f"\n{scans} sequential scan(s) of tables above {args.big_rows:,} rows")
    print(f"\nNo sequential scan of a table above {args.big_rows:,} rows.")


def _is_select(sql: str) -> bool:
    # Writes and transaction control are skipped; a UNION starts with "(SELECT".
    return sql.lstrip(" \n(").upper().startswith(("SELECT", "WITH"))


def _table_rows(connection) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, MAX(c.reltuples)::bigint FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('public', %s) GROUP BY c.relname",
            [TIME_ORDERED],
        )
        return dict(cursor.fetchall())


def _explain(cursor, sql: str, table_rows: dict[str, int], big_rows: int) -> ExplainedQuery:
    runs = []
    for _ in range(2):
        # The captured SQL has its parameters interpolated; no placeholders are left.
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        (document,) = cursor.fetchone()
        runs.append((document if isinstance(document, list) else json.loads(document))[0])
    best = min(runs, key=lambda run: run["Execution Time"])
    scans = [
        SeqScan(
            table=node["Relation Name"],
            rows_in_table=table_rows[node["Relation Name"]],
            rows_out=node.get("Actual Rows", 0),
            loops=node.get("Actual Loops", 1),
            filter=node.get("Filter", ""),
        )
        for node in _nodes(best["Plan"])
        if node["Node Type"] == "Seq Scan" and table_rows.get(node.get("Relation Name", ""), 0) > big_rows
    ]
    return ExplainedQuery(sql, best["Execution Time"], best["Planning Time"], scans, best["Plan"])


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)


def _ensure_time_ordered_copy(connection) -> None:
    """Build the schema of time-ordered copies, unless it is there with the same indexes and rows."""
    tables = list(TIME_ORDER)
    with connection.cursor() as cursor:
        if _indexes(cursor, TIME_ORDERED, tables) == _indexes(cursor, "public", tables) and all(
            _about_as_many_rows(cursor, table) for table in tables
        ):
            return
        started = time.perf_counter()
        print(f"Building schema {TIME_ORDERED} (copies of {', '.join(tables)}) ...", flush=True)
        cursor.execute(f"DROP SCHEMA IF EXISTS {TIME_ORDERED} CASCADE")
        cursor.execute(f"CREATE SCHEMA {TIME_ORDERED}")
        for table, select in TIME_ORDER.items():
            # Columns, defaults, checks and indexes; no foreign keys (nothing writes to the copies).
            cursor.execute(f"CREATE TABLE {TIME_ORDERED}.{table} (LIKE public.{table} INCLUDING ALL)")
            cursor.execute(f"INSERT INTO {TIME_ORDERED}.{table} {select}")
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {TIME_ORDERED}.{table}")
        print(f"... built in {time.perf_counter() - started:.0f} s", flush=True)


def _indexes(cursor, schema: str, tables: list[str]) -> list[tuple[str, str]]:
    # Definitions without the index names (the copies' are generated).
    cursor.execute(
        "SELECT tablename, regexp_replace(indexdef, '^.* USING ', '') FROM pg_indexes"
        " WHERE schemaname = %s AND tablename = ANY(%s) ORDER BY 1, 2",
        [schema, tables],
    )
    return cursor.fetchall()


def _about_as_many_rows(cursor, table: str) -> bool:
    # A few rows written since (a benchmark's POSTs) do not matter; a regenerated dataset does.
    cursor.execute(
        f"SELECT (SELECT COUNT(*) FROM public.{table}), (SELECT COUNT(*) FROM {TIME_ORDERED}.{table})"
    )
    public, copy = cursor.fetchone()
    return abs(public - copy) <= public // 100


def _print_page(page: PageResult, args) -> None:
    total = sum(query.execution_ms for query in page.queries)
    print(f"\n== {page.name} {page.path}: {len(page.queries)} SELECTs, {total:.1f} ms executing")
    slowest = sorted(page.queries, key=lambda query: query.execution_ms, reverse=True)
    for query in slowest[: args.top]:
        print(f"  {query.execution_ms:8.2f} ms  {_short(query.sql)}")
    for _query, scan in page.big_seq_scans:
        print(
            f"  SEQ SCAN {scan.table} ({scan.rows_in_table:,} rows) -> {scan.rows_out:,.0f} rows"
            f" x {scan.loops} loops, filter: {scan.filter or '-'}"
        )
    if args.plans:
        for query in page.queries:
            if query.seq_scans or query.execution_ms > args.slow_ms:
                print(
                    f"\n  -- {query.execution_ms:.2f} ms (planning {query.planning_ms:.2f} ms)\n  {query.sql}"
                )
                _print_plan(query.plan, indent=4)


def _print_plan(node: dict, indent: int) -> None:
    relation = f" on {node['Relation Name']}" if "Relation Name" in node else ""
    index = f" using {node['Index Name']}" if "Index Name" in node else ""
    conditions = "".join(
        f" [{key}: {node[key]}]"
        for key in ("Index Cond", "Filter", "Hash Cond", "Join Filter")
        if key in node
    )
    removed = (
        f" removed by filter={node['Rows Removed by Filter']}" if node.get("Rows Removed by Filter") else ""
    )
    print(
        f"{' ' * indent}{node['Node Type']}{relation}{index}{conditions} (rows={node.get('Actual Rows')}"
        f" loops={node.get('Actual Loops')}{removed} time={node.get('Actual Total Time')} ms)"
    )
    for child in node.get("Plans", []):
        _print_plan(child, indent + 2)


def _short(sql: str, width: int = 160) -> str:
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[: width - 1] + "…"


if __name__ == "__main__":
    main()
