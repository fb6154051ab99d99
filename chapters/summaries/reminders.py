"""Reminders the periodic jobs send: a term that ends (60, 30 and 7 days before, to the member and
the membership committee), a rota turn (3 days before) and a one-to-one the partner logged that
waits for confirmation. Each once, through members.periodic_mail, as the member's preferences allow.

A job finds what is due and queues `send_reminder`; the task builds the mail in the recipient's
language when it runs, so a moved meeting or a confirmed one-to-one sends nothing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import formats, timezone, translation

from chapters.models import Meeting, RotaSlot
from config.amounts import eur
from members.access import current_q
from members.emails import build_email
from members.models import Delivery, DuesRate, MailTopic, Membership, RoleAssignment, SentMail, User
from members.periodic_mail import MAIL_SERVER_ERRORS, retry_later, send_once, sent_log
from members.selectors.preferences import delivery_for
from members.services.dues import term_months
from referrals.models import OneToOne
from referrals.services.notices import notice_create

RENEWAL_DAYS = (60, 30, 7)  # each a band: 60 covers 31-60 days left, 30 covers 8-30, 7 covers 0-7
ROTA_DAYS = 3
ONE_TO_ONE_AFTER = datetime.timedelta(days=2)
ONE_TO_ONE_UNTIL = datetime.timedelta(days=30)  # older unconfirmed ones are left alone


@dataclass
class Reminder:
    template: str
    context: dict
    topic: MailTopic
    notice: tuple[str, dict, str] | None = None  # (kind, params, url) for "in the app only"


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def renewal_band(days_left: int) -> int | None:
    """The reminder a term `days_left` from its end is due: 60, 30 or 7 (None outside)."""
    if days_left < 0:
        return None
    bands = sorted(RENEWAL_DAYS)
    for band in bands:
        if days_left <= band:
            return band
    return None


def _dues_amount(term: Membership) -> str:
    rate = DuesRate.objects.filter(chapter_id=term.chapter_id, term_months=term_months(term)).first()
    if rate is None:
        return ""
    return eur(rate.amount + (rate.amount * rate.vat_rate / 100))


def _renewal(user: User, key: str) -> Reminder | None:
    _kind, term_pk, band = key.split(":")
    term = Membership.objects.select_related("user", "chapter").filter(pk=term_pk).first()
    if term is None or term.status not in Membership.CURRENT_STATUSES:
        return None
    chapter = term.chapter
    for_member = term.user_id == user.pk
    context = {
        "name": user.first_name,
        "member": term.user.full_name,
        "chapter": chapter.name,
        "days": int(band),
        "ends_on": formats.date_format(term.renewal_due_on, "j F Y"),
        "amount": _dues_amount(term),
        "for_member": for_member,
        "url": _url("home") if for_member else _url("renewals", chapter.slug),
    }
    if not for_member:
        return Reminder("renewal_reminder", context, MailTopic.COMMITTEE)
    notice = ("renewal_soon", {"chapter": chapter.name, "on": term.renewal_due_on.isoformat()}, _url("home"))
    return Reminder("renewal_reminder", context, MailTopic.RENEWALS, notice)


def _rota(user: User, key: str) -> Reminder | None:
    slot = (
        RotaSlot.objects.select_related("meeting__chapter").filter(pk=key.split(":")[1], member=user).first()
    )
    if (
        slot is None
        or slot.meeting.status != Meeting.Status.SCHEDULED
        or slot.meeting.starts_at <= timezone.now()
    ):
        return None
    meeting = slot.meeting
    context = {
        "name": user.first_name,
        "turn": slot.get_kind_display(),
        "chapter": meeting.chapter.name,
        "when": formats.date_format(
            timezone.localtime(meeting.starts_at, meeting.chapter.zone), "l j F, H:i"
        ),
        "url": _url("meeting_detail", meeting.chapter.slug, meeting.pk),
    }
    day = timezone.localtime(meeting.starts_at, meeting.chapter.zone).date().isoformat()
    notice = (f"{slot.kind}_turn_soon", {"on": day}, context["url"])
    return Reminder("rota_reminder", context, MailTopic.MEETINGS, notice)


def _one_to_one(user: User, key: str) -> Reminder | None:
    one_to_one = OneToOne.objects.select_related("logged_by").filter(pk=key.split(":")[1]).first()
    if one_to_one is None or one_to_one.confirmed_at is not None or one_to_one.confirmer_id != user.pk:
        return None
    context = {
        "name": user.first_name,
        "partner": one_to_one.logged_by.full_name,
        "met_on": formats.date_format(one_to_one.met_on, "l j F"),
        "url": _url("one_to_one_detail", one_to_one.pk),
    }
    # In the app the notice of the log itself asks to confirm: no second one.
    return Reminder("one_to_one_reminder", context, MailTopic.ONE_TO_ONES)


BUILDERS: dict[str, Callable[[User, str], Reminder | None]] = {
    "renewal_reminder": _renewal,
    "rota_reminder": _rota,
    "one_to_one_reminder": _one_to_one,
}


def _reminder_mail(user: User, reminder: Reminder):
    with translation.override(user.language):
        context = dict(reminder.context)
    unsubscribe = (user.pk, reminder.topic) if reminder.topic != MailTopic.COMMITTEE else None
    message = build_email(
        to=[user.email],
        template=reminder.template,
        context=context,
        language=user.language,
        unsubscribe=unsubscribe,
    )
    message.extra_headers["X-Kring-Mail"] = reminder.template
    return message


def _notice_once(user: User, kind: str, key: str, reminder: Reminder) -> bool:
    """ "In the app only": the reminder as a notice, once (the sent-log holds it like a mail)."""
    if reminder.notice is None:
        return False
    notice_kind, params, url = reminder.notice
    with transaction.atomic():
        _log, created = SentMail.objects.get_or_create(user=user, kind=kind, key=key)
        if created:
            notice_create(user=user, kind=notice_kind, params=params, url=url.removeprefix(settings.SITE_URL))
    return created


@task()
def send_reminder(*, kind: str, key: str, user_id: int, attempt: int = 0) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or kind not in BUILDERS:
        return False
    with translation.override(user.language):
        reminder = BUILDERS[kind](user, key)  # dates and amounts in the recipient's format
    if reminder is None:
        return False
    delivery = delivery_for(user, reminder.topic)
    if delivery == Delivery.OFF:
        return False
    if delivery == Delivery.IN_APP or not user.email:
        return _notice_once(user, kind, key, reminder)
    try:
        return send_once(user=user, kind=kind, key=key, build=lambda: _reminder_mail(user, reminder))
    except MAIL_SERVER_ERRORS:
        retry_later(send_reminder, attempt=attempt, kind=kind, key=key, user_id=user_id)
        return False


def _committee(chapter_id: int) -> list[User]:
    holders = RoleAssignment.objects.filter(
        current_q(), chapter_id=chapter_id, role__code="membership_committee"
    ).values("user_id")
    return list(User.objects.filter(pk__in=holders, is_active=True))


def _renewals_due(today: datetime.date) -> list[tuple[str, str, User]]:
    terms = Membership.objects.filter(
        status__in=Membership.CURRENT_STATUSES,
        renewal_due_on__gte=today,
        renewal_due_on__lte=today + datetime.timedelta(days=max(RENEWAL_DAYS)),
        chapter__is_active=True,
    ).select_related("user")
    due, committees = [], {}
    for term in terms:
        band = renewal_band((term.renewal_due_on - today).days)
        key = f"term:{term.pk}:{band}"
        if term.chapter_id not in committees:
            committees[term.chapter_id] = _committee(term.chapter_id)
        for user in [term.user, *committees[term.chapter_id]]:
            due.append(("renewal_reminder", key, user))
    return due


def _rotas_due(now: datetime.datetime) -> list[tuple[str, str, User]]:
    slots = RotaSlot.objects.filter(
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=now + datetime.timedelta(days=ROTA_DAYS),
    ).select_related("member")
    return [("rota_reminder", f"rota:{slot.pk}", slot.member) for slot in slots]


def _one_to_ones_due(now: datetime.datetime) -> list[tuple[str, str, User]]:
    waiting = OneToOne.objects.filter(
        confirmed_at__isnull=True,
        created_at__lte=now - ONE_TO_ONE_AFTER,
        created_at__gte=now - ONE_TO_ONE_UNTIL,
    ).select_related("member_low", "member_high")
    due = []
    for one_to_one in waiting:
        confirmer = (
            one_to_one.member_high
            if one_to_one.confirmer_id == one_to_one.member_high_id
            else one_to_one.member_low
        )
        due.append(("one_to_one_reminder", f"one_to_one:{one_to_one.pk}", confirmer))
    return due


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Queue every reminder that is due and not yet sent; safe to run again (the sent-log)."""
    now = now or timezone.now()
    due = [*_renewals_due(timezone.localdate(now)), *_rotas_due(now), *_one_to_ones_due(now)]
    sent = sent_log(kinds=list(BUILDERS), keys={key for _kind, key, _user in due})
    queued = 0
    for kind, key, user in due:
        if (kind, key, user.pk) in sent:
            continue
        send_reminder.enqueue(kind=kind, key=key, user_id=user.pk)
        queued += 1
    return queued
