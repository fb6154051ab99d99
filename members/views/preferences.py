"""My mail preferences, and the unsubscribe link in a mail (works without logging in)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from members.access import member_required
from members.forms.preferences import MailPreferencesForm
from members.models import SWITCHABLE_TOPICS, MailTopic, User
from members.selectors.preferences import preferences_of
from members.services.preferences import preference_set, preference_unsubscribe
from members.tokens import unsubscribe_payload


@member_required
@require_http_methods(["GET", "POST"])
def mail_preferences(request: HttpRequest) -> HttpResponse:
    current = preferences_of(request.user)
    form = MailPreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        for topic, delivery in form.cleaned_data.items():
            if current[topic] != delivery:
                preference_set(user=request.user, topic=topic, delivery=delivery)
        messages.success(request, _("Your mail settings are saved."))
        return redirect("mail_preferences")
    fixed = [MailTopic.ABSENCES.label, MailTopic.COMMITTEE.label]
    return render(request, "members/mail_preferences.html", {"form": form, "fixed_topics": fixed})


def _token_user(request: HttpRequest, token: str) -> tuple[User, str] | None:
    """The member and topic of a genuine token; a forged one, an unknown topic, or a link of
    another member opened while logged in is refused."""
    payload = unsubscribe_payload(token)
    if payload is None or payload[1] not in SWITCHABLE_TOPICS:
        return None
    user = User.objects.filter(pk=payload[0], is_active=True).first()
    if user is None or (request.user.is_authenticated and request.user.pk != user.pk):
        return None
    return user, payload[1]


@csrf_exempt  # RFC 8058: a mail client posts "List-Unsubscribe=One-Click" with no cookie; the token is the proof
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links, so a GET changes nothing); POST switches the topic off."""
    found = _token_user(request, token)
    if found is None:
        return render(request, "members/unsubscribe_refused.html", status=400)
    user, topic = found
    context = {"topic": MailTopic(topic).label, "token": token}
    if request.method == "POST":
        preference_unsubscribe(user=user, topic=topic)
        return render(request, "members/unsubscribe_done.html", context)
    return render(request, "members/unsubscribe.html", context)
