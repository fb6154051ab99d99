"""The consistency drill: what one member sees when their requests land on different nodes."""

import re
import time
import uuid
from datetime import date

import cluster
from drill_kit import Browser, cast, check, slip_body, sql


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
    reports_on_the_replica(people)


def reports_on_the_replica(people: dict) -> None:
    reader = Browser().login(people["president"])
    reader.jar.clear(cluster.HOST, "/", "kring_wrote")  # logging in is a write: skip its 5 s window
    for _ in range(3):
        reader.request(f"/c/{people['slug']}/reports/")
    readers = sql(
        "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
        " AND pid <> pg_backend_pid() AND query LIKE '%chapters_attendance%'",
        port=cluster.REPLICA,
    )
    check("PALMS is read from the replica", int(readers) > 0, f"({readers} node connections on it ran it)")
