"""Whether a classification in a chapter is free; locking and unlocking a classification."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Chapter
from config.cache import changed
from members.models import (
    Classification,
    ClassificationLock,
    Membership,
    User,
    WantedClassification,
)


def classification_holder(*, chapter: Chapter, classification: Classification | None) -> Membership | None:
    if classification is None:
        return None
    return chapter.memberships.current().filter(classification=classification).select_related("user").first()


def classification_is_locked(*, chapter: Chapter, classification: Classification | None) -> bool:
    if classification is None:
        return False
    return ClassificationLock.objects.filter(
        chapter=chapter, classification=classification, unlocked_at__isnull=True
    ).exists()


def _check_classification_open(*, chapter: Chapter, classification: Classification) -> None:
    if classification_is_locked(chapter=chapter, classification=classification):
        raise ValidationError(
            _("The classification %(name)s is closed in this chapter."),
            code="classification_locked",
            params={"name": classification.name},
        )
    if classification_holder(chapter=chapter, classification=classification):
        raise ValidationError(
            _("The classification %(name)s is already taken in this chapter."),
            code="classification_taken",
            params={"name": classification.name},
        )


def classification_lock(
    *, chapter: Chapter, classification: Classification, reason: str, locked_by: User
) -> ClassificationLock:
    """Close a classification to applicants (audited: the lock row records who, when and why)."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for locking the classification."), code="reason_required")
    try:
        with transaction.atomic():
            lock = ClassificationLock.objects.create(
                chapter=chapter, classification=classification, reason=reason.strip(), locked_by=locked_by
            )
            changed(chapters=[chapter.pk])  # the public page's open seats
    except IntegrityError:
        raise ValidationError(
            _("The classification %(name)s is already locked in this chapter."),
            code="already_locked",
            params={"name": classification.name},
        ) from None
    return lock


@transaction.atomic
def classification_unlock(
    *, lock: ClassificationLock, unlocked_by: User, reason: str = ""
) -> ClassificationLock:
    """Open a locked classification again; the row stays as history. Unlocking twice changes nothing."""
    locked = ClassificationLock.objects.select_for_update().get(pk=lock.pk)
    if locked.unlocked_at is not None:
        return locked
    locked.unlocked_at = timezone.now()
    locked.unlocked_by = unlocked_by
    locked.unlock_reason = reason.strip()
    locked.save(update_fields=["unlocked_at", "unlocked_by", "unlock_reason"])
    changed(chapters=[locked.chapter_id])
    return locked


@transaction.atomic
def wanted_classification_add(
    *, chapter: Chapter, classification: Classification, note: str, added_by: User
) -> WantedClassification:
    """The committee looks for this profession; adding it again updates the note."""
    _check_classification_open(chapter=chapter, classification=classification)
    wanted, _created = WantedClassification.objects.update_or_create(
        chapter=chapter, classification=classification, defaults={"note": note.strip(), "added_by": added_by}
    )
    changed(chapters=[chapter.pk])  # the public page and the apply form
    return wanted


@transaction.atomic
def wanted_classification_remove(*, wanted: WantedClassification) -> None:
    chapter_id = wanted.chapter_id
    WantedClassification.objects.filter(pk=wanted.pk).delete()
    changed(chapters=[chapter_id])
