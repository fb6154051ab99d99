"""What a members import checks its rows against: accounts, classifications and sponsors."""

from dataclasses import dataclass, field

from django.db.models.functions import Lower

from chapters.models import Chapter
from members.models import Classification, Membership, User


@dataclass
class ImportLookups:
    """Read once per file; the rows' forms also note here what earlier rows already claimed."""

    existing_emails: set[str]
    classifications: dict[str, Classification]  # by lowercased Dutch and English name
    taken_classification_ids: set[int]
    sponsors: dict[str, User]  # current members of the chapter, by lowercased email
    seen_emails: dict[str, int] = field(default_factory=dict)  # email -> first line
    seen_classifications: dict[int, int] = field(default_factory=dict)  # classification id -> first line


def import_lookups(*, chapter: Chapter, emails: set[str]) -> ImportLookups:
    existing_emails = set(
        User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email_lower", flat=True)
    )
    classifications = {}
    for classification in Classification.objects.all():
        classifications[classification.name_nl.lower()] = classification
        classifications[classification.name_en.lower()] = classification
    taken = set(
        chapter.memberships.filter(status__in=Membership.CURRENT_STATUSES).values_list(
            "classification_id", flat=True
        )
    )
    sponsors = {
        user.email.lower(): user
        for user in User.objects.filter(
            memberships__chapter=chapter, memberships__status__in=Membership.CURRENT_STATUSES
        )
    }
    return ImportLookups(existing_emails, classifications, taken, sponsors)
