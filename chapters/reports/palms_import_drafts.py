"""A PALMS import from upload to confirm: the parsed file is kept as a draft (chapters.PalmsImportDraft),
the leader says whose each unmatched row is (or skips it), a preview shows what will be written, and
only the confirm writes, once, all or nothing (chapters/reports/palms_import.py parses and writes).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Chapter, ImportedPalms, PalmsImportDraft
from chapters.reports.figures import PALMS_COLUMNS
from chapters.reports.palms_import import PalmsImportResult, palms_write
from members.models import User
from members.selectors.memberships import current_members

DRAFT_KEPT = datetime.timedelta(days=1)


def _stored(values: dict) -> dict:
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in values.items()}


def _loaded(values: dict) -> dict:
    return {key: Decimal(value) if key == "tyfcb" else value for key, value in values.items()}


@transaction.atomic
def palms_draft_create(*, result: PalmsImportResult, filename: str, by: User) -> PalmsImportDraft:
    """Keep a parsed file without row errors until the leader confirms; nothing counts yet."""
    if result.errors or not result.rows:
        raise ValidationError(result.errors or [_("The file has no member rows.")], code="palms_rows")
    rows = [
        {
            "line": row.line,
            "name": row.name,
            "email": row.email,
            "values": _stored(row.values),
            "member": row.member.pk if row.member else None,
            "matched": row.member is not None,
            "skip": False,
        }
        for row in result.rows
    ]
    return PalmsImportDraft.objects.create(
        chapter=result.chapter,
        created_by=by,
        filename=filename[:255],
        period_start=result.start,
        period_end=result.end,
        rows=rows,
    )


def palms_review_candidates(draft: PalmsImportDraft) -> list[User]:
    """Whom an unmatched row may belong to: the chapter's current members no row matched by itself."""
    matched = {row["member"] for row in draft.rows if row["matched"]}
    return [member for member in current_members(draft.chapter) if member.pk not in matched]


def _locked(chapter: Chapter, pk: int) -> PalmsImportDraft:
    return chapter.palms_import_drafts.select_for_update().get(pk=pk)


@transaction.atomic
def palms_draft_review(*, chapter: Chapter, pk: int, choices: dict[int, int | None]) -> PalmsImportDraft:
    """Record whose each unmatched row is (`choices`: line -> member id, None to skip the row)."""
    draft = _locked(chapter, pk)
    if draft.imported_at is not None:
        raise ValidationError(_("This file is already imported."), code="imported")
    allowed = {member.pk for member in palms_review_candidates(draft)}
    chosen = [member for member in choices.values() if member is not None]
    if set(chosen) - allowed or len(chosen) != len(set(chosen)):
        raise ValidationError(_("Each member can have one row of the file."), code="member_twice")
    for row in draft.to_review:
        if row["line"] not in choices:
            raise ValidationError(_("Choose a member or skip each row."), code="unresolved")
        row["member"] = choices[row["line"]]
        row["skip"] = row["member"] is None
    draft.save(update_fields=["rows"])
    return draft


@dataclass
class PreviewRow:
    member: User
    line: int
    name_in_file: str
    cells: list  # in the order of PALMS_COLUMNS


def palms_draft_preview(draft: PalmsImportDraft) -> dict:
    """What the confirm will write: a row per member, the skipped rows, the totals, and the members
    whose period is imported already (then the confirm is refused)."""
    rows = [row for row in draft.rows if row["member"] is not None]
    members = User.objects.in_bulk([row["member"] for row in rows])
    keys = [key for key, _short, _label in PALMS_COLUMNS]
    writes = sorted(
        (
            PreviewRow(
                members[row["member"]], row["line"], row["name"], [_loaded(row["values"])[k] for k in keys]
            )
            for row in rows
        ),
        key=lambda preview: preview.member.full_name.lower(),
    )
    totals = [sum((write.cells[n] for write in writes), start=0) for n in range(len(keys))]
    already = ImportedPalms.objects.filter(
        chapter=draft.chapter,
        period_start=draft.period_start,
        period_end=draft.period_end,
        member_id__in=members,
    ).select_related("member")
    return {
        "writes": writes,
        "skipped": [row for row in draft.rows if row.get("skip")],
        "columns": [short for _key, short, _label in PALMS_COLUMNS],
        "totals": totals,
        "already_imported": sorted(row.member.full_name for row in already),
    }


def palms_draft_confirm(*, chapter: Chapter, pk: int, by: User) -> tuple[PalmsImportDraft, bool]:
    """Write the draft's rows, all or nothing; (the draft, False) when it was confirmed before."""
    with transaction.atomic():
        draft = _locked(chapter, pk)
        if draft.imported_at is not None:
            return draft, False
        if draft.unresolved:
            raise ValidationError(_("Choose a member or skip each row."), code="unresolved")
        members_values = [
            (row["member"], _loaded(row["values"])) for row in draft.rows if row["member"] is not None
        ]
        if not members_values:
            raise ValidationError(_("Every row is skipped: there is nothing to import."), code="all_skipped")
        count = palms_write(
            chapter=chapter,
            start=draft.period_start,
            end=draft.period_end,
            members_values=members_values,
            by=by,
        )
        # The names and emails from the file are not needed any more; the draft only says it is done.
        draft.rows, draft.imported_at, draft.imported_count = [], timezone.now(), count
        draft.save(update_fields=["rows", "imported_at", "imported_count"])
    return draft, True


def palms_drafts_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete drafts a day old, confirmed or not (they hold names and emails from the file)."""
    cutoff = (now or timezone.now()) - DRAFT_KEPT
    deleted, _per_model = PalmsImportDraft.objects.filter(created_at__lte=cutoff).delete()
    return deleted
