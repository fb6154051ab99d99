"""Who gives the feature presentation and the education moment at which meeting."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import (
    Chapter,
    Meeting,
    RotaSlot,
)
from config.cache import changed
from members.models import Membership, OnboardingItem, User
from members.selectors.memberships import current_members


def rota_set(*, meeting: Meeting, kind: str, member: User | None) -> RotaSlot | None:
    if member is None:
        meeting.rota_slots.filter(kind=kind).delete()
        changed(chapters=[meeting.chapter_id])
        return None
    if not current_members(meeting.chapter).filter(pk=member.pk).exists():
        raise ValidationError(_("Only current members of the chapter can take a turn."))
    slot, _created = RotaSlot.objects.update_or_create(
        meeting=meeting, kind=kind, defaults={"member": member}
    )
    changed(chapters=[meeting.chapter_id])
    return slot


def rota_fill(*, chapter: Chapter, kind: str, weeks: int = 8, today: datetime.date | None = None) -> int:
    """Fill the empty slots of the coming weeks fairly: whoever had the longest wait goes first.

    A member's last turn is their latest slot on this rota, past or already planned; members who
    never had one go first (in name order). Members on leave, and new members who have not done
    their orientation, are skipped. Returns slots filled.
    """
    today = today or timezone.localdate()
    # New members do their orientation first (members.OnboardingItem.blocks_rota).
    orientation_open = OnboardingItem.objects.filter(
        onboarding__membership__user=OuterRef("pk"),
        onboarding__membership__status__in=Membership.CURRENT_STATUSES,
        blocks_rota=True,
        done_on__isnull=True,
    )
    with transaction.atomic():
        Chapter.objects.select_for_update().get(pk=chapter.pk)
        meetings = list(
            chapter.meetings.filter(scheduled_on__gte=today, status=Meeting.Status.SCHEDULED)
            .exclude(rota_slots__kind=kind)
            .order_by("starts_at")[:weeks]
        )
        horizon = chapter.meetings.filter(scheduled_on__gte=today).order_by("starts_at")[weeks - 1 : weeks]
        if meetings and horizon:
            meetings = [m for m in meetings if m.scheduled_on <= horizon[0].scheduled_on]
        candidates = list(
            current_members(chapter)
            .filter(memberships__status=Membership.Status.ACTIVE)
            .exclude(Exists(orientation_open))
            .distinct()
        )
        if not candidates:
            return 0
        last_turns = dict(
            RotaSlot.objects.filter(meeting__chapter=chapter, kind=kind)
            .values("member")
            .annotate(last=Max("meeting__scheduled_on"))
            .values_list("member", "last")
        )
        never = datetime.date.min
        filled = 0
        for meeting in meetings:
            candidates.sort(
                key=lambda user: (last_turns.get(user.pk, never), user.first_name, user.last_name, user.pk)
            )
            member = candidates[0]
            RotaSlot.objects.create(meeting=meeting, kind=kind, member=member)
            last_turns[member.pk] = meeting.scheduled_on
            filled += 1
        changed(chapters=[chapter.pk])
    return filled


def rota_swap(*, chapter: Chapter, first_slot_id: int, second_slot_id: int) -> None:
    with transaction.atomic():
        slots = list(
            RotaSlot.objects.select_for_update().filter(
                meeting__chapter=chapter, pk__in=[first_slot_id, second_slot_id]
            )
        )
        if len(slots) != 2 or first_slot_id == second_slot_id:
            raise ValidationError(_("Choose two different turns to swap."))
        first, second = slots
        first.member_id, second.member_id = second.member_id, first.member_id
        RotaSlot.objects.bulk_update([first, second], ["member"])
        changed(chapters=[chapter.pk])
