"""Renewal as a request: the member (or the president for them) asks, the VP approves or declines.

Approval renews through `membership_renew` (the next term and its dues line); approving twice, or
two VPs at once, makes one term: the request row is locked and an approved request answers with
the term it already made.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.cache import changed
from members.access import chapter_access
from members.capabilities import Capability
from members.models import DuesRate, Membership, RenewalRequest, User
from members.selectors.memberships import users_with_capability
from members.services.dues import CENT, term_months
from members.services.memberships import membership_renew, membership_start, one_term_later
from referrals.models import Notice


@dataclass(frozen=True)
class RenewalPreview:
    """What approving a request will do: the next term's dates and the dues line it gets."""

    starts_on: datetime.date
    renewal_due_on: datetime.date
    total: Decimal | None  # None: the chapter has no fee for this term length


def _reinstating(term: Membership) -> bool:
    """A lapsed member comes back with a new term from today (only the VP asks for that)."""
    return term.status == Membership.Status.LAPSED


def _vp_reinstates(term: Membership, by: User) -> bool:
    if not _reinstating(term):
        return False
    access = chapter_access(by, term.chapter)
    return access is not None and access.can(Capability.REVIEW_APPLICATIONS)


def renewal_preview(renewal: RenewalRequest) -> RenewalPreview:
    term = renewal.membership
    starts_on = timezone.localdate() if _reinstating(term) else term.renewal_due_on
    renewal_due_on = renewal.renewal_due_on or one_term_later(starts_on)
    next_term = Membership(starts_on=starts_on, renewal_due_on=renewal_due_on)
    rate = DuesRate.objects.filter(chapter_id=term.chapter_id, term_months=term_months(next_term)).first()
    total = None
    if rate is not None:
        total = (rate.amount * (1 + rate.vat_rate / 100)).quantize(CENT)
    return RenewalPreview(starts_on=starts_on, renewal_due_on=renewal_due_on, total=total)


def _notify(users, *, kind: str, params: dict, url: str) -> None:
    """An in-app notice to each person, put into words in their language when they read it."""
    notices = Notice.objects.bulk_create(
        Notice(user=user, kind=kind, params=params, url=url) for user in users
    )
    changed(users=[notice.user_id for notice in notices])  # their notice badge


def renewal_request(
    *, membership: Membership, requested_by: User, renewal_due_on: datetime.date | None = None
) -> RenewalRequest:
    """Ask to renew a current term; asking again while a request is open returns that request.

    A lapsed term can be renewed only when the VP (who decides renewals) asks: nobody else can bring
    a lapsed member back."""
    vp_reinstates = _vp_reinstates(membership, requested_by)
    if not (membership.is_current or vp_reinstates):
        raise ValidationError(
            _("Only a current membership can be renewed; ask the VP of your chapter."), code="not_current"
        )
    if renewal_due_on is not None and renewal_due_on <= membership.renewal_due_on and not vp_reinstates:
        raise ValidationError(
            _("The next renewal date must be after %(date)s."),
            code="renewal_before_start",
            params={"date": date_format(membership.renewal_due_on, "j F Y")},
        )
    open_requests = membership.renewal_requests.exclude(status=RenewalRequest.Status.DECLINED)
    existing = open_requests.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            renewal = RenewalRequest.objects.create(
                chapter_id=membership.chapter_id,
                membership=membership,
                requested_by=requested_by,
                renewal_due_on=renewal_due_on,
            )
            deciders = users_with_capability(membership.chapter, Capability.REVIEW_APPLICATIONS).only("pk")
            url = reverse(
                "renewal_request", kwargs={"chapter_slug": membership.chapter.slug, "pk": renewal.pk}
            )
            _notify(
                deciders,
                kind="renewal_requested",
                params={"name": membership.user.full_name},
                url=url,
            )
            changed(chapters=[membership.chapter_id], users=[membership.user_id])
    except IntegrityError:
        # The member and the president asked at the same moment: the first request stands.
        return open_requests.get()
    return renewal


def _locked(renewal: RenewalRequest) -> RenewalRequest:
    return (
        RenewalRequest.objects.select_for_update(of=("self",))
        .select_related("membership__user", "membership__chapter")
        .get(pk=renewal.pk)
    )


@transaction.atomic
def renewal_approve(*, renewal: RenewalRequest, decided_by: User) -> Membership:
    """The VP approves: the term ends on its renewal date and the next one starts, with its dues line."""
    locked = _locked(renewal)
    if locked.status == RenewalRequest.Status.APPROVED:
        # Approved twice: the first approval's term (read after the lock, not joined: a joined row
        # would come from before the wait).
        return Membership.objects.get(pk=locked.renewed_term_id)
    if locked.status == RenewalRequest.Status.DECLINED:
        raise ValidationError(_("This request was declined."), code="declined")
    term = locked.membership
    if _reinstating(term):
        new_term = membership_start(
            user=term.user,
            chapter=term.chapter,
            classification=term.classification,
            renewal_due_on=locked.renewal_due_on,
            sponsor=None,
        )
    else:
        new_term = membership_renew(membership=term, renewal_due_on=locked.renewal_due_on)
    locked.status = RenewalRequest.Status.APPROVED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.renewed_term = new_term
    locked.save(update_fields=["status", "decided_by", "decided_at", "renewed_term"])
    member = locked.membership.user
    _notify(
        [member],
        kind="renewal_approved",
        params={"until": new_term.renewal_due_on.isoformat()},
        url=reverse("my_membership"),
    )
    changed(chapters=[locked.chapter_id], users=[member.pk])
    return new_term


@transaction.atomic
def renewal_decline(*, renewal: RenewalRequest, decided_by: User, reason: str) -> RenewalRequest:
    if not reason.strip():
        raise ValidationError(_("Give a reason for the decision."), code="reason_required")
    locked = _locked(renewal)
    if locked.status != RenewalRequest.Status.PENDING:
        raise ValidationError(
            _("This request was already decided (%(status)s)."),
            code="already_decided",
            params={"status": locked.get_status_display()},
        )
    locked.status = RenewalRequest.Status.DECLINED
    locked.decided_by = decided_by
    locked.decided_at = timezone.now()
    locked.decision_reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    _notify(
        [locked.membership.user],
        kind="renewal_declined",
        params={},
        url=reverse("my_membership"),
    )
    changed(chapters=[locked.chapter_id], users=[locked.membership.user_id])
    return locked
