"""How a member wants to hear about each topic (members/models/mail.py)."""

from members.models import SWITCHABLE_TOPICS, Delivery, MailPreference, MailTopic, User


def delivery_for(user: User, topic: str) -> str:
    """Email unless the member chose otherwise; absence letters and committee notices always reach them."""
    if topic not in SWITCHABLE_TOPICS:
        return Delivery.EMAIL
    chosen = MailPreference.objects.filter(user=user, topic=topic).values_list("delivery", flat=True).first()
    return chosen or Delivery.EMAIL


def preferences_of(user: User) -> dict[str, str]:
    """Every switchable topic with the member's delivery, the default filled in."""
    chosen = dict(MailPreference.objects.filter(user=user).values_list("topic", "delivery"))
    return {topic.value: chosen.get(topic.value, Delivery.EMAIL) for topic in SWITCHABLE_TOPICS}


def email_opted_out(user_ids, topic: str) -> set[int]:
    """Of `user_ids`, those who do not want mails of `topic` (one query for a list of members)."""
    if topic not in SWITCHABLE_TOPICS:
        return set()
    chosen = MailPreference.objects.filter(user_id__in=user_ids, topic=topic).exclude(delivery=Delivery.EMAIL)
    return set(chosen.values_list("user_id", flat=True))


def wants_email(user: User, topic: MailTopic) -> bool:
    return bool(user.email) and delivery_for(user, topic) == Delivery.EMAIL
