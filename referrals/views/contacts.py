"""Outside contacts are personal data of people who are not users: find, export and erase them.

Leaders who may see contact data handle every contact of their chapter's slips; a member handles
the contacts on slips they gave. Each export and erasure leaves an audit entry.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import chapter_view
from referrals.models import Referral
from referrals.services import contacts as contacts_services

FORMATS = ("json", "csv")


def _contacts_in_scope(request: HttpRequest) -> QuerySet[Referral]:
    slips = Referral.objects.filter(kind=Referral.Kind.THIRD_PARTY)
    if request.access.is_leader:
        return slips.filter(Q(giver_chapter=request.chapter) | Q(receiver_chapter=request.chapter))
    if request.access.membership is None:
        raise PermissionDenied
    return slips.filter(giver=request.user)


def _same_contact(request: HttpRequest, pk: int) -> list[Referral]:
    """Every slip in scope about the person on slip `pk`: same email, or same name and phone."""
    scope = _contacts_in_scope(request).select_related("giver", "receiver")
    anchor = scope.filter(pk=pk).first()
    if anchor is None:
        raise Http404
    same = Q(pk=anchor.pk)
    if anchor.contact_email:
        same |= Q(contact_email__iexact=anchor.contact_email)
    if anchor.contact_name:
        same |= Q(contact_name__iexact=anchor.contact_name, contact_phone=anchor.contact_phone)
    return list(scope.filter(same).order_by("created_at"))


@chapter_view()
def contact_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:100]
    contacts = []
    if text:
        contacts = list(
            _contacts_in_scope(request)
            .filter(contact_erased_at__isnull=True)
            .filter(
                Q(contact_name__icontains=text)
                | Q(contact_company__icontains=text)
                | Q(contact_email__icontains=text)
                | Q(contact_phone__icontains=text)
            )
            .select_related("giver", "receiver")
            .order_by("contact_name", "-created_at")[:50]
        )
    return render(
        request,
        "referrals/contact_list.html",
        {"contacts": contacts, "text": text, "chapter": request.chapter},
    )


@chapter_view()
def contact_export(request: HttpRequest, pk: int) -> HttpResponse:
    export_format = request.GET.get("format", "json")
    if export_format not in FORMATS:
        export_format = "json"
    referrals = _same_contact(request, pk)
    rows = contacts_services.contact_export(chapter=request.chapter, referrals=referrals, by=request.user)
    filename = f"contact-{pk}-{timezone.localdate():%Y%m%d}"
    if export_format == "csv":
        return contacts_services.ContactExporter(rows, filename).response("csv")
    response = HttpResponse(
        json.dumps({"contact": rows}, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


@require_POST
@chapter_view()
def contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    referrals = _same_contact(request, pk)
    erased = contacts_services.contact_erase(chapter=request.chapter, referrals=referrals, by=request.user)
    messages.success(
        request,
        _("The contact was erased from %(count)s referral(s); the referrals still count.")
        % {"count": erased},
    )
    return redirect("contact_list", chapter_slug=request.chapter.slug)
