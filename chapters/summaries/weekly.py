"""The weekly summary: one short mail per member before each meeting, with what waits for them.

It reads every layer (slips, one-to-ones, rotas, visitors, scores, asks), so it sits with the pages
(docs/architecture.md). `summaries_send_due` (the periodic jobs, hourly) queues one task per member
of each meeting whose send time has come; the task sends through members.periodic_mail, which logs
each (member, meeting) once the mail server accepted it.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chapters.models import Meeting, RotaSlot, Visitor
from chapters.reports.scores import member_score
from chapters.schemes import COLOUR_LABELS
from chapters.selectors.meetings import members_at
from members.emails import build_email
from members.models import MailTopic, Membership, User
from members.periodic_mail import MAIL_SERVER_ERRORS, already_sent, retry_later, send_once
from members.selectors.classifications import wanted_classifications
from members.selectors.preferences import email_opted_out, wants_email
from referrals.models import OneToOne, Referral
from referrals.selectors.balance import give_take_balance
from referrals.selectors.referrals import waiting_for

SUMMARY_KIND = "weekly_summary"
EVENING_BEFORE = datetime.time(18, 0)
MAX_ITEMS = 6
MAX_ASKS = 3


@dataclass
class Item:
    text: str
    url: str
    link_text: str
    asks: list[dict] = field(default_factory=list)  # other members' asks: name, ask, url


@dataclass
class Summary:
    user: User
    meeting: Meeting
    items: list[Item]
    balance: Item | None
    subject: str
    meeting_when: str


def _url(name: str, *args, query: str = "") -> str:
    return settings.SITE_URL + reverse(name, args=args) + (f"?{query}" if query else "")


def send_time(meeting: Meeting) -> datetime.datetime:
    """The chapter's hours before the meeting, or the evening before at 18:00 in its time zone."""
    chapter = meeting.chapter
    if chapter.summary_hours_before:
        return meeting.starts_at - datetime.timedelta(hours=chapter.summary_hours_before)
    day_before = timezone.localtime(meeting.starts_at, chapter.zone).date() - datetime.timedelta(days=1)
    return datetime.datetime.combine(day_before, EVENING_BEFORE, tzinfo=chapter.zone)


def meetings_due(now: datetime.datetime) -> list[Meeting]:
    """Scheduled meetings of active chapters whose summary time has come and that have not started."""
    soon = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        chapter__is_active=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=8),
    ).select_related("chapter")
    return [meeting for meeting in soon if send_time(meeting) <= now]


def summary_recipients(meeting: Meeting) -> list[User]:
    """Active members of the meeting's chapter (members on leave get no summary)."""
    terms = members_at(meeting).filter(status=Membership.Status.ACTIVE, user__is_active=True)
    return [term.user for term in terms]


def next_meeting_for_summary(chapter, now: datetime.datetime | None = None) -> Meeting | None:
    now = now or timezone.now()
    return (
        chapter.meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )


def _slips(user: User) -> Item | None:
    waiting = list(waiting_for(user=user))
    received = sum(1 for referral in waiting if referral.receiver_id == user.pk)
    to_ask = sum(1 for referral in waiting if referral.giver_id == user.pk)
    for_yes = Referral.objects.filter(
        giver=user, kind=Referral.Kind.THIRD_PARTY, consent=Referral.Consent.ASK, status=Referral.Status.NEW
    ).count()
    parts = []
    if received:
        parts.append(
            ngettext("%(count)s referral waits for you", "%(count)s referrals wait for you", received)
            % {"count": received}
        )
    if to_ask:
        parts.append(
            ngettext(
                "%(count)s lead waits for you to ask your contact",
                "%(count)s leads wait for you to ask your contacts",
                to_ask,
            )
            % {"count": to_ask}
        )
    if for_yes:
        parts.append(
            ngettext(
                "%(count)s lead waits for your contact's yes",
                "%(count)s leads wait for your contacts' yes",
                for_yes,
            )
            % {"count": for_yes}
        )
    if not parts:
        return None
    text = "; ".join(parts)
    return Item(text=text + ".", url=_url("referral_list"), link_text=_("Open my referrals"))


def _one_to_ones(user: User, today: datetime.date) -> Item | None:
    mine = Q(member_low=user) | Q(member_high=user)
    to_confirm = OneToOne.objects.filter(mine, confirmed_at__isnull=True).exclude(logged_by=user).count()
    planned = OneToOne.objects.filter(
        mine, met_on__gte=today, met_on__lte=today + datetime.timedelta(days=7)
    ).count()
    parts = []
    if to_confirm:
        parts.append(
            ngettext(
                "confirm %(count)s one-to-one a partner logged",
                "confirm %(count)s one-to-ones partners logged",
                to_confirm,
            )
            % {"count": to_confirm}
        )
    if planned:
        parts.append(
            ngettext(
                "%(count)s one-to-one planned this week", "%(count)s one-to-ones planned this week", planned
            )
            % {"count": planned}
        )
    if not parts:
        return None
    text = "; ".join(parts)
    return Item(
        text=text[0].upper() + text[1:] + ".", url=_url("one_to_one_list"), link_text=_("Open my one-to-ones")
    )


