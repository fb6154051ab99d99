"""Reads about referrals, thank-yous and one-to-ones that pages share."""

from chapters.models import Chapter
from members.models import User


def home_context(*, user: User, chapter: Chapter) -> dict:
    """What the member home shows from this app (waiting referrals, give/take balance, ...)."""
    return {}
