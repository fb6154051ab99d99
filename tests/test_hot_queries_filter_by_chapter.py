"""The chapter pages' queries on the big tables filter by chapter (docs/scaling.md: with the tenant
tables distributed by chapter, such a query goes to one shard)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.chapters.helpers import add_agenda, make_meeting
from tests.referrals.helpers import own_business

BIG_TABLES = (
    "referrals_referral",
    "referrals_thankyou",
    "referrals_onetoone",
    "chapters_meeting",
    "members_membership",
)
# A filter on a value (`= 3`, `IN (3)`), not a join condition (`= "chapters_chapter"."id"`).
CHAPTER_COLUMN = re.compile(
    r'"(chapter_id|giver_chapter_id|receiver_chapter_id|from_chapter_id|to_chapter_id)" (= (?!")|IN \()'
)


def _big_table_queries(sqls: list[str]) -> list[str]:
    return [sql for sql in sqls if any(f'FROM "{table}"' in sql for table in BIG_TABLES)]


@pytest.mark.parametrize(
    "page",
    [
        "/c/{chapter}/board/",
        "/c/{chapter}/directory/?q=foto",
        "/c/{chapter}/meetings/",
        "/c/{chapter}/meetings/{meeting}/run/",
    ],
)
def test_every_big_table_query_of_a_chapter_page_names_the_chapter(client, world, page):
    meeting = make_meeting(world.chapter, starts_in=datetime.timedelta(hours=1))
    add_agenda(meeting)
    own_business(world.alice, world.bob)
    client.force_login(world.carol)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.format(chapter=world.chapter.slug, meeting=meeting.pk))
    assert response.status_code == 200
    queries = _big_table_queries([query["sql"] for query in captured.captured_queries])
    assert queries
    # The member's own membership (middleware) is found by user; everything else by chapter.
    unfiltered = [
        sql
        for sql in queries
        if not CHAPTER_COLUMN.search(sql) and '"members_membership"."user_id" =' not in sql
    ]
    assert unfiltered == []


# Personal pages filter by the member: with the tables distributed by chapter each of these queries
# asks every shard (one index lookup each, in parallel, merged by the coordinator: a few ms more at
# 32 shards). They are listed with why the chapter is not added (docs/scaling.md, "Citus layout");
# a new unfiltered query, or one of these fixed, fails the test below until this list says so.
PERSONAL_PAGE_EXCEPTIONS = {
    ("/", "referrals_referral"): "home panels: the member's waiting slips and the give/take chart count"
    " slips received from any chapter; given ones could add giver_chapter_id (the member's chapter)",
    ("/", "referrals_thankyou"): "the give/take chart sums thank-yous given and received, any chapter",
    ("/", "referrals_onetoone"): "the login bundle's badge counts open one-to-ones of the member (cached)",
    ("/referrals/", "referrals_referral"): "slips given and received; received ones live on the givers'"
    " shards (any chapter), so only a receiver_chapter_id copy table would route them",
    ("/referrals/?direction=received", "referrals_referral"): "as above, received only",
    (
        "/referrals/numbers/",
        "referrals_thankyou",
    ): "thank-yous given and received, by the member in any chapter",
    ("/referrals/numbers/", "referrals_onetoone"): "one-to-ones of the member, cross-chapter ones included",
    ("/thanks/", "referrals_thankyou"): "thank-yous received, thanked from any chapter",
    ("/one-to-ones/", "referrals_onetoone"): "the member's one-to-ones and last meeting per partner,"
    " cross-chapter ones included",
}
PERSONAL_PAGES = sorted({page for page, _ in PERSONAL_PAGE_EXCEPTIONS})


def test_personal_pages_name_the_chapter_or_document_why_not(client, world):
    own_business(world.alice, world.bob)
    own_business(world.bob, world.alice)
    client.force_login(world.alice)
    unfiltered = set()
    for page in PERSONAL_PAGES:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        for sql in _big_table_queries([query["sql"] for query in captured.captured_queries]):
            if not CHAPTER_COLUMN.search(sql) and '"members_membership"."user_id" =' not in sql:
                unfiltered |= {(page, table) for table in BIG_TABLES if f'FROM "{table}"' in sql}
    assert sorted(unfiltered - set(PERSONAL_PAGE_EXCEPTIONS)) == [], "filter by chapter or list it"
    assert sorted(set(PERSONAL_PAGE_EXCEPTIONS) - unfiltered) == [], "fixed: remove it from the list"
