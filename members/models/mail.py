"""What a member wants to hear about by email, and the log of mails the periodic jobs sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailTopic(models.TextChoices):
    """What a notice or mail is about: a member chooses per switchable topic how they hear of it."""

    SUMMARY = "summary", _("Weekly summary")
    REFERRALS = "referrals", _("Referrals and thank-yous")
    ONE_TO_ONES = "one_to_ones", _("One-to-ones")
    MEETINGS = "meetings", _("Meetings and rotas")
    VISITORS = "visitors", _("Visitors")
    RENEWALS = "renewals", _("Renewals")
    # Not switchable: the chapter's rules depend on them reaching the member.
    ABSENCES = "absences", _("Absence letters")
    COMMITTEE = "committee", _("Committee notices")


SWITCHABLE_TOPICS = (
    MailTopic.SUMMARY,
    MailTopic.REFERRALS,
    MailTopic.ONE_TO_ONES,
    MailTopic.MEETINGS,
    MailTopic.VISITORS,
    MailTopic.RENEWALS,
)


class Delivery(models.TextChoices):
    EMAIL = "email", _("Email and in the app")
    IN_APP = "in_app", _("In the app only")
    OFF = "off", _("Off")


class MailPreference(models.Model):
    """A member's choice for one topic; without a row the topic is delivered by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preferences", db_index=False
    )  # the unique key below leads with it
    topic = models.CharField(_("topic"), max_length=20, choices=MailTopic.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="mail_preference_once_per_topic"),
            models.CheckConstraint(
                condition=models.Q(topic__in=[topic.value for topic in SWITCHABLE_TOPICS]),
                name="mail_preference_switchable_topic",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.topic}: {self.delivery}"


class SentMail(models.Model):
    """One periodic mail that the mail server accepted: the jobs never send the same one twice.

    `key` says what it was about ("meeting:12", "term:7:30", "rota:5", "one_to_one:9"); the weekly
    summary also points at its meeting.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_mails", db_index=False
    )  # the unique key below leads with it
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=80)
    meeting = models.ForeignKey(
        "chapters.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="sent_mail_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} to {self.user_id}"
