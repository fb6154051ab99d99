"""Dues lines of a chapter: open, overdue and paid, and the export for the treasurer."""

from django.db.models import QuerySet, Sum
from django.utils import timezone

from chapters.models import Chapter
from members.models import DuesLine, DuesRate


class DuesFilter:
    OPEN = "open"
    OVERDUE = "overdue"
    PAID = "paid"
    ALL = "all"
    CHOICES = (OPEN, OVERDUE, PAID, ALL)


def dues_lines(*, chapter: Chapter, state: str = DuesFilter.OPEN) -> QuerySet[DuesLine]:
    """Open: not paid (overdue ones included); overdue: not paid and past the due date."""
    lines = chapter.dues_lines.select_related(
        "membership__user", "membership__classification", "paid_recorded_by"
    )
    today = timezone.localdate()
    if state == DuesFilter.OPEN:
        return lines.filter(paid_on__isnull=True).order_by("due_on", "pk")
    if state == DuesFilter.OVERDUE:
        return lines.filter(paid_on__isnull=True, due_on__lt=today).order_by("due_on", "pk")
    if state == DuesFilter.PAID:
        return lines.filter(paid_on__isnull=False).order_by("-paid_on", "-pk")
    return lines.order_by("-due_on", "-pk")


def dues_totals(*, chapter: Chapter) -> dict:
    today = timezone.localdate()
    lines = chapter.dues_lines.all()
    return {
        "open": lines.filter(paid_on__isnull=True).aggregate(total=Sum("total"))["total"] or 0,
        "overdue": lines.filter(paid_on__isnull=True, due_on__lt=today).aggregate(total=Sum("total"))["total"]
        or 0,
        "paid": lines.filter(paid_on__isnull=False).aggregate(total=Sum("total"))["total"] or 0,
    }


def dues_rates(*, chapter: Chapter) -> QuerySet[DuesRate]:
    return chapter.dues_rates.order_by("term_months")
