"""In-app notices for a member, stored as a kind and its parameters and put into words when read.

A notice is written by one person's action (often in their language) and read by another: storing
the text would show a Dutch sentence to a member who chose English. `NOTICE_KINDS` holds each
kind's message; `Notice.text` renders it in the language active when it is read.
"""

import contextlib
import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.models.mail import MailTopic


class NoticeKind(NamedTuple):
    message: str | Promise  # with %(name)s parameters
    topic: MailTopic  # which of the member's mail preferences governs it


NOTICE_KINDS: dict[str, NoticeKind] = {
    # A notice from before notices had kinds, or that could not be mapped: its text as written.
    "text": NoticeKind("%(text)s", MailTopic.COMMITTEE),
    "referral_new": NoticeKind(_("%(name)s passed you a referral"), MailTopic.REFERRALS),
    "referral_received": NoticeKind(_("You received a new referral."), MailTopic.REFERRALS),
    "referral_won": NoticeKind(_("%(name)s won the business you referred"), MailTopic.REFERRALS),
    "referral_lost": NoticeKind(_("%(name)s lost the business you referred"), MailTopic.REFERRALS),
    "testimonial_invite": NoticeKind(
        _("%(name)s won the business you passed on. Write a testimonial about their work?"),
        MailTopic.REFERRALS,
    ),
    "thanked": NoticeKind(_("%(name)s thanked you for closed business"), MailTopic.REFERRALS),
    "one_to_one_confirm": NoticeKind(
        _("%(name)s logged a one-to-one with you: please confirm it"), MailTopic.ONE_TO_ONES
    ),
    "consent_yes": NoticeKind(
        _("Your contact said yes: %(name)s can now get in touch."), MailTopic.REFERRALS
    ),
    "consent_no": NoticeKind(
        _("Your contact would rather not be passed on this time. Their details are erased."),
        MailTopic.REFERRALS,
    ),
    "consent_erased": NoticeKind(
        _("Your contact asked Kring to erase their details; the slip stays without them."),
        MailTopic.REFERRALS,
    ),
    "consent_expired": NoticeKind(
        _("Your contact did not answer within 30 days: the request expired and their details are erased."),
        MailTopic.REFERRALS,
    ),
    "consent_reminder": NoticeKind(
        _("Your contact has not answered Kring's question yet. A short call from you may help."),
        MailTopic.REFERRALS,
    ),
    "renewal_soon": NoticeKind(_("Your membership of %(chapter)s ends on %(on)s."), MailTopic.RENEWALS),
    "feature_turn_soon": NoticeKind(_("Your feature presentation is on %(on)s."), MailTopic.MEETINGS),
    "education_turn_soon": NoticeKind(_("Your education moment is on %(on)s."), MailTopic.MEETINGS),
    "application_new": NoticeKind(_("New application: %(name)s (%(profession)s)"), MailTopic.COMMITTEE),
    "application_new_own_words": NoticeKind(
        _("New application: %(name)s (in their own words: %(profession)s)"), MailTopic.COMMITTEE
    ),
    "application_proposed": NoticeKind(
        _("%(name)s (%(classification)s) is proposed as a new member; you may object until %(until)s."),
        MailTopic.COMMITTEE,
    ),
    "renewal_requested": NoticeKind(_("%(name)s asks to renew their membership."), MailTopic.COMMITTEE),
    "renewal_approved": NoticeKind(_("Your membership is renewed until %(until)s."), MailTopic.RENEWALS),
    "renewal_declined": NoticeKind(
        _("Your renewal request was declined. The VP of your chapter will tell you why."), MailTopic.RENEWALS
    ),
    "onboarding_new_member": NoticeKind(_("%(name)s is a new member: assign a mentor."), MailTopic.COMMITTEE),
    "onboarding_mentor": NoticeKind(_("You are the mentor of %(name)s."), MailTopic.COMMITTEE),
    "onboarding_overdue": NoticeKind(_("Onboarding of %(name)s is overdue: %(item)s."), MailTopic.COMMITTEE),
}


def notice_text(kind: str, params: dict) -> str:
    """The notice in the active language. Parameters named `until`/`on` hold ISO dates, shown as
    "8 december" or "8 December"; a kind or parameter that went missing shows what is left."""
    entry = NOTICE_KINDS.get(kind)
    if entry is None:
        return str(params.get("text", ""))
    shown = dict(params)
    for name in ("until", "on"):
        if isinstance(shown.get(name), str):
            with contextlib.suppress(ValueError):
                shown[name] = formats.date_format(datetime.date.fromisoformat(shown[name]), "j F")
    try:
        return str(entry.message) % shown
    except (KeyError, TypeError, ValueError):
        return str(params.get("text", entry.message))


class Notice(models.Model):
    """An in-app message ("Bob passed you a referral"), shown as a count in the navigation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", db_index=False
    )  # (user, read_at) below leads with it
    kind = models.CharField(max_length=40, default="text")
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return notice_text(self.kind, self.params)
