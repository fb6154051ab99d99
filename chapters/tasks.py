"""Background work of this app. Emails with attachments are sent here; the rest goes through
members.emails.queue_email."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chapters.calendar import visitor_invite
from chapters.models import AbsenceNotice, Visitor
from members.emails import render_email


@task()
def send_visitor_confirmation(*, visitor_id: int) -> None:
    visitor = Visitor.objects.select_related("meeting__chapter", "invited_by").filter(pk=visitor_id).first()
    if visitor is None:
        return
    meeting, chapter = visitor.meeting, visitor.meeting.chapter
    with translation.override(chapter.language):
        local = timezone.localtime(meeting.starts_at, chapter.zone)
        context = {
            "site_url": settings.SITE_URL,
            "name": visitor.first_name,
            "chapter": chapter.name,
            "date": date_format(local, "l j F Y"),
            "time": local.strftime("%H:%M"),
            "venue": meeting.venue,
            "online_url": meeting.online_url,
            "invited_by": visitor.invited_by.full_name if visitor.invited_by else "",
            "path": reverse("public_chapter", args=[chapter.slug]),
        }
        subject, text, html = render_email("visitor_confirmation", context)
        invite = visitor_invite(meeting, summary=_("Visit to %(chapter)s") % {"chapter": chapter.name})
    message = EmailMultiAlternatives(subject=subject, body=text, to=[visitor.email])
    message.attach_alternative(html, "text/html")
    message.attach("meeting.ics", invite, "text/calendar")
    message.send()


@task()
def send_substitute_confirmation(*, notice_id: int) -> None:
    """The substitute a member announced: when and where, with the calendar invite."""
    notice = AbsenceNotice.objects.select_related("meeting__chapter", "member").filter(pk=notice_id).first()
    if notice is None or not notice.substitute_email:
        return
    meeting, chapter = notice.meeting, notice.meeting.chapter
    with translation.override(chapter.language):
        local = timezone.localtime(meeting.starts_at, chapter.zone)
        context = {
            "site_url": settings.SITE_URL,
            "name": notice.substitute_name.split(" ")[0],
            "member": notice.member.full_name,
            "chapter": chapter.name,
            "date": date_format(local, "l j F Y"),
            "time": local.strftime("%H:%M"),
            "venue": meeting.venue,
            "online_url": meeting.online_url,
            "path": reverse("public_chapter", args=[chapter.slug]),
        }
        subject, text, html = render_email("substitute_confirmation", context)
        invite = visitor_invite(meeting, summary=_("%(chapter)s: substitute for %(member)s") % context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[notice.substitute_email])
    message.attach_alternative(html, "text/html")
    message.attach("meeting.ics", invite, "text/calendar")
    message.send()
