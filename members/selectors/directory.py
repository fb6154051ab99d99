"""The member directory: search across a region and a member's profile."""

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q, QuerySet

from chapters.models import Chapter
from members.models import Membership
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
        classification_match = Q(classification__name_nl__icontains=text) | Q(
            classification__name_en__icontains=text
        )
        if query is None:
            terms = terms.filter(classification_match)
        else:
            terms = terms.filter(Q(user__search_document=query) | classification_match)
    if knows and (query := text_query(knows)) is not None:
        terms = terms.filter(user__networks_document=query)
    return terms.order_by("user__first_name", "user__last_name")


def directory_profile(*, chapter: Chapter, user_id: int) -> Membership | None:
    return current_memberships([chapter]).filter(user_id=user_id).select_related("sponsor").first()
