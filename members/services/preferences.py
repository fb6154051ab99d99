"""A member's mail preferences: set from their settings page or from the link in a mail."""

from django.db import transaction
from django.utils import timezone

from members.models import SWITCHABLE_TOPICS, Delivery, MailPreference, MailTopic, User


def preference_set(*, user: User, topic: str, delivery: str) -> MailPreference:
    """Absence letters and committee notices are not switchable: the chapter's rules need them read."""
    if topic not in SWITCHABLE_TOPICS:
        raise ValueError(topic)
    if delivery not in Delivery.values:
        raise ValueError(delivery)
    with transaction.atomic():
        preference, _created = MailPreference.objects.update_or_create(
            user=user, topic=topic, defaults={"delivery": delivery, "changed_at": timezone.now()}
        )
    return preference


def preference_unsubscribe(*, user: User, topic: str) -> MailPreference:
    """The one-click link: no more mails of this topic. Notices stay in the app; the summary, which
    is only a mail, goes off. Clicking twice changes nothing the second time."""
    delivery = Delivery.OFF if topic == MailTopic.SUMMARY else Delivery.IN_APP
    return preference_set(user=user, topic=topic, delivery=delivery)
