"""Which referral slips a user may see, and their contact details."""

from django.db.models import (
    Q,
    QuerySet,
)
from django.http import Http404

from members.access import ChapterAccess
from members.capabilities import Capability
from members.models import User
from referrals.models import Referral, Testimonial, ThankYou


def can_see_chapter_slips(access: ChapterAccess | None) -> bool:
    return bool(access) and (access.is_leader or access.can(Capability.VIEW_REPORTS))


def referrals_for(*, user: User, access: ChapterAccess | None) -> QuerySet[Referral]:
    """Slips this person may open: their own (given or received), and their chapter's for leaders."""
    visible = Q(giver=user) | Q(receiver=user)
    if can_see_chapter_slips(access):
        visible |= Q(giver_chapter=access.chapter) | Q(receiver_chapter=access.chapter)
    return Referral.objects.filter(visible).select_related(
        "giver", "receiver", "giver_chapter", "receiver_chapter"
    )


def referral_for_user(*, user: User, access: ChapterAccess | None, pk: int) -> Referral:
    referral = referrals_for(user=user, access=access).filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def may_see_contact(*, referral: Referral, user: User, access: ChapterAccess | None) -> bool:
    """Outside contacts: only the giver, the receiver and leaders of either chapter.

    The receiver only once the contact agreed: not while the giver still has to ask, nor while Kring
    waits for the contact's own yes ("Mag ik je doorgeven?").
    """
    if user.pk == referral.giver_id:
        return True
    if user.pk == referral.receiver_id:
        return not referral.is_lead
    return (
        bool(access)
        and access.is_leader
        and access.chapter.pk
        in (
            referral.giver_chapter_id,
            referral.receiver_chapter_id,
        )
    )


def recommendation_evidence(*, giver: User, receiver: User) -> list[str]:
    """Why `giver` may recommend `receiver` from experience; empty: the slip can only introduce.

    "thanked": a thank-you the giver gave that member (issue 16's wording); "customer": a thank-you
    the member recorded for the giver's own business, i.e. the giver was their paying customer;
    "testimonial": one the giver wrote about them.
    """
    evidence = []
    if ThankYou.objects.filter(thanked_by=giver, thanked=receiver).exists():
        evidence.append("thanked")
    if ThankYou.objects.filter(
        thanked_by=receiver, thanked=giver, referral__kind=Referral.Kind.OWN_BUSINESS
    ).exists():
        evidence.append("customer")
    if Testimonial.objects.filter(given_by=giver, given_to=receiver).exists():
        evidence.append("testimonial")
    return evidence


def waiting_for(*, user: User) -> QuerySet[Referral]:
    """Referrals waiting for my action: received and not yet moved past "contacted", and my own leads."""
    receivable = Q(receiver=user, status__in=[Referral.Status.NEW, Referral.Status.CONTACTED]) & (
        Q(kind=Referral.Kind.OWN_BUSINESS) | ~Q(consent__in=Referral.LEAD_CONSENTS)
    )
    my_leads = Q(
        giver=user, kind=Referral.Kind.THIRD_PARTY, consent=Referral.Consent.NONE, status=Referral.Status.NEW
    )
    return (
        Referral.objects.filter(receivable | my_leads)
        .select_related("giver", "receiver")
        .order_by("created_at")
    )
