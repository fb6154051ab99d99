"""One-to-ones of a member and whom to meet next."""

import datetime
import re

from django.db.models import (
    Max,
    Q,
    QuerySet,
)

from chapters.models import Chapter
from members.models import Membership, User
from referrals.models import OneToOne

_WORD = re.compile(r"\w{4,}", re.UNICODE)


# Words too common in an "ideal referral" to say anything about someone's network.
_STOPWORDS = {
    "voor",
    "die",
    "een",
    "met",
    "van",
    "zijn",
    "heeft",
    "hebben",
    "that",
    "with",
    "have",
    "who",
    "someone",
    "iemand",
    "bedrijf",
    "bedrijven",
    "business",
    "mensen",
    "people",
    "graag",
    "zoals",
    "zoek",
    "looking",
}


def one_to_ones_of(user: User) -> QuerySet[OneToOne]:
    return OneToOne.objects.filter(Q(member_low=user) | Q(member_high=user)).select_related(
        "member_low", "member_high", "logged_by"
    )


def ideal_referral_keywords(text: str, limit: int = 6) -> list[str]:
    seen: list[str] = []
    for word in _WORD.findall(text.lower()):
        if word not in _STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:limit]


def one_to_one_suggestions(*, user: User, chapter: Chapter, limit: int = 6) -> dict:
    """Chapter members I never met (or met longest ago) first; and members whose Networks match
    words of my ideal referral."""
    members = (
        Membership.objects.current()
        .filter(chapter=chapter)
        .exclude(user=user)
        .select_related("user", "classification")
    )
    met_low = OneToOne.objects.filter(member_low=user).values("member_high").annotate(last=Max("met_on"))
    met_high = OneToOne.objects.filter(member_high=user).values("member_low").annotate(last=Max("met_on"))
    last_met: dict[int, datetime.date] = {row["member_high"]: row["last"] for row in met_low}
    for row in met_high:
        last_met[row["member_low"]] = max(row["last"], last_met.get(row["member_low"], row["last"]))
    members = list(members)
    never = [m for m in members if m.user_id not in last_met]
    longest = sorted((m for m in members if m.user_id in last_met), key=lambda m: last_met[m.user_id])
    next_up = [(m, last_met.get(m.user_id)) for m in (never + longest)[:limit]]

    keywords = ideal_referral_keywords(user.ideal_referral)
    networkers = []
    if keywords:
        networkers = [
            (m, [w for w in keywords if w in m.user.gains_networks.lower()])
            for m in members
            if any(w in m.user.gains_networks.lower() for w in keywords)
        ][:limit]
    return {"next_up": next_up, "networkers": networkers, "keywords": keywords}
