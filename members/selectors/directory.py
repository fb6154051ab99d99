"""The member directory: search across a region and a member's profile."""

import re

from django.contrib.postgres.search import SearchQuery
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
    query, knows_query = text_query(text), text_query(knows)
    if query is not None or knows_query is not None:
        member_ids = list(terms.values_list("user_id", flat=True))
    if text:
        classification_match = Q(
            classification__in=Classification.objects.filter(
                Q(name_nl__icontains=text) | Q(name_en__icontains=text)
            ).values("pk")
        )
        if query is None:
            terms = terms.filter(classification_match)
        else:
            matching = _users_matching(member_ids, search_document=query)
            terms = terms.filter(Q(user__in=matching) | classification_match)
    if knows_query is not None:
        terms = terms.filter(user__in=_users_matching(member_ids, networks_document=knows_query))
    return terms.order_by("user__first_name", "user__last_name")


def _users_matching(user_ids: list[int], **document_matches: SearchQuery) -> list[int]:
    """Which of these users' search documents match.

    Testing the documents of the searched chapters' members, read by primary key, keeps the cost
    with the chapters searched; a join of memberships and users let PostgreSQL read every user of
    the database (a hash join over a sequential scan, growing with all data). bench/explain.py
    checks the plan.
    """
    if not user_ids:
        return []
    return list(User.objects.filter(pk__in=user_ids, **document_matches).values_list("pk", flat=True))


def directory_profile(*, chapter: Chapter, user_id: int) -> Membership | None:
    return current_memberships([chapter]).filter(user_id=user_id).select_related("sponsor").first()
