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
