"""The rotating code behind a meeting's QR check-in.

The code is the number of a time slot of SLOT_SECONDS and an HMAC of the meeting and that slot
(keyed with SECRET_KEY), so it is specific to the meeting, cannot be made up, and a photo of it
stops working within two slots: the current and the previous slot are accepted, so a code that
rotates while a member logs in still works. It checks in only from an hour before the start until
the meeting's end.
"""

import datetime
import re

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from chapters.models import Meeting
from chapters.selectors.meetings import CHECK_IN_OPENS_BEFORE, check_in_refusal

SLOT_SECONDS = 300
_CODE = re.compile(r"(\d{1,12})-([0-9a-f]{20})")


def _slot(now: datetime.datetime) -> int:
    return int(now.timestamp()) // SLOT_SECONDS


def _signature(meeting_id: int, slot: int) -> str:
    return salted_hmac("kring.meeting-check-in", f"{meeting_id}:{slot}", algorithm="sha256").hexdigest()[:20]


def check_in_code(meeting: Meeting, now: datetime.datetime | None = None) -> str:
    """The code the QR shows at `now`; it changes every SLOT_SECONDS."""
    slot = _slot(now or timezone.now())
    return f"{slot}-{_signature(meeting.pk, slot)}"


def self_check_in_window(meeting: Meeting) -> tuple[datetime.datetime, datetime.datetime]:
    """From when until when a scanned code checks in (both ends included)."""
    return meeting.starts_at - CHECK_IN_OPENS_BEFORE, meeting.ends_at


def code_refusal(meeting: Meeting, code: str, now: datetime.datetime | None = None) -> str:
    """Why a scanned `code` checks nobody in at `now`, in the user's language; empty when it does."""
    now = now or timezone.now()
    match = _CODE.fullmatch(code or "")
    if match is None or not constant_time_compare(match[2], _signature(meeting.pk, int(match[1]))):
        return _("This code is not valid for this meeting. Scan the code shown in the room.")
    if int(match[1]) not in (_slot(now), _slot(now) - 1):
        return _("This code has expired. Scan the code shown in the room now.")
    if refusal := check_in_refusal(meeting, now):
        return refusal
    if now > self_check_in_window(meeting)[1]:
        return _("This meeting is over: checking in with the code is closed.")
    return ""


def qr_refusal(meeting: Meeting, now: datetime.datetime | None = None) -> str:
    """Why the meeting shows no QR code at `now` (too early, over, cancelled, completed); empty when it does."""
    now = now or timezone.now()
    return code_refusal(meeting, check_in_code(meeting, now), now)
