"""The member directory: search across a region and a member's profile."""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from chapters.models import Chapter
from members.models import Classification, Membership, User
from members.selectors.memberships import current_memberships

_WORD = re.compile(r"\w+", re.UNICODE)


def text_query(text: str) -> SearchQuery | None:
    """Every word must match: as the start of a word ("foto utre" finds "fotograaf" in "Utrecht"),
    or by its Dutch or English stem ("ziekenhuizen" finds "ziekenhuis", "lawyers" finds "lawyer")."""
    words = _WORD.findall(text.lower())[:8]
    if not words:
        return None
    prefix = SearchQuery(" & ".join(f"{word}:*" for word in words), config="simple", search_type="raw")
    plain = " ".join(words)
    return prefix | SearchQuery(plain, config="dutch") | SearchQuery(plain, config="english")


def directory_search(
    *, chapters: QuerySet[Chapter] | list[Chapter], text: str = "", knows: str = ""
) -> QuerySet[Membership]:
    """Current members of `chapters` matching `text` (name, company, classification, profile and GAINS)
    and `knows` (their Networks: "who knows someone at the hospital?")."""
    terms = current_memberships(chapters)
    text, knows = text.strip(), knows.strip()
    if text:
        query = text_query(text)
        # Two id sets joined by OR, not one OR over the joined rows: that way PostgreSQL reads the
        # matching users from the GIN index instead of scanning every user of the region.
        classification_match = Q(
            classification__in=Classification.objects.filter(
                Q(name_nl__icontains=text) | Q(name_en__icontains=text)
            ).values("pk")
        )
        if query is None:
            terms = terms.filter(classification_match)
        else:
            terms = terms.filter(Q(user__in=_users_matching(query)) | classification_match)
    if knows and (query := text_query(knows)) is not None:
        terms = terms.filter(user__networks_document=query)
    return terms.order_by("user__first_name", "user__last_name")


def _users_matching(query: SearchQuery) -> list[int]:
    """The ids of the users whose directory text matches, read from the GIN index.

    PostgreSQL prices a prefix search (`foto:*`) in a GIN index above testing every row, as it does
    not count the cost of matching each row's document: at 4,000 members the scan took 31 ms and the
    index 0.9 ms (bench/directory_search.py). So this one statement runs with sequential scans off,
    and the setting goes back at once (inside a request's transaction it would outlive the savepoint).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            return list(User.objects.filter(search_document=query).values_list("pk", flat=True))
        finally:
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


def directory_profile(*, chapter: Chapter, user_id: int) -> Membership | None:
    return current_memberships([chapter]).filter(user_id=user_id).select_related("sponsor").first()
