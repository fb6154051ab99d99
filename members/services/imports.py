"""Importing a chapter's members from a CSV file."""

from django.db import transaction

from chapters.models import Chapter
from members.models import (
    User,
)
from members.services.memberships import membership_start
from members.services.users import user_invite


@transaction.atomic
def members_import(*, chapter: Chapter, rows: list, imported_by: User) -> int:
    """Create the members of already validated rows (members.csv_io); all of them or none."""
    for row in rows:
        user = User.objects.create_user(
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            company=row.company,
            phone=row.phone,
            website=row.website,
        )
        membership_start(
            user=user,
            chapter=chapter,
            classification=row.classification,
            starts_on=row.starts_on,
            renewal_due_on=row.renewal_due_on,
            sponsor=row.sponsor,
        )
        user_invite(user=user, invited_by=imported_by)
    return len(rows)
