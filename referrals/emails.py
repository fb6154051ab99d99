"""The emails about a slip: the task row holds ids only, the mail is rendered when it is sent.

A slip names an outside contact in its need; a task row keeps its arguments until the result is
pruned, so copying the need into it would keep the contact's data after an erasure. Rendered at
send time, a mail queued before the erasure goes out with the erased text.
"""

from django.tasks import task
from django.urls import reverse

from members.emails import enqueue_with_transaction, send_email
from members.models import MailTopic, User
from referrals.models import Referral


def _new(referral: Referral) -> dict:
    return {
        "receiver": referral.receiver.first_name,
        "giver": referral.giver.full_name,
        "need": referral.need,
        "temperature": referral.temperature,
        "preference": referral.contact_preference,  # the contact's own "call me" / "email me first"
        "recommended": referral.recommendation == Referral.Recommendation.RECOMMEND,
    }


def _outcome(referral: Referral) -> dict:
    return {
        "giver": referral.giver.first_name,
        "receiver": referral.receiver.full_name,
        "need": referral.need,
        "won": referral.status == Referral.Status.WON,
        "reason": referral.lost_reason,
    }


def _reminder(referral: Referral) -> dict:
    return {
        "receiver": referral.receiver.first_name,
        "giver": referral.giver.full_name,
        "need": referral.need,
    }


CONTEXTS = {"referral_new": _new, "referral_outcome": _outcome, "referral_reminder": _reminder}


@task()
def send_referral_email(*, referral_id: int, recipient_id: int, template: str) -> None:
    referral = Referral.objects.select_related("giver", "receiver").filter(pk=referral_id).first()
    recipient = User.objects.filter(pk=recipient_id).first()
    if referral is None or recipient is None:
        return
    context = {
        **CONTEXTS[template](referral),
        "path": reverse("referral_detail", kwargs={"pk": referral.pk}),
    }
    send_email(
        to=[recipient.email],
        template=template,
        context=context,
        language=recipient.language,
        unsubscribe=(recipient.pk, MailTopic.REFERRALS),
    )


def queue_referral_email(*, referral: Referral, recipient: User, template: str) -> None:
    """Queue `template` about `referral` for `recipient`, sent once the transaction commits."""
    if template not in CONTEXTS:
        raise ValueError(template)
    enqueue_with_transaction(
        send_referral_email, referral_id=referral.pk, recipient_id=recipient.pk, template=template
    )
