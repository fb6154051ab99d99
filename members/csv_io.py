"""Members as CSV: the import's parser (every row checked before anything is written) and the export.

The export writes the same columns the import reads, so a chapter can round-trip its list through
a spreadsheet. Dutch spreadsheets save with ";" as separator, so both "," and ";" are accepted.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Chapter
from config.exports import Exporter
from members.forms.imports import MemberImportRowForm
from members.models import Classification, Membership, User
from members.selectors.imports import import_lookups

COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "company",
    "phone",
    "website",
    "classification",
    "starts_on",
    "renewal_due_on",
    "sponsor_email",
]
REQUIRED_COLUMNS = {"email", "first_name", "last_name", "classification"}
IGNORED_COLUMNS = {"status"}  # written by the export, so an exported file imports again
MAX_ROWS = 2000


@dataclass
class ImportRow:
    line: int
    email: str
    first_name: str
    last_name: str
    company: str
    phone: str
    website: str
    classification: Classification
    starts_on: datetime.date
    renewal_due_on: datetime.date | None
    sponsor: User | None


@dataclass
class ParsedImport:
    rows: list[ImportRow]
    errors: list[tuple[int, str]]  # (line number in the file, message); line 0 = the whole file


class _Unreadable(Exception):
    """The file as a whole cannot be imported; nothing of it is checked further."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def parse_members_csv(*, chapter: Chapter, data: bytes) -> ParsedImport:
    try:
        header, records = _read(data)
    except _Unreadable as error:
        return ParsedImport([], [(error.line, error.message)])
    return _validate(chapter=chapter, header=header, records=records)


def _read(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise _Unreadable(0, _("The file is empty."))
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except csv.Error:
        raise _Unreadable(0, _("The file is not a valid CSV file.")) from None
    _check_header(header)
    records = _records(reader)
    if not records:
        raise _Unreadable(0, _("The file has no members below the header line."))
    return header, records


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Unreadable(0, _("The file is not a text (CSV) file."))


def _check_header(header: list[str]) -> None:
    unknown = [column for column in header if column not in COLUMNS and column not in IGNORED_COLUMNS]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if unknown or missing or len(set(header)) != len(header):
        raise _Unreadable(
            1,
            _(
                "The first line must name the columns. Required: %(required)s; optional: %(optional)s. "
                "Missing: %(missing)s. Unknown: %(unknown)s."
            )
            % {
                "required": ", ".join(sorted(REQUIRED_COLUMNS)),
                "optional": ", ".join(c for c in COLUMNS if c not in REQUIRED_COLUMNS),
                "missing": ", ".join(missing) or "-",
                "unknown": ", ".join(unknown) or "-",
            },
        )


def _records(reader) -> list[tuple[int, list[str]]]:
    """The non-blank lines below the header, with their line numbers; at most MAX_ROWS of them."""
    records = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            records.append((reader.line_num, record))
            if len(records) > MAX_ROWS:
                raise _Unreadable(
                    0,
                    _("A file can hold at most %(max)s members. Split it and import the parts one by one.")
                    % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
                )
    except csv.Error as error:
        raise _Unreadable(
            reader.line_num, _("This line cannot be read: %(error)s") % {"error": error}
        ) from None
    return records


def _validate(*, chapter: Chapter, header: list[str], records: list[tuple[int, list[str]]]) -> ParsedImport:
    """Every row through MemberImportRowForm, in file order (a later duplicate names the earlier line)."""
    cells = [
        (line, dict(zip(header, (cell.strip() for cell in record), strict=False)), record)
        for line, record in records
    ]
    lookups = import_lookups(
        chapter=chapter, emails={values.get("email", "").lower() for _line, values, _record in cells}
    )
    rows: list[ImportRow] = []
    errors: list[tuple[int, str]] = []
    for line, values, record in cells:
        form = MemberImportRowForm(
            {column: values.get(column, "") for column in COLUMNS},
            line=line,
            lookups=lookups,
            extra_cells=len(record) > len(header),
        )
        if form.is_valid():
            rows.append(ImportRow(line=line, **_row_values(form.cleaned_data)))
        else:
            errors.append((line, form.problems()))
    return ParsedImport(rows, errors)


def _row_values(cleaned: dict) -> dict:
    values = {column: cleaned[column] for column in COLUMNS if column != "sponsor_email"}
    return {**values, "sponsor": cleaned["sponsor_email"]}


class MemberListExporter(Exporter):
    """The chapter's member list as CSV, in the columns the import reads (and the status)."""

    csv_delimiter = ","

    def __init__(self, chapter: Chapter, memberships: Iterable[Membership]):
        self.filename = f"{chapter.slug}-members-{timezone.localdate().isoformat()}"
        self.memberships = memberships

    def download_name(self, extension: str) -> str:
        return f"{self.filename}.{extension}"

    def headers(self) -> list:
        return [*COLUMNS, "status"]

    def rows(self) -> Iterable[list]:
        for term in self.memberships:
            user = term.user
            yield [
                user.email,
                user.first_name,
                user.last_name,
                user.company,
                user.phone,
                user.website,
                term.classification.name_nl,
                term.starts_on.isoformat(),
                term.renewal_due_on.isoformat(),
                term.sponsor.email if term.sponsor else "",
                term.status,
            ]
