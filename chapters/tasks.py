"""Background work of this app. Emails with attachments are sent here; the rest goes through
members.emails.queue_email."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from chapters.calendar import visitor_invite
from chapters.models import AbsenceNotice, Meeting, Visitor
from members.emails import render_email


@task()
def send_visitor_confirmation(*, visitor_id: int) -> None:
    visitor = Visitor.objects.select_related("meeting__chapter", "invited_by").filter(pk=visitor_id).first()
    if visitor is None:
        return
    _send_meeting_mail(
        visitor.meeting,
        to=visitor.email,
        template="visitor_confirmation",
        context={
            "name": visitor.first_name,
            "invited_by": visitor.invited_by.full_name if visitor.invited_by else "",
        },
        summary=gettext_lazy("Visit to %(chapter)s"),
    )


@task()
def send_substitute_confirmation(*, notice_id: int) -> None:
    """The substitute a member announced: when and where, with the calendar invite."""
    notice = AbsenceNotice.objects.select_related("meeting__chapter", "member").filter(pk=notice_id).first()
    if notice is None or not notice.substitute_email:
        return
    _send_meeting_mail(
        notice.meeting,
        to=notice.substitute_email,
        template="substitute_confirmation",
        context={"name": notice.substitute_name.split(" ")[0], "member": notice.member.full_name},
        summary=gettext_lazy("%(chapter)s: substitute for %(member)s"),
    )


def _send_meeting_mail(meeting: Meeting, *, to: str, template: str, context: dict, summary) -> None:
    """A guest's mail about `meeting` in the chapter's language: when and where, with the calendar
    invite (`summary`, filled from the context, is its title)."""
    chapter = meeting.chapter
    with translation.override(chapter.language):
        local = timezone.localtime(meeting.starts_at, chapter.zone)
        context = {
            "site_url": settings.SITE_URL,
            "chapter": chapter.name,
            "date": date_format(local, "l j F Y"),
            "time": local.strftime("%H:%M"),
            "venue": meeting.venue,
            "online_url": meeting.online_url,
            "path": reverse("public_chapter", args=[chapter.slug]),
            **context,
        }
        subject, text, html = render_email(template, context)
        invite = visitor_invite(meeting, summary=str(summary) % context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.attach("meeting.ics", invite, "text/calendar")
    message.send()
