"""Members' weekly asks and who answered them with "I know someone"."""

from django.db.models import F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from chapters.models import Chapter
from members.models import Membership
from members.selectors.memberships import current_memberships
from referrals.models import Referral


def _answering_givers(receiver_ref: str = "user_id", since_ref: str = "user__weekly_ask_updated_at"):
    """How many members passed a slip answering the receiver's current ask (since it was written)."""
    answers = (
        Referral.objects.filter(receiver=OuterRef(receiver_ref), created_at__gte=OuterRef(since_ref))
        .exclude(answered_ask="")
        .exclude(status=Referral.Status.WITHDRAWN)
        .order_by()
        .annotate(n=Func(F("giver_id"), function="COUNT", template="COUNT(DISTINCT %(expressions)s)"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(answers, output_field=IntegerField()), 0)


def chapter_asks(*, chapter: Chapter) -> QuerySet[Membership]:
    """The chapter's current members with an ask, newest ask first, each with `answers`. One query."""
    return (
        current_memberships([chapter])
        .exclude(user__weekly_ask="")
        .annotate(answers=_answering_givers())
        .order_by(F("user__weekly_ask_updated_at").desc(nulls_last=True), "user__first_name")
    )
