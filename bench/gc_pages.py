"""What Python's garbage collector costs a page: the default settings against config/wsgi.py's.

    .venv/bin/python bench/gc_pages.py [--data-dir /work/bench-data] [--rounds 5] [--repeat 10]

Loads the main pages of bench/pages.py in-process on the large dataset, with fragment caching off
(every page cold, as after a write), alternating round by round between the collector's defaults
and what config/wsgi.py sets for a gunicorn worker (everything loaded at start frozen, the young
generation collected after 50,000 allocations instead of 2,000). Prints each page's median per
setting and the collections a request triggered. Writes nothing.
"""

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PAGES = (
    "reference page",
    "member home",
    "chapter board",
    "directory search",
    "PALMS report (6 months)",
    "member scores",
    "meeting runner",
)
DEFAULT_THRESHOLD = gc.get_threshold()
WORKER_THRESHOLD = (50_000, 20, 10)


def set_collector(mode: str) -> None:
    gc.collect()
    if mode == "default":
        gc.unfreeze()
        gc.set_threshold(*DEFAULT_THRESHOLD)
    else:
        gc.freeze()
        gc.set_threshold(*WORKER_THRESHOLD)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default="/work/bench-data")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    from pages import page_visits, setup_django

    setup_django(Path(args.data_dir), FRAGMENT_CACHE_SECONDS="0")
    visits = [(name, visit) for name, _, visit in page_visits() if name in PAGES]
    for _, visit in visits:
        visit()
    times = {(name, mode): [] for name, _ in visits for mode in ("default", "worker")}
    collections = dict.fromkeys(("default", "worker"), 0)
    requests = 0
    for _ in range(args.rounds):
        for mode in ("default", "worker"):
            set_collector(mode)
            before = sum(generation["collections"] for generation in gc.get_stats())
            for name, visit in visits:
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    visit()
                    times[name, mode].append((time.perf_counter() - started) * 1000)
            collections[mode] += sum(generation["collections"] for generation in gc.get_stats()) - before
        requests += len(visits) * args.repeat
    print(f"\n{'page':28} {'default ms':>11} {'worker ms':>10} {'change':>8}")
    for name, _ in visits:
        default, worker = (statistics.median(times[name, mode]) for mode in ("default", "worker"))
        print(f"{name:28} {default:11.1f} {worker:10.1f} {(worker / default - 1) * 100:7.0f} %")
    for mode, count in collections.items():
        print(f"collections per request, {mode}: {count / requests:.1f}")


if __name__ == "__main__":
    main()
