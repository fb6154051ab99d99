"""Every email goes out through a background task, so a slow mail server never slows a page.

Each message has a subject, a text and an HTML template: `emails/<name>_subject.txt`,
`emails/<name>.txt` and `emails/<name>.html`, rendered in the recipient's language. The subject
and the text are plain text, rendered without HTML escaping (`render_text`); only the HTML part
escapes what people typed.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import Task, task
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation

from members.tokens import unsubscribe_token


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template, with autoescape off: "Jan & Zn" stays "Jan & Zn", not "Jan &amp; Zn"."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict) -> str:
    """One line of plain text: newlines in a name cannot add a header or a second line."""
    return " ".join(render_text(template_name, context).split())


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text body and HTML body of `emails/<template>`, in the active language."""
    return (
        render_subject(f"emails/{template}_subject.txt", context),
        render_text(f"emails/{template}.txt", context),
        render_to_string(f"emails/{template}.html", context),
    )


def unsubscribe_context(user_id: int, topic: str) -> dict:
    """The links a mail of a switchable topic carries: one-click unsubscribe and the preferences page."""
    token = unsubscribe_token(user_id, topic)
    return {
        "unsubscribe_url": settings.SITE_URL + reverse("unsubscribe", kwargs={"token": token}),
        "preferences_url": settings.SITE_URL + reverse("mail_preferences"),
    }


def build_email(
    *, to: list[str], template: str, context: dict, language: str = "nl", unsubscribe: tuple | None = None
) -> EmailMultiAlternatives:
    """`emails/<template>` rendered in `language`. With `unsubscribe` (user id, topic) it carries
    RFC 8058 one-click headers and a footer with the unsubscribe and preferences links."""
    extra = unsubscribe_context(*unsubscribe) if unsubscribe else {}
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context, **extra}
        subject, text, html = render_email(template, context)
        if extra:
            text = text.rstrip("\n") + "\n\n" + render_text("emails/partials/unsubscribe.txt", context)
    headers = {}
    if extra:
        headers = {
            "List-Unsubscribe": f"<{extra['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def send_email(
    *, to: list[str], template: str, context: dict, language: str = "nl", unsubscribe: tuple | None = None
) -> None:
    """Render `emails/<template>` in `language` and send it now (from a task, never from a page)."""
    build_email(to=to, template=template, context=context, language=language, unsubscribe=unsubscribe).send()


@task()
def send_templated_email(
    *, to: list[str], template: str, context: dict, language: str = "nl", unsubscribe: list | None = None
) -> None:
    send_email(to=to, template=template, context=context, language=language, unsubscribe=unsubscribe)


def enqueue_with_transaction(email_task: Task, **kwargs) -> None:
    """Queue a task that runs only if the surrounding transaction commits.

    With the database task backend the task row is simply part of the transaction: it commits with
    the write it reports (one commit, not two) and vanishes with a rollback. Other backends (the
    immediate one in tests) enqueue once the transaction has committed.

    The arguments stay in the task row until its result is pruned (config/tasks.py): a mail about
    an outside contact passes ids and is rendered from the database when it is sent.
    """

    def enqueue() -> None:
        email_task.enqueue(**kwargs)

    if settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
        enqueue()
    else:
        transaction.on_commit(enqueue)


def queue_email(
    *, to: list[str], template: str, context: dict, language: str = "nl", unsubscribe: tuple | None = None
) -> None:
    """Queue an email that goes out only if the surrounding transaction commits (see above).

    `unsubscribe` (user id, topic) for a mail of a topic the member may switch off."""
    enqueue_with_transaction(
        send_templated_email,
        to=to,
        template=template,
        context=context,
        language=language,
        unsubscribe=list(unsubscribe) if unsubscribe else None,
    )
