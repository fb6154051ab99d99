"""Seats in a chapter: which classifications are open, taken or locked."""

from dataclasses import dataclass, field

from django.db.models import F, QuerySet

from chapters.models import Chapter
from members.models import Classification, ClassificationLock, Membership, WantedClassification


class SeatState:
    OPEN = "open"
    TAKEN = "taken"
    LOCKED = "locked"


@dataclass
class Seat:
    classification: Classification
    state: str
    holder_name: str = ""

    @property
    def is_open(self) -> bool:
        return self.state == SeatState.OPEN


@dataclass
class SeatGroup:
    category: str
    seats: list[Seat] = field(default_factory=list)


def _taken_ids(chapter: Chapter) -> dict[int, str]:
    rows = (
        Membership.objects.current()
        .filter(chapter=chapter)
        .values_list("classification_id", "user__first_name", "user__last_name")
    )
    return {pk: f"{first} {last}".strip() for pk, first, last in rows}


def _locked_ids(chapter: Chapter) -> set[int]:
    return set(
        ClassificationLock.objects.filter(chapter=chapter, unlocked_at__isnull=True).values_list(
            "classification_id", flat=True
        )
    )


def chapter_seats(chapter: Chapter) -> list[Seat]:
    """Every classification with its state in this chapter, by category then name (three queries)."""
    taken, locked = _taken_ids(chapter), _locked_ids(chapter)
    seats = []
    for classification in Classification.objects.select_related("category").order_by(
        "category__name_nl", "name_nl"
    ):
        if classification.pk in taken:
            seats.append(Seat(classification, SeatState.TAKEN, taken[classification.pk]))
        elif classification.pk in locked:
            seats.append(Seat(classification, SeatState.LOCKED))
        else:
            seats.append(Seat(classification, SeatState.OPEN))
    return seats


def seat_groups(seats: list[Seat]) -> list[SeatGroup]:
    groups: list[SeatGroup] = []
    for seat in seats:
        name = seat.classification.category.name
        if not groups or groups[-1].category != name:
            groups.append(SeatGroup(name))
        groups[-1].seats.append(seat)
    return groups


def open_classifications(chapter: Chapter) -> QuerySet[Classification]:
    """Classifications an applicant may choose: neither taken nor locked."""
    return (
        Classification.objects.exclude(pk__in=_taken_ids(chapter).keys())
        .exclude(pk__in=_locked_ids(chapter))
        .select_related("category")
        .order_by("category__name_nl", "name_nl")
    )


def classification_locks(chapter: Chapter) -> QuerySet[ClassificationLock]:
    """Current locks first, then the history of unlocked ones."""
    return chapter.classification_locks.select_related("classification", "locked_by", "unlocked_by").order_by(
        F("unlocked_at").desc(nulls_first=True), "-created_at"
    )


def lockable_classifications(chapter: Chapter) -> QuerySet[Classification]:
    """Classifications not locked now (a taken one may be locked, e.g. for when its member leaves)."""
    return (
        Classification.objects.exclude(pk__in=_locked_ids(chapter))
        .select_related("category")
        .order_by("category__name_nl", "name_nl")
    )


def wanted_classifications(chapter: Chapter, seats: list[Seat] | None = None) -> list[WantedClassification]:
    """The professions the chapter looks for that are still open (a filled or locked seat drops out
    by itself), for visitors, the apply form and the weekly summary. With the page's `seats`
    already read, one query."""
    if seats is None:
        closed = set(_taken_ids(chapter)) | _locked_ids(chapter)
    else:
        closed = {seat.classification.pk for seat in seats if not seat.is_open}
    wanted = chapter.wanted_classifications.select_related("classification")
    return [item for item in wanted if item.classification_id not in closed]
