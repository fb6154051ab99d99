"""The members' directory: search, profile page and vCard."""

import re

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from members.access import chapter_view
from members.forms.profile import DirectoryForm
from members.models import Membership
from members.selectors import directory as directory_selectors
from members.selectors import memberships

PAGE_SIZE = 24


@chapter_view()
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    text = knows = ""
    region_wide = False
    if form.is_valid():
        text, knows = form.cleaned_data["q"], form.cleaned_data["knows"]
        region_wide = form.cleaned_data["region"] and request.access.is_region_admin
    chapters = request.chapter.region.chapters.all() if region_wide else [request.chapter]
    results = directory_selectors.directory_search(chapters=chapters, text=text, knows=knows)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "searching": bool(text or knows), "region_wide": region_wide}
    if request.htmx:
        return render(request, "members/directory.html#results", context)
    return render(request, "members/directory.html", context)


def _profile_or_404(request: HttpRequest, pk: int) -> Membership:
    membership = directory_selectors.directory_profile(chapter=request.chapter, user_id=pk)
    if membership is None:
        raise Http404
    return membership


@chapter_view()
@require_GET
def directory_profile(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _profile_or_404(request, pk)
    roles = memberships.member_roles(chapter=request.chapter, user=membership.user)
    return render(
        request,
        "members/directory_profile.html",
        {"member_term": membership, "person": membership.user, "roles": roles},
    )


# Every character that starts a new line somewhere (a bare CR too: some readers split on it).
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _vcard_escape(value: str) -> str:
    """A vCard 3.0 text value (RFC 2426): line breaks as \\n, control characters dropped."""
    value = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value or ""))
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _vcard_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 2426 2.6), never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def vcard_text(membership: Membership) -> str:
    user = membership.user
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_vcard_escape(user.last_name)};{_vcard_escape(user.first_name)};;;",
        f"FN:{_vcard_escape(user.full_name)}",
    ]
    if user.company:
        lines.append(f"ORG:{_vcard_escape(user.company)}")
    lines.append(f"TITLE:{_vcard_escape(membership.classification.name)}")
    if user.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{_vcard_escape(user.phone)}")
    lines.append(f"EMAIL;TYPE=INTERNET,WORK:{_vcard_escape(user.email)}")
    if user.website:
        lines.append(f"URL:{_vcard_escape(user.website)}")
    if user.address:
        lines.append(f"ADR;TYPE=WORK:;;{_vcard_escape(user.address)};;;;")
    if user.offer:
        lines.append(f"NOTE:{_vcard_escape(user.offer)}")
    lines.append("END:VCARD")
    return "\r\n".join(_vcard_fold(line) for line in lines) + "\r\n"


@chapter_view()
@require_GET
def directory_vcard(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _profile_or_404(request, pk)
    response = HttpResponse(vcard_text(membership), content_type="text/vcard; charset=utf-8")
    filename = slugify(membership.user.full_name) or "contact"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response
