"""The CPU a login costs this process: the query that loads the user, their term and rights.

    .venv/bin/python bench/login_query.py [--data-dir /work/bench-data] [--repeat 200]

Every page of a member whose login is not cached runs `membership_terms()` (members.backends).
Prints the median process CPU time (time.process_time: this process only, not PostgreSQL's, so a
busy machine disturbs it less than wall time) of building, compiling and running it, beside the
same query without its rights/notices/onboarding annotations and without any join. Writes nothing.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def cpu_ms(function, repeat: int) -> float:
    function()
    times = []
    for _ in range(repeat):
        started = time.process_time()
        function()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default="/work/bench-data")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    from pages import setup_django

    setup_django(Path(args.data_dir), FRAGMENT_CACHE_SECONDS="0")
    from members.models import Membership, User
    from members.selectors.memberships import membership_terms
    from seeds.large_dataset.plans import member_email

    user = User.objects.get(email=member_email(1))
    related = ("chapter__region__scoring_scheme", "classification", "user")
    variants = {
        "login query (members.backends)": lambda: (
            membership_terms().filter(user_id=user.pk).select_related("user").first()
        ),
        "same rows, no annotations": lambda: (
            Membership.objects.select_related(*related).filter(user_id=user.pk).first()
        ),
        "the term alone": lambda: Membership.objects.filter(user_id=user.pk).first(),
    }
    print(f"\n{'query':34} {'CPU ms':>7}")
    for name, function in variants.items():
        print(f"{name:34} {cpu_ms(function, args.repeat):7.2f}")


if __name__ == "__main__":
    main()
