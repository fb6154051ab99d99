"""Drills against a running local cluster (`cluster.py up` first); prints what it counts.

    .venv/bin/python deploy/local-cluster/cluster.py drill consistency   # ~10 s, no load
    .venv/bin/python deploy/local-cluster/cluster.py drill faults        # 3 bounded runs of 16 s
    .venv/bin/python deploy/local-cluster/cluster.py drill throughput    # 1 vs 3 nodes, +- PgBouncer

consistency: log in through the balancer; a role given on node1 opens the reports on node2's next
request and ending it closes them on node3 (cached logins invalidated across nodes); one
idempotency key posted to node1 and node2 makes one slip; the visitor rate limit counts across
nodes; a slip's author sees it in PALMS on another node at once (read-your-writes), the replica lag.
faults: under load (wrk on GET pages, Python posting slips with fresh idempotency keys), kill node2
(SIGKILL to its process group), stop the replica, restart the primary; requests sent and failed,
slips acknowledged (a redirect) against rows in the database.
Exits non-zero when a consistency check fails or an acknowledged slip is missing.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import consistency  # noqa: E402  (the modules beside this script)
import drill_kit  # noqa: E402
import faults  # noqa: E402


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "consistency"
    {"consistency": consistency.consistency, "faults": faults.faults, "throughput": faults.throughput}[what]()
    if drill_kit.FAILED:
        sys.exit(f"{len(drill_kit.FAILED)} check(s) failed: {drill_kit.FAILED}")


if __name__ == "__main__":
    main()
