"""Reads about referrals, thank-yous and one-to-ones that pages share."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DateField,
    DecimalField,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from chapters.models import Chapter
from members.access import ChapterAccess
from members.capabilities import Capability
from members.models import Membership, User
from referrals.models import Notice, OneToOne, Referral, ThankYou

BALANCE_MONTHS = 6
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
    """Outside contacts: only the giver, the receiver and leaders of either chapter."""
    if user.pk in (referral.giver_id, referral.receiver_id):
        return True
    return (
        bool(access)
        and access.is_leader
        and access.chapter.pk
        in (
            referral.giver_chapter_id,
            referral.receiver_chapter_id,
        )
    )


def receiver_candidates(*, giver: User, chapter: Chapter, text: str, limit: int = 8) -> QuerySet[Membership]:
    """Current members of the giver's region matching a few letters of name, company or classification.

    Own chapter first; never the giver.
    """
    terms = (
        Membership.objects.filter(
            chapter__region_id=chapter.region_id, status__in=Membership.CURRENT_STATUSES
        )
        .exclude(user=giver)
        .select_related("user", "classification", "chapter")
    )
    for word in text.split()[:4]:
        terms = terms.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__company__icontains=word)
            | Q(classification__name_nl__icontains=word)
            | Q(classification__name_en__icontains=word)
        )
    own_first = Count("pk", filter=Q(chapter=chapter))
    return terms.annotate(own=own_first).order_by("-own", "user__first_name", "user__last_name")[:limit]


def region_memberships(*, chapter: Chapter, exclude: User) -> QuerySet[Membership]:
    """Current memberships in the chapter's region but `exclude`'s, with user and chapter."""
    return (
        Membership.objects.filter(
            chapter__region_id=chapter.region_id, status__in=Membership.CURRENT_STATUSES
        )
        .exclude(user=exclude)
        .select_related("user", "chapter")
    )


def region_members(*, chapter: Chapter, exclude: User) -> QuerySet[User]:
    return User.objects.filter(
        memberships__chapter__region_id=chapter.region_id,
        memberships__status__in=Membership.CURRENT_STATUSES,
    ).exclude(pk=exclude.pk)


def waiting_for(*, user: User) -> QuerySet[Referral]:
    """Referrals waiting for my action: received and not yet moved past "contacted", and my own leads."""
    receivable = Q(receiver=user, status__in=[Referral.Status.NEW, Referral.Status.CONTACTED]) & (
        Q(kind=Referral.Kind.OWN_BUSINESS) | ~Q(consent=Referral.Consent.NONE)
    )
    my_leads = Q(
        giver=user, kind=Referral.Kind.THIRD_PARTY, consent=Referral.Consent.NONE, status=Referral.Status.NEW
    )
    return (
        Referral.objects.filter(receivable | my_leads)
        .select_related("giver", "receiver")
        .order_by("created_at")
    )


def month_starts(today: datetime.date, months: int = BALANCE_MONTHS) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return starts[::-1]


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class BalanceMonth:
    month: datetime.date
    given: int = 0
    received: int = 0
    thanks_given: Decimal = Decimal(0)
    thanks_received: Decimal = Decimal(0)

    @property
    def label(self) -> str:
        return date_format(self.month, "M")


def give_take_balance(*, user: User, today: datetime.date | None = None) -> list[BalanceMonth]:
    """Referrals given and received, and TYFCB thanked by and to me, per month for the last 6 months.

    One query (a UNION of both sums). "TYFCB received" is business others closed thanks to me (they
    thanked me).
    """
    today = today or timezone.localdate()
    starts = month_starts(today)
    months = {start: BalanceMonth(start) for start in starts}
    number = DecimalField(max_digits=14, decimal_places=2)
    referrals = (
        Referral.objects.filter(Q(giver=user) | Q(receiver=user), created_at__gte=_aware(starts[0]))
        .exclude(status=Referral.Status.WITHDRAWN)
        .annotate(source=Value("referrals"), month=TruncMonth("created_at", output_field=DateField()))
        .values("source", "month")
        .annotate(
            first=Cast(Count("pk", filter=Q(giver=user)), number),
            second=Cast(Count("pk", filter=Q(receiver=user)), number),
        )
        .order_by()
    )
    thanks = (
        ThankYou.objects.filter(Q(thanked_by=user) | Q(thanked=user), closed_on__gte=starts[0])
        .annotate(source=Value("thanks"), month=TruncMonth("closed_on", output_field=DateField()))
        .values("source", "month")
        .annotate(
            first=Sum("amount", filter=Q(thanked_by=user), default=0, output_field=number),
            second=Sum("amount", filter=Q(thanked=user), default=0, output_field=number),
        )
        .order_by()
    )
    for row in referrals.union(thanks, all=True).order_by():
        month = months.get(row["month"])
        if month is None:
            continue
        if row["source"] == "referrals":
            month.given, month.received = int(row["first"]), int(row["second"])
        else:
            # I thanked others for business they brought me; others thanked me for business I brought.
            month.thanks_given, month.thanks_received = row["second"], row["first"]
    return list(months.values())


@dataclass
class Bar:
    x: int
    y: int
    height: int
    value: object
    css: str


def balance_chart(months: list[BalanceMonth], *, height: int = 80) -> dict:
    """Bar geometry for the inline SVG (no chart library; heights relative to the busiest month)."""
    width_per_month = 44

    def bars(first: str, second: str, css_first: str, css_second: str) -> list[Bar]:
        top = max([getattr(m, first) for m in months] + [getattr(m, second) for m in months] + [1])
        out = []
        for index, month in enumerate(months):
            for offset, (attr, css) in enumerate(((first, css_first), (second, css_second))):
                value = getattr(month, attr)
                bar_height = round(float(value) / float(top) * height) if value else 0
                out.append(
                    Bar(
                        index * width_per_month + 6 + offset * 16, height - bar_height, bar_height, value, css
                    )
                )
        return out

    return {
        "width": width_per_month * len(months),
        "height": height,
        "label_y": height + 14,
        "labels": [(index * width_per_month + 22, month.label) for index, month in enumerate(months)],
        "referrals": bars("given", "received", "bar-given", "bar-received"),
        "thanks": bars("thanks_given", "thanks_received", "bar-given", "bar-received"),
        "totals": {
            "given": sum(m.given for m in months),
            "received": sum(m.received for m in months),
            "thanks_given": sum((m.thanks_given for m in months), Decimal(0)),
            "thanks_received": sum((m.thanks_received for m in months), Decimal(0)),
        },
    }


def one_to_ones_of(user: User) -> QuerySet[OneToOne]:
    return OneToOne.objects.filter(Q(member_low=user) | Q(member_high=user)).select_related(
        "member_low", "member_high", "logged_by"
    )


def home_context(*, user: User, chapter: Chapter) -> dict:
    """What the member home shows from this app (waiting referrals, give/take balance, ...). Four queries."""
    today = timezone.localdate()
    waiting = list(waiting_for(user=user)[:6])
    balance = give_take_balance(user=user, today=today)
    month_start = today.replace(day=1)
    mine = Q(member_low=OuterRef("pk")) | Q(member_high=OuterRef("pk"))
    # One query for three counts (the navigation's notice badge reads the first from the context).
    counts = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread=_subquery_count(Notice.objects.filter(user=OuterRef("pk"), read_at__isnull=True)),
            this_month=_subquery_count(
                OneToOne.objects.filter(mine, met_on__gte=month_start, met_on__lte=today)
            ),
            to_confirm=_subquery_count(
                OneToOne.objects.filter(mine, confirmed_at__isnull=True).exclude(logged_by=OuterRef("pk"))
            ),
        )
        .values("unread", "this_month", "to_confirm")
        .get()
    )
    return {
        "referrals_waiting": waiting,
        "balance": balance_chart(balance),
        "one_to_ones_this_month": counts["this_month"],
        "one_to_ones_to_confirm": counts["to_confirm"],
        "unread_notice_count": counts["unread"],
    }


def _subquery_count(queryset: QuerySet):
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def unread_notice_count(user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


# --- Totals (per member and per chapter)


def period_starts(today: datetime.date) -> dict[str, datetime.date]:
    return {
        "week": today - datetime.timedelta(days=today.weekday()),
        "month": today.replace(day=1),
        "six_months": month_starts(today)[0],
    }


def member_totals(*, user: User, today: datetime.date | None = None) -> dict:
    """My numbers per week, month and the last 6 months: referrals given/received inside and outside
    the chapter, TYFCB thanked to me and by me, one-to-ones. Three queries."""
    today = today or timezone.localdate()
    starts = period_starts(today)
    same = Q(giver_chapter=F("receiver_chapter"))
    aggregates = {}
    for period, start in starts.items():
        since = Q(created_at__gte=_aware(start))
        aggregates[f"{period}|given_inside"] = Count("pk", filter=since & Q(giver=user) & same)
        aggregates[f"{period}|given_outside"] = Count("pk", filter=since & Q(giver=user) & ~same)
        aggregates[f"{period}|received_inside"] = Count("pk", filter=since & Q(receiver=user) & same)
        aggregates[f"{period}|received_outside"] = Count("pk", filter=since & Q(receiver=user) & ~same)
    counts = (
        Referral.objects.exclude(status=Referral.Status.WITHDRAWN)
        .filter(Q(giver=user) | Q(receiver=user), created_at__gte=_aware(starts["six_months"]))
        .aggregate(**aggregates)
    )
    thanks_aggregates = {}
    for period, start in starts.items():
        since = Q(closed_on__gte=start)
        thanks_aggregates[f"{period}|thanks_received"] = Sum(
            "amount", filter=since & Q(thanked=user), default=0
        )
        thanks_aggregates[f"{period}|thanks_given"] = Sum(
            "amount", filter=since & Q(thanked_by=user), default=0
        )
    thanks = ThankYou.objects.filter(
        Q(thanked=user) | Q(thanked_by=user), closed_on__gte=starts["six_months"]
    ).aggregate(**thanks_aggregates)
    meetings = (
        one_to_ones_of(user)
        .filter(met_on__range=(starts["six_months"], today))
        .aggregate(
            **{
                f"{period}|one_to_ones": Count("pk", filter=Q(met_on__gte=start))
                for period, start in starts.items()
            }
        )
    )
    return _by_period(starts, {**counts, **thanks, **meetings})


def _by_period(starts: dict, values: dict) -> dict[str, dict]:
    result: dict[str, dict] = {period: {} for period in starts}
    for key, value in values.items():
        period, name = key.split("|")
        result[period][name] = value
    return result


def chapter_totals(*, chapter: Chapter, today: datetime.date | None = None) -> dict:
    """The chapter's referrals (given inside/outside, received from outside), TYFCB and one-to-ones
    per week, month and 6 months. Three queries."""
    today = today or timezone.localdate()
    starts = period_starts(today)
    same = Q(giver_chapter=F("receiver_chapter"))
    given_here = Q(giver_chapter=chapter)
    received_here = Q(receiver_chapter=chapter)
    aggregates = {}
    for period, start in starts.items():
        since = Q(created_at__gte=_aware(start))
        aggregates[f"{period}|given_inside"] = Count("pk", filter=since & given_here & same)
        aggregates[f"{period}|given_outside"] = Count("pk", filter=since & given_here & ~same)
        aggregates[f"{period}|received_outside"] = Count("pk", filter=since & received_here & ~same)
    counts = (
        Referral.objects.exclude(status=Referral.Status.WITHDRAWN)
        .filter(given_here | received_here, created_at__gte=_aware(starts["six_months"]))
        .aggregate(**aggregates)
    )
    thanks = ThankYou.objects.filter(
        Q(from_chapter=chapter) | Q(to_chapter=chapter), closed_on__gte=starts["six_months"]
    ).aggregate(
        **{
            f"{period}|thanks": Sum(
                "amount", filter=Q(closed_on__gte=start) & Q(from_chapter=chapter), default=0
            )
            for period, start in starts.items()
        }
    )
    # The lower bound lets the (chapter, met_on) index skip the chapter's older years.
    meetings = chapter.one_to_ones.filter(met_on__range=(starts["six_months"], today)).aggregate(
        **{
            f"{period}|one_to_ones": Count("pk", filter=Q(met_on__gte=start))
            for period, start in starts.items()
        }
    )
    return _by_period(starts, {**counts, **thanks, **meetings})


def last_meeting_day(chapter: Chapter, today: datetime.date | None = None) -> datetime.date:
    """The most recent meeting day before today (the referrals round reads out what passed since)."""
    today = today or timezone.localdate()
    days_back = (today.weekday() - chapter.meeting_weekday) % 7 or 7
    return today - datetime.timedelta(days=days_back)


def board_context(*, chapter: Chapter, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    since = last_meeting_day(chapter, today)
    in_chapter = Q(giver_chapter=chapter) | Q(receiver_chapter=chapter)
    referrals = (
        Referral.objects.filter(in_chapter, created_at__gte=_aware(since))
        .exclude(status=Referral.Status.WITHDRAWN)
        .select_related("giver", "receiver", "giver_chapter", "receiver_chapter")
        .order_by("giver__first_name", "created_at")
    )
    thanks = (
        ThankYou.objects.filter(
            Q(from_chapter=chapter) | Q(to_chapter=chapter), created_at__gte=_aware(since)
        )
        .select_related("thanked_by", "thanked", "to_chapter", "from_chapter")
        .order_by("thanked_by__first_name", "created_at")
    )
    leads = (
        Referral.objects.filter(
            giver_chapter=chapter,
            kind=Referral.Kind.THIRD_PARTY,
            consent=Referral.Consent.NONE,
            status=Referral.Status.NEW,
        )
        .select_related("giver", "receiver")
        .order_by("created_at")
    )
    round_thanks = list(thanks[:200])
    return {
        "since": since,
        "round_referrals": list(referrals[:200]),
        "round_thanks": round_thanks,
        "round_thanks_total": sum((t.amount for t in round_thanks), Decimal(0)),
        "leads": list(leads[:50]),
        "totals": chapter_totals(chapter=chapter, today=today),
    }


# --- One-to-one suggestions


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
        Membership.objects.filter(chapter=chapter, status__in=Membership.CURRENT_STATUSES)
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
