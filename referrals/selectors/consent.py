"""Reading a contact's consent link: which request a token opens, and why a link no longer works."""

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.utils import timezone

from members.models import Membership
from referrals.models import ContactConsentRequest, Referral

# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


class LinkProblem:
    NONE = ""
    UNKNOWN = "unknown"  # forged, mistyped or garbage
    EXPIRED = "expired"
    ANSWERED = "answered"  # the first answer stands
    REPLACED = "replaced"  # the giver changed the email address: a new link went out


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class ConsentLink:
    request: ContactConsentRequest | None
    problem: str

    @property
    def usable(self) -> bool:
        return self.request is not None and self.problem == LinkProblem.NONE


def consent_link(token: object, *, now: datetime.datetime | None = None) -> ConsentLink:
    """The request behind `token` and whether it can still be answered; never raises on bad input."""
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        return ConsentLink(None, LinkProblem.UNKNOWN)
    request = (
        ContactConsentRequest.objects.select_related("referral", "referral__giver", "referral__receiver")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if request is None:
        return ConsentLink(None, LinkProblem.UNKNOWN)
    state = ContactConsentRequest.State
    if request.state == state.REPLACED:
        return ConsentLink(request, LinkProblem.REPLACED)
    if request.state == state.EXPIRED or (
        request.state == state.PENDING and request.expires_at <= (now or timezone.now())
    ):
        return ConsentLink(request, LinkProblem.EXPIRED)
    if request.state in (state.YES, state.DECLINED):
        return ConsentLink(request, LinkProblem.ANSWERED)
    return ConsentLink(request, LinkProblem.NONE)


def receiver_profession(referral: Referral) -> str:
    """The receiver's profession in the active language ("" when they have none on record)."""
    membership = (
        Membership.objects.current()
        .filter(user_id=referral.receiver_id)
        .select_related("classification")
        .first()
    )
    return membership.classification.name if membership and membership.classification_id else ""
