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
    members = _MemberIds(chapters) if query is not None or knows_query is not None else None
    if text:
        classification_match = Q(
            classification__in=Classification.objects.filter(
                Q(name_nl__icontains=text) | Q(name_en__icontains=text)
            ).values("pk")
        )
        if query is None:
            terms = terms.filter(classification_match)
        else:
            terms = terms.filter(Q(user__in=members.matching(search_document=query)) | classification_match)
    if knows_query is not None:
        terms = terms.filter(user__in=members.matching(networks_document=knows_query))
    return terms.order_by("user__first_name", "user__last_name")


class _MemberIds:
    """The chapters' members' user ids, read once, to test the search documents of those users only.

    A join of memberships and users lets PostgreSQL read every user of the database (a hash join
    over a sequential scan: 10 ms for a region at 10,000 users, growing with all data); testing the
    documents of a list of ids reads each of those users by primary key, so the cost grows with the
    chapters searched, not with the database. bench/explain.py checks the plan.
    """

    def __init__(self, chapters: QuerySet[Chapter] | list[Chapter]):
        self.chapters = chapters
        self._ids: list[int] | None = None

    def matching(self, **document_matches: SearchQuery) -> list[int]:
        if self._ids is None:
            self._ids = list(current_memberships(self.chapters).values_list("user_id", flat=True))
        if not self._ids:
            return []
        users = User.objects.filter(pk__in=self._ids, **document_matches)
        return list(users.values_list("pk", flat=True))


def directory_profile(*, chapter: Chapter, user_id: int) -> Membership | None:
    return current_memberships([chapter]).filter(user_id=user_id).select_related("sponsor").first()