def _rota(user: User, meeting: Meeting) -> Item | None:
    slots = (
        RotaSlot.objects.filter(
            member=user,
            meeting__chapter=meeting.chapter,
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__starts_at__gte=meeting.starts_at,
            meeting__starts_at__lt=meeting.starts_at + datetime.timedelta(days=22),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
    slot = slots.first()
    if slot is None:
        return None
    day = formats.date_format(timezone.localtime(slot.meeting.starts_at, meeting.chapter.zone), "l j F")
    if slot.meeting_id == meeting.pk:
        text = _("Your turn at this meeting: %(turn)s.") % {"turn": slot.get_kind_display()}
    else:
        text = _("Your next turn: %(turn)s on %(day)s.") % {"turn": slot.get_kind_display(), "day": day}
    slug = meeting.chapter.slug
    return Item(text=text, url=_url("meeting_detail", slug, slot.meeting_id), link_text=_("See the meeting"))


def _visitors(user: User, meeting: Meeting) -> Item | None:
    names = [
        visitor.first_name
        for visitor in Visitor.objects.filter(meeting=meeting, invited_by=user).order_by("pk")
    ]
    if not names:
        return None
    text = ngettext(
        "Your visitor %(names)s comes to this meeting: a word of welcome helps.",
        "Your visitors %(names)s come to this meeting: a word of welcome helps.",
        len(names),
    ) % {"names": ", ".join(names)}
    return Item(
        text=text,
        url=_url("meeting_detail", meeting.chapter.slug, meeting.pk),
        link_text=_("See the meeting"),
    )


def _wanted(meeting: Meeting) -> Item | None:
    """The professions the chapter looks for (the committee's list): a member may know one."""
    names = [wanted.classification.name for wanted in wanted_classifications(meeting.chapter)]
    if not names:
        return None
    text = _("The chapter looks for: %(names)s. Know someone? Invite them as a visitor.") % {
        "names": ", ".join(names[:5])
    }
    return Item(
        text=text, url=_url("public_chapter", meeting.chapter.slug), link_text=_("The chapter's page")
    )


def _score(user: User, meeting: Meeting) -> Item | None:
    explained = member_score(user, meeting.chapter)
    score = explained["score"]
    text = _("Your score: %(points)s points (%(colour)s).") % {
        "points": formats.number_format(
            score.total, decimal_pos=0 if score.total == int(score.total) else 1, use_l10n=True
        ),
        "colour": COLOUR_LABELS.get(score.colour, score.colour),
    }
    if explained["suggestion_steps"]:
        text += " " + _("The cheapest step to %(colour)s: %(steps)s.") % {
            "colour": COLOUR_LABELS.get(explained["suggestion"].colour, explained["suggestion"].colour),
            "steps": ", ".join(explained["suggestion_steps"]),
        }
    return Item(text=text, url=_url("my_score"), link_text=_("See my score"))


def _asks(user: User, meeting: Meeting, now: datetime.datetime) -> Item | None:
    askers = (
        User.objects.filter(
            memberships__chapter=meeting.chapter,
            memberships__status__in=Membership.CURRENT_STATUSES,
            weekly_ask_updated_at__gte=now - datetime.timedelta(days=7),
        )
        .exclude(pk=user.pk)
        .exclude(weekly_ask="")
        .order_by("-weekly_ask_updated_at")[:MAX_ASKS]
    )
    asks = [
        {
            "name": asker.full_name,
            "ask": asker.weekly_ask,
            "url": _url("referral_create", query=f"to={asker.pk}&ask=1"),
        }
        for asker in askers
    ]
    if not asks:
        return None
    return Item(
        text=_("Asks of other members this week:"),
        url=_url("referral_create"),
        link_text=_("I know someone"),
        asks=asks,
    )


def _balance(user: User, meeting: Meeting, today: datetime.date) -> Item | None:
    """At most one gentle sentence, never the numbers: they are nobody's ledger."""
    months = give_take_balance(user=user, today=today)
    given, received = sum(month.given for month in months), sum(month.received for month in months)
    if given >= 3 and received == 0 and not user.weekly_ask:
        return Item(
            text=_("You've helped others a lot — asking is fine."),
            url=_url("profile_weekly_ask"),
            link_text=_("Set my ask for this week"),
        )
    if received >= 3 and given == 0:
        return Item(
            text=_("Others have thought of you lately; perhaps someone you know needs one of them."),
            url=_url("directory", meeting.chapter.slug),
            link_text=_("Look through the members"),
        )
    return None


def summary_for(
    *, user: User, meeting: Meeting, now: datetime.datetime | None = None, personal: bool = True
) -> Summary:
    """The summary in the active language. `personal=False` (someone else's preview) leaves out
    the give/take sentence: it is for the member alone."""
    now = now or timezone.now()
    today = timezone.localtime(now, meeting.chapter.zone).date()
    candidates = [
        _slips(user),
        _one_to_ones(user, today),
        _rota(user, meeting),
        _visitors(user, meeting),
        _score(user, meeting),
        _asks(user, meeting, now),
        _wanted(meeting),
    ]
    items = [item for item in candidates if item is not None][:MAX_ITEMS]
    when = formats.date_format(timezone.localtime(meeting.starts_at, meeting.chapter.zone), "l j F, H:i")
    subject = _("Your week at %(chapter)s: the meeting of %(when)s") % {
        "chapter": meeting.chapter.name,
        "when": when,
    }
    return Summary(
        user=user,
        meeting=meeting,
        items=items,
        balance=_balance(user, meeting, today) if personal else None,
        subject=subject,
        meeting_when=when,
    )


def summary_email(
    *, user: User, meeting: Meeting, recipient: User | None = None, personal: bool = True
) -> EmailMultiAlternatives:
    """`user`'s summary in their language, with the one-click unsubscribe headers. A test goes to
    `recipient`, whose own unsubscribe link it carries (never the member's)."""
    recipient = recipient or user
    with translation.override(user.language):
        summary = summary_for(user=user, meeting=meeting, personal=personal)
        context = {
            "summary": summary,
            "name": user.first_name,
            "chapter": meeting.chapter.name,
            "meeting_url": _url("meeting_detail", meeting.chapter.slug, meeting.pk),
        }
    message = build_email(
        to=[recipient.email],
        template="weekly_summary",
        context=context,
        language=user.language,
        unsubscribe=(recipient.pk, MailTopic.SUMMARY),
    )
    message.extra_headers["X-Kring-Mail"] = SUMMARY_KIND
    return message


@task()
def send_weekly_summary(*, user_id: int, meeting_id: int, attempt: int = 0) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    meeting = Meeting.objects.select_related("chapter").filter(pk=meeting_id).first()
    if user is None or meeting is None or meeting.status != Meeting.Status.SCHEDULED:
        return False
    if meeting.starts_at <= timezone.now() or not wants_email(user, MailTopic.SUMMARY):
        return False
    try:
        return send_once(
            user=user,
            kind=SUMMARY_KIND,
            key=f"meeting:{meeting.pk}",
            meeting_id=meeting.pk,
            build=lambda: summary_email(user=user, meeting=meeting),
        )
    except MAIL_SERVER_ERRORS:
        retry_later(send_weekly_summary, attempt=attempt, user_id=user_id, meeting_id=meeting_id)
        return False


@task()
def send_summary_test(*, member_id: int, meeting_id: int, to_user_id: int) -> None:
    """What `member` will receive, sent to the president who asked (not logged: it is no summary)."""
    member = User.objects.filter(pk=member_id).first()
    meeting = Meeting.objects.select_related("chapter").filter(pk=meeting_id).first()
    to = User.objects.filter(pk=to_user_id).first()
    if member is None or meeting is None or to is None or not to.email:
        return
    summary_email(user=member, meeting=meeting, recipient=to, personal=member.pk == to.pk).send()


@dataclass
class SummaryRun:
    queued: int = 0
    without_email: list[User] = field(default_factory=list)


def summaries_send_due(*, now: datetime.datetime | None = None) -> SummaryRun:
    """Queue the summaries whose time has come and that were not sent yet; safe to run again."""
    now = now or timezone.now()
    run = SummaryRun()
    for meeting in meetings_due(now):
        recipients = summary_recipients(meeting)
        user_ids = [user.pk for user in recipients]
        skip = already_sent(user_ids=user_ids, kind=SUMMARY_KIND, key=f"meeting:{meeting.pk}")
        skip |= email_opted_out(user_ids, MailTopic.SUMMARY)
        for user in recipients:
            if user.pk in skip:
                continue
            if not user.email:
                run.without_email.append(user)
                continue
            send_weekly_summary.enqueue(user_id=user.pk, meeting_id=meeting.pk)
            run.queued += 1
    return run
