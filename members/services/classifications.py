"""Whether a classification in a chapter is free."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chapters.models import Chapter
from members.models import (
    Classification,
    ClassificationLock,
    Membership,
)


def classification_holder(*, chapter: Chapter, classification: Classification) -> Membership | None:
    return chapter.memberships.current().filter(classification=classification).select_related("user").first()


def classification_is_locked(*, chapter: Chapter, classification: Classification) -> bool:
    return ClassificationLock.objects.filter(chapter=chapter, classification=classification).exists()


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
