"""Pages without login: the chapter's public page, visitor registration and the calendar feeds."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chapters.calendar import meetings_calendar
from chapters.forms.visitors import VisitorRegistrationForm
from chapters.models import CalendarToken, Chapter, Meeting
from chapters.selectors.meetings import upcoming_meetings
from chapters.services.calendar_tokens import calendar_tokens_renew
from chapters.services.visitors import visitor_register
from config import rate_limits
from config.forms import add_errors
from members.access import member_required
from members.selectors.classifications import chapter_seats, seat_groups, wanted_classifications
from members.selectors.memberships import current_members

FEED_HISTORY = datetime.timedelta(weeks=8)


def _public_chapter(slug: str) -> Chapter:
    return get_object_or_404(Chapter.objects.filter(is_active=True).select_related("region"), slug=slug)


def public_chapter(request: HttpRequest, chapter_slug: str) -> HttpResponse:
    chapter = _public_chapter(chapter_slug)
    meetings = upcoming_meetings(chapter)[:6]
    seats = chapter_seats(chapter)
    return render(
        request,
        "chapters/public_chapter.html",
        {
            "chapter": chapter,
            "meetings": meetings,
            "member_count": current_members(chapter).count(),
            "seats": seats,
            "open_seats": [seat for seat in seats if seat.is_open],
            "seat_groups": seat_groups(seats),
            "wanted": wanted_classifications(chapter, seats),
            "form": VisitorRegistrationForm(chapter=chapter),
        },
    )


def visit_register(request: HttpRequest, chapter_slug: str) -> HttpResponse:
    chapter = _public_chapter(chapter_slug)
    form = VisitorRegistrationForm(request.POST or None, chapter=chapter)
    status = 200
    if request.method == "POST":
        if form.is_spam():
            # Bots get the same answer as people, and nothing is stored.
            return _thanks(request, chapter, None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                # Only an accepted registration counts (settings.RATE_LIMITS["visit_per_ip"]).
                with rate_limits.counted(rate_limits.limits_for(request, "visit")):
                    visitor, created = visitor_register(
                        meeting=data["meeting"], invited_by=data["invited_by"], **form.visitor_details()
                    )
            except rate_limits.RateLimited:
                form.add_error(
                    None, _("Too many registrations from your connection. Please try again in an hour.")
                )
                status = 429
            except ValidationError as error:
                add_errors(form, error, "meeting")
            else:
                return _thanks(request, chapter, visitor.meeting)
    return render(
        request,
        "chapters/public_visit.html",
        {"chapter": chapter, "form": form, "meetings": upcoming_meetings(chapter)[:6]},
        status=status,
    )


def _thanks(request: HttpRequest, chapter: Chapter, meeting: Meeting | None) -> HttpResponse:
    messages.success(
        request,
        _("Thank you for registering! You will receive a confirmation by email with a calendar invite."),
    )
    return redirect("public_chapter", chapter.slug)


def _ics(body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


def chapter_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A member's link to their chapter's feed: gone once they are no longer a current member of it."""
    calendar_token = get_object_or_404(
        CalendarToken.objects.select_related("chapter"), token=token, chapter__isnull=False
    )
    chapter = calendar_token.chapter
    if not current_members(chapter).filter(pk=calendar_token.user_id).exists():
        return HttpResponseGone()
    meetings = chapter.meetings.filter(starts_at__gte=timezone.now() - FEED_HISTORY).select_related("chapter")
    return _ics(meetings_calendar(meetings, name=chapter.name))


def member_feed(request: HttpRequest, token: str) -> HttpResponse:
    calendar_token = get_object_or_404(
        CalendarToken.objects.select_related("user"), token=token, chapter__isnull=True
    )
    user = calendar_token.user
    membership = user.memberships.current().select_related("chapter").first()
    if membership is None:
        raise Http404
    chapter = membership.chapter
    meetings = chapter.meetings.filter(starts_at__gte=timezone.now() - FEED_HISTORY).select_related("chapter")
    turns = {}
    for slot in user.rota_slots.filter(meeting__in=meetings):
        line = (
            _("You give the feature presentation")
            if slot.kind == "feature"
            else _("You give the education moment")
        )
        turns[slot.meeting_id] = line
    return _ics(meetings_calendar(meetings, name=f"{chapter.name} · {user.full_name}", extra=turns))


@require_POST
@member_required
def calendar_renew(request: HttpRequest) -> HttpResponse:
    calendar_tokens_renew(user=request.user)
    messages.success(request, _("Your calendar links are renewed; the old links no longer work."))
    return redirect("my_absences")
