"""Reads about chapters and meetings that other apps and pages share."""

import datetime

from chapters.models import Chapter
from members.models import User


def home_context(*, user: User, chapter: Chapter) -> dict:
    """What the member home shows from this app (next meeting, my role in it, ...)."""
    return {}


def week_is_locked(*, chapter: Chapter, when: datetime.datetime) -> bool:
    """True once the record of the meeting that covers `when` is completed.

    Slips passed in a week can be edited until then; after it, changes are logged corrections.
    """
    return False
