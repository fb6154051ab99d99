"""Chapter admin pages for members: list with filters, edit, move, CSV import and export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.access import chapter_view
from members.capabilities import Capability
from members.csv_io import COLUMNS, MAX_ROWS, MemberListExporter, parse_members_csv
from members.forms.member_admin import ImportForm, MemberEditForm, MemberFilterForm, TransferForm
from members.models import Membership
from members.selectors.memberships import chapter_memberships
from members.services import imports, users
from members.services import memberships as memberships_services

PAGE_SIZE = 25


def _filtered_memberships(request: HttpRequest):
    form = MemberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    classification = filters.get("classification")
    terms = chapter_memberships(
        chapter=request.chapter,
        status=filters.get("status") or "current",
        renewal=filters.get("renewal") or "",
        classification_id=classification.pk if classification else None,
        text=filters.get("q") or "",
    )
    return form, terms


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_GET
def members_admin(request: HttpRequest) -> HttpResponse:
    form, terms = _filtered_memberships(request)
    page = Paginator(terms, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "members/admin/members.html", {"form": form, "page_obj": page, "today": timezone.localdate()}
    )


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_GET
def members_export(request: HttpRequest) -> HttpResponse:
    _form, terms = _filtered_memberships(request)
    # The base writes a byte order mark, so Excel reads the file as UTF-8 (names with ë, é, ü).
    return MemberListExporter(request.chapter, terms.iterator(chunk_size=500)).response("csv")


def _membership_or_404(request: HttpRequest, pk: int) -> Membership:
    return get_object_or_404(
        request.chapter.memberships.select_related("user", "classification", "chapter__region"), pk=pk
    )


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_or_404(request, pk)
    form = MemberEditForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                users.user_update_profile(
                    user=membership.user,
                    **{
                        name: data[name]
                        for name in ("first_name", "last_name", "phone", "company", "website")
                    },
                )
                users.user_change_email(user=membership.user, email=data["email"])
                memberships_services.membership_update(
                    membership=membership,
                    classification=data["classification"],
                    starts_on=data["starts_on"],
                    renewal_due_on=data["renewal_due_on"],
                    sponsor=data["sponsor"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": membership.user.full_name})
            return redirect("members_admin", chapter_slug=request.chapter.slug)
    history = request.chapter.memberships.filter(user=membership.user).select_related("classification")
    transfer_form = TransferForm(chapter=request.chapter) if request.access.is_region_admin else None
    return render(
        request,
        "members/admin/member_edit.html",
        {"form": form, "membership": membership, "history": history, "transfer_form": transfer_form},
    )


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_POST
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Region admins move a member to another chapter of the region."""
    if not request.access.is_region_admin:
        # The service refuses too; answering 403 here keeps leaders from probing the form.
        raise PermissionDenied(_("Only the region admin can move members between chapters."))
    membership = _membership_or_404(request, pk)
    form = TransferForm(request.POST, chapter=request.chapter)
    if form.is_valid():
        try:
            memberships_services.membership_transfer(
                membership=membership, to_chapter=form.cleaned_data["to_chapter"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s moved to %(chapter)s.")
                % {"name": membership.user.full_name, "chapter": form.cleaned_data["to_chapter"].name},
            )
            return redirect("members_admin", chapter_slug=request.chapter.slug)
    else:
        messages.error(request, _("Choose a chapter."))
    return redirect("member_edit", chapter_slug=request.chapter.slug, pk=pk)


@chapter_view(capability=Capability.MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def members_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    if request.method == "POST" and form.is_valid():
        parsed = parse_members_csv(chapter=request.chapter, data=form.cleaned_data["file"].read())
        errors = parsed.errors
        if not errors:
            try:
                created = imports.members_import(
                    chapter=request.chapter, rows=parsed.rows, imported_by=request.user
                )
            except ValidationError as error:
                # Someone took a classification or email between the check and the write: nothing is saved.
                errors = [(0, " ".join(error.messages))]
            else:
                messages.success(
                    request,
                    _("%(count)s members imported; each receives an invitation email.") % {"count": created},
                )
                if parsed.ignored_columns:
                    messages.info(
                        request,
                        _("These columns were not imported: %(columns)s.")
                        % {"columns": ", ".join(parsed.ignored_columns[:20])},
                    )
                return redirect("members_admin", chapter_slug=request.chapter.slug)
    return render(
        request,
        "members/admin/import.html",
        {"form": form, "errors": errors, "columns": COLUMNS, "max_rows": MAX_ROWS},
    )
