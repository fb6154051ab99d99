"""Importing a chapter's PALMS history: BNI Connect's PALMS summary (or Kring's own PALMS export).

One sheet per period, a row per member with the columns P, A, L, M, S, RGI, RGO, RRI, RRO, V, 1-2-1,
TYFCB, CEU, T and the member's name (one "Member"/"Name" column, or first and last name) and
optionally their email. Members are matched to the chapter's current members by email, else by
name; a row that matches nobody goes to the review screen (chapters/reports/palms_import_drafts.py),
where the leader picks its member or skips it. All or nothing: any row error (a missing column, a
negative or non-numeric count, a member twice, a period already imported) and nothing is imported.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from chapters.models import Chapter, ImportedPalms, MemberDayFigures
from chapters.models.figures import imported_palms_cells
from chapters.reports.figures import PALMS_COLUMNS
from config.amounts import parse_amount
from config.cache import changed
from members.models import User
from members.selectors.memberships import current_members

CODES = {short.upper(): key for key, short, _label in PALMS_COLUMNS}
FULL_NAME = {"MEMBER", "LID", "NAME", "NAAM"}
FIRST_NAME = {"FIRST NAME", "VOORNAAM"}
LAST_NAME = {"LAST NAME", "ACHTERNAAM"}
EMAIL = {"EMAIL", "E-MAIL", "EMAIL ADDRESS", "E-MAILADRES"}
TOTAL_ROWS = {"TOTAL", "TOTAAL", "TOTALS"}
MAX_ROWS = 500


@dataclass
class ParsedRow:
    """One member's line of the file; `member` is None where the file's email and name match nobody."""

    line: int
    name: str
    email: str
    member: User | None
    values: dict[str, int | Decimal]


@dataclass
class PalmsImportResult:
    chapter: Chapter
    start: datetime.date
    end: datetime.date
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def unmatched(self) -> list[ParsedRow]:
        return [row for row in self.rows if row.member is None]


def _read_table(content: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        return [
            ["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    text = content.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    names = [cell.strip().upper() for cell in header]
    index = {name: position for position, name in enumerate(names) if name}
    missing = [short for short in CODES if short not in index]
    has_name = FULL_NAME & set(index) or (FIRST_NAME & set(index) and LAST_NAME & set(index))
    if not has_name:
        missing.insert(0, _("Member (or First name and Last name)"))
    return index, missing


def _cell(row: list[str], index: dict[str, int], names: set[str]) -> str:
    for name in names:
        if name in index and index[name] < len(row):
            return row[index[name]].strip()
    return ""


def _number(text: str, *, key: str) -> int | Decimal:
    text = text.strip() or "0"
    if key == "tyfcb":
        try:
            value = Decimal(text) if text.replace(".", "", 1).isdigit() else parse_amount(text)
        except (ValidationError, InvalidOperation):
            raise ValueError(text) from None
        if value < 0:
            raise ValueError(text)
        return value
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if value < 0 or value != value.to_integral_value():
        raise ValueError(text)
    return int(value)


def _match(
    row: list[str], index: dict[str, int], by_email: dict, by_name: dict
) -> tuple[User | None, str, str]:
    email = _cell(row, index, EMAIL).lower()
    name = _cell(row, index, FULL_NAME) or (
        f"{_cell(row, index, FIRST_NAME)} {_cell(row, index, LAST_NAME)}".strip()
    )
    member = by_email.get(email) if email else None
    if member is None:
        candidates = by_name.get(" ".join(name.lower().split()), [])
        member = candidates[0] if len(candidates) == 1 else None
    return member, name[:200], email[:254]


def palms_parse(*, chapter: Chapter, content: bytes, filename: str, start: datetime.date, end: datetime.date):
    """The rows to import, or the row errors (in the user's language); nothing is written."""
    result = PalmsImportResult(chapter=chapter, start=start, end=end)
    if end < start:
        result.errors.append(_("The period must end on or after its start."))
        return result
    try:
        table = [row for row in _read_table(content, filename) if any(cell.strip() for cell in row)]
    except (ValueError, UnicodeDecodeError, KeyError, OSError, csv.Error):
        result.errors.append(_("This file cannot be read: upload the PALMS summary as XLSX or CSV."))
        return result
    if not table:
        result.errors.append(_("The file is empty."))
        return result
    index, missing = _header_map(table[0])
    if missing:
        result.errors.append(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
        return result
    if len(table) > MAX_ROWS:
        result.errors.append(_("At most %(count)s rows at once.") % {"count": MAX_ROWS})
        return result
    members = list(current_members(chapter))
    by_email = {member.email.lower(): member for member in members}
    by_name: dict[str, list[User]] = {}
    for member in members:
        by_name.setdefault(" ".join(member.full_name.lower().split()), []).append(member)
    seen: set[int] = set()
    for line, row in enumerate(table[1:], start=2):
        result_row = _parse_row(row, line, index, by_email, by_name, seen, result.errors)
        if result_row is not None:
            result.rows.append(result_row)
    return result


def _parse_row(row, line, index, by_email, by_name, seen, errors) -> ParsedRow | None:
    first = _cell(row, index, FULL_NAME) or _cell(row, index, FIRST_NAME)
    if first.strip().upper() in TOTAL_ROWS:
        return None
    member, name, email = _match(row, index, by_email, by_name)
    label = name or email or _("(no name)")
    if member is not None and member.pk in seen:
        errors.append(_("Row %(line)s: %(name)s is in the file twice.") % {"line": line, "name": label})
        return None
    if member is not None:
        seen.add(member.pk)
    values = {}
    for short, key in CODES.items():
        text = row[index[short]] if index[short] < len(row) else ""
        try:
            values[key] = _number(text, key=key)
        except ValueError:
            errors.append(
                _("Row %(line)s, column %(column)s: %(value)s is not a count of zero or more.")
                % {"line": line, "column": short, "value": text[:40]}
            )
            return None
    return ParsedRow(line=line, name=name, email=email, member=member, values=values)


def palms_write(
    *, chapter: Chapter, start: datetime.date, end: datetime.date, members_values, by: User
) -> int:
    """Write one ImportedPalms row per (member id, values), all or nothing; a period imported before is
    refused. The caller holds the transaction (chapters/reports/palms_import_drafts.py)."""
    rows = [
        ImportedPalms(
            chapter=chapter, member_id=member_id, period_start=start, period_end=end, imported_by=by, **values
        )
        for member_id, values in members_values
    ]
    try:
        with transaction.atomic():
            ImportedPalms.objects.bulk_create(rows)
            MemberDayFigures.objects.add([cell for row in rows for cell in imported_palms_cells(row)])
    except IntegrityError:
        raise ValidationError(
            _("This period is already imported for some of these members; nothing was imported."),
            code="already_imported",
        ) from None
    Chapter.objects.filter(pk=chapter.pk).filter(
        Q(imported_palms_until__isnull=True) | Q(imported_palms_until__lt=end)
    ).update(imported_palms_until=end)
    changed(chapters=[chapter.pk], everything=True)  # every page's scores and lights
    return len(rows)
