"""My own profile: details, GAINS, photo and the weekly ask; and the photo files themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.access import member_required
from members.forms.profile import PhotoForm, ProfileForm, WeeklyAskForm
from members.models import PROFILE_FIELDS
from members.services.users import user_set_photo, user_set_weekly_ask, user_update_profile


@member_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, **{name: form.cleaned_data[name] for name in PROFILE_FIELDS})
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "members/profile.html", {"form": form, "photo_form": PhotoForm()})


@member_required
@require_POST
def profile_photo(request: HttpRequest) -> HttpResponse:
    if "remove" in request.POST:
        user_set_photo(user=request.user, photo=None)
        messages.success(request, _("Your photo is removed."))
        return redirect("profile")
    photo_form = PhotoForm(request.POST, request.FILES)
    if photo_form.is_valid():
        user_set_photo(user=request.user, photo=photo_form.cleaned_data["photo"])
        messages.success(request, _("Your new photo is saved."))
        return redirect("profile")
    form = ProfileForm(instance=request.user)
    return render(request, "members/profile.html", {"form": form, "photo_form": photo_form})


@member_required
@require_http_methods(["GET", "POST"])
def weekly_ask(request: HttpRequest) -> HttpResponse:
    """Inline edit on the member home (htmx swaps the partial); a plain page without JavaScript."""
    user = request.user
    form = WeeklyAskForm(
        request.POST or None,
        initial={field: getattr(user, field) for field in ("weekly_ask", "ask_who", "ask_why", "ask_intro")},
    )
    if request.method == "POST" and form.is_valid():
        user_set_weekly_ask(user=user, **form.cleaned_data)
        if request.htmx:
            return render(request, "members/partials/weekly_ask.html#weekly-ask-view")
        messages.success(request, _("Your ask for this week is saved."))
        return redirect("home")
    if request.htmx:
        if request.method == "GET" and "cancel" in request.GET:
            return render(request, "members/partials/weekly_ask.html#weekly-ask-view")
        return render(request, "members/partials/weekly_ask.html#weekly-ask-form", {"form": form})
    return render(request, "members/weekly_ask.html", {"form": form})


@login_required
@require_GET
def photo(request: HttpRequest, name: str) -> HttpResponse:
    """Profile photos for logged-in users only; always served as JPEG, never sniffed as anything else."""
    path = f"photos/{name}"
    if not default_storage.exists(path):
        raise Http404
    # Re-encoded photos are small (at most 800 x 800 JPEG), so reading them whole is fine.
    with default_storage.open(path, "rb") as stored:
        response = HttpResponse(stored.read(), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    # File names are random and change with every upload, so the browser may keep them a day.
    response["Cache-Control"] = "private, max-age=86400"
    return response
