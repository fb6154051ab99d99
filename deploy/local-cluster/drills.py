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

import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cluster  # noqa: E402  (the script beside this one)

BASE = f"http://{cluster.HOST}:{cluster.BALANCER}"
PASSWORD = "kring-demo"  # noqa: S105  (the generated dataset's demo logins)
NEED = "Drill slip (local cluster)"
FAILED = []


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies shared across ports (as a browser keeps them for one host name), status codes."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path, data=None, port=cluster.BALANCER, headers=None) -> tuple[int, str]:
        if data is not None:
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": self.cookie("csrftoken"), **data}).encode()
        url = f"http://{cluster.HOST}:{port}{path}"
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError as error:
            return 0, str(error)

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")

    def login(self, email: str) -> "Browser":
        self.request("/accounts/login/")
        status, _ = self.request("/accounts/login/", {"username": email, "password": PASSWORD})
        assert status == 302, f"login of {email}: {status}"
        return self


def check(label: str, ok: bool, detail: str = "") -> None:
    print(f"  [{'ok' if ok else 'FAILED'}] {label} {detail}")
    if not ok:
        FAILED.append(label)


def sql(query: str, port: int = cluster.PRIMARY) -> str:
    return cluster.psql(port, query)


def slip_body(receiver: int, key: str) -> dict:
    return {
        "idempotency_key": key,
        "receiver": receiver,
        "own_business": "on",
        "need": NEED,
        "consent": "none",
        "recommendation": "introduce",
        "temperature": "3",
    }


def cast() -> dict:
    """The chapter of president 1, a member of it without a role, and a receiver for slips."""
    president = "voorzitter.1@gen.kring.test"
    chapter_id, slug = sql(
        "SELECT c.id, c.slug FROM chapters_chapter c JOIN members_membership m ON m.chapter_id = c.id"
        f" JOIN members_user u ON u.id = m.user_id WHERE u.email = '{president}' AND m.status = 'active'"
    ).split("|")
    member_id, member = sql(
        "SELECT u.id, u.email FROM members_user u JOIN members_membership m ON m.user_id = u.id"
        f" WHERE m.chapter_id = {chapter_id} AND m.status = 'active' AND u.email <> '{president}'"
        " AND NOT EXISTS (SELECT 1 FROM members_roleassignment r WHERE r.user_id = u.id) ORDER BY u.id LIMIT 1"
    ).split("|")
    role = sql("SELECT id FROM members_role WHERE code = 'mentor_coordinator' AND chapter_id IS NULL")
    return {"slug": slug, "president": president, "member": member, "member_id": member_id, "role": role}


def consistency() -> None:
    people = cast()
    palms = f"/c/{people['slug']}/reports/"
    president, member = Browser().login(people["president"]), Browser().login(people["member"])
    print(f"Consistency across nodes ({people['member']} in {people['slug']}):")
    before = member.request(palms, port=cluster.NODES["node2"])[0]
    today = date.today().isoformat()
    given = president.request(
        f"/c/{people['slug']}/roles/",
        {"role": people["role"], "user": people["member_id"], "starts_on": today},
        port=cluster.NODES["node1"],
    )[0]
    after = member.request(palms, port=cluster.NODES["node2"])[0]
    check(
        "a role given on node1 opens the reports on node2",
        (before, given, after) == (403, 302, 200),
        f"(before {before}, assign {given}, after {after})",
    )
    assignment = sql(
        f"SELECT id FROM members_roleassignment WHERE user_id = {people['member_id']} AND role_id = {people['role']}"
        " ORDER BY id DESC LIMIT 1"
    )
    # Ending a role keeps it through today (ends_on is inclusive): the drill removes its row instead.
    president.request(f"/c/{people['slug']}/roles/{assignment}/end/", {}, port=cluster.NODES["node1"])
    sql(f"DELETE FROM members_roleassignment WHERE id = {assignment}")  # the drill leaves no history

    receiver = sql(f"SELECT id FROM members_user WHERE email = '{people['president']}'")
    key = str(uuid.uuid4())
    member.request("/referrals/new/")
    answers = [
        member.request("/referrals/new/", slip_body(receiver, key), port=cluster.NODES[n])[0]
        for n in ("node1", "node2")
    ]
    stored = sql(f"SELECT count(*) FROM referrals_referral WHERE idempotency_key = '{key}'")
    check(
        "one idempotency key posted to node1 and node2 makes one slip",
        stored == "1",
        f"(answers {answers}, rows {stored})",
    )

    visitor_rate_limit(people["slug"])
    read_your_writes(president, people, receiver)


def visitor_rate_limit(slug: str) -> None:
    visitor = Browser()
    page = visitor.request(f"/chapters/{slug}/visit/")[1]
    meeting = re.search(r'name="meeting"[^>]*>.*?<option value="(\d+)"', page, re.S)
    address = f"198.51.100.{int(time.time()) % 250}"  # a fresh client address per run
    answers = []
    for number in range(7):
        port = list(cluster.NODES.values())[number % 3]
        data = {
            "meeting": meeting.group(1) if meeting else "",
            "first_name": "Drill",
            "last_name": f"V{number}",
            "company": "Drill BV",
            "profession": "Tester",
            "email": f"drill{uuid.uuid4().hex[:8]}@example.nl",
            "consent": "on",
        }
        answers.append(
            visitor.request(
                f"/chapters/{slug}/visit/", data, port=port, headers={"X-Forwarded-For": address}
            )[0]
        )
    limit = 5
    check(
        "the visitor rate limit is one counter across nodes",
        answers[limit:] == [429, 429] and all(a in (200, 302) for a in answers[:limit]),
        f"(answers node1..3 in turn: {answers})",
    )


def read_your_writes(president: Browser, people: dict, receiver_of_member: str) -> None:
    receiver = sql(f"SELECT id FROM members_user WHERE email = '{people['member']}'")
    csv = f"/c/{people['slug']}/reports/?format=csv"
    before = president.request(csv, port=cluster.NODES["node3"])[1]
    president.request("/referrals/new/")
    posted = president.request(
        "/referrals/new/", slip_body(receiver, str(uuid.uuid4())), port=cluster.NODES["node1"]
    )[0]
    wrote = president.cookie("kring_wrote")
    after = president.request(csv, port=cluster.NODES["node2"])[1]
    check(
        "a slip's author sees it at once in PALMS on another node (read from the primary)",
        posted == 302 and bool(wrote) and after != before,
        f"(post {posted}, cookie {bool(wrote)})",
    )
    print(f"  replica lag now: {cluster.replica_lag()} s")


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "consistency"
    if what == "consistency":
        consistency()
    else:
        import faults  # noqa: PLC0415  (the heavy drills, only when asked)

        faults.main(what)
    if FAILED:
        sys.exit(f"{len(FAILED)} check(s) failed: {FAILED}")


if __name__ == "__main__":
    main()
