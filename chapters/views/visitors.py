from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from chapters.forms.visitors import VisitorUpdateForm
from chapters.models import Visitor
from chapters.services.visitors import visitor_update
from config.forms import add_errors
from members.access import chapter_view
from members.capabilities import Capability


@chapter_view(capability=Capability.HOST_VISITORS)
def visitor_list(request: HttpRequest) -> HttpResponse:
    """The follow-up pipeline: registered -> visited -> followed up -> applied / not now."""
    status = request.GET.get("status", "")
    visitors = request.chapter.visitors.select_related("meeting", "invited_by", "follow_up_by")
    if status in Visitor.Status.values:
        visitors = visitors.filter(status=status)
    counts = dict.fromkeys(Visitor.Status.values, 0)
    for value in request.chapter.visitors.values_list("status", flat=True):
        counts[value] += 1
    page = Paginator(visitors, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "chapters/visitor_list.html",
        {
            "chapter": request.chapter,
            "page_obj": page,
            "visitors": page.object_list,
            "status": status,
            "statuses": [(value, label, counts[value]) for value, label in Visitor.Status.choices],
        },
    )


@chapter_view(capability=Capability.HOST_VISITORS)
def visitor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visitor = get_object_or_404(
        request.chapter.visitors.select_related("meeting", "invited_by", "follow_up_by"), pk=pk
    )
    form = VisitorUpdateForm(request.POST or None, instance=visitor, chapter=request.chapter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visitor_update(
                visitor=Visitor.objects.get(pk=visitor.pk),
                status=data["status"],
                follow_up_by=data["follow_up_by"],
                follow_up_due=data["follow_up_due"],
                notes=data["notes"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The visitor's follow-up is saved."))
            return redirect("visitor_list", request.chapter.slug)
    earlier_visits = (
        request.chapter.visitors.filter(email__iexact=visitor.email)
        .exclude(pk=visitor.pk)
        .select_related("meeting")
    )
    return render(
        request,
        "chapters/visitor_detail.html",
        {"chapter": request.chapter, "visitor": visitor, "form": form, "earlier_visits": earlier_visits},
    )
