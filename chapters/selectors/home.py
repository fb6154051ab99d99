"""The meeting part of a member's home page."""

from django.utils import timezone

from chapters.models import (
    Chapter,
    RotaKind,
)
from chapters.selectors.attendance import absence_count
from chapters.selectors.meetings import my_next_turns, next_meeting
from members.models import User


def home_context(*, user: User, chapter: Chapter) -> dict:
    """What the member home shows from this app: the next meeting, my role in it, my turns and absences."""
    now = timezone.now()
    meeting = next_meeting(chapter, now)
    turns = my_next_turns(user=user, chapter=chapter, now=now)
    roles_in_meeting = []
    notice = None
    if meeting is not None:
        # My turns already hold the next meeting's slots: no query of its own.
        roles_in_meeting = [
            slot.get_kind_display() for kind, slot in sorted(turns.items()) if slot.meeting_id == meeting.pk
        ]
        notice = meeting.absence_notices.filter(member=user).first()
    today = timezone.localdate()
    return {
        "next_meeting": meeting,
        "my_roles_in_next_meeting": roles_in_meeting,
        "my_absence_notice": notice,
        "my_next_feature": turns.get(RotaKind.FEATURE),
        "my_next_education": turns.get(RotaKind.EDUCATION),
        "my_absences": absence_count(member=user, chapter=chapter, day=today),
        "absence_limit": chapter.absence_limit,
    }
