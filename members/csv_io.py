"""Members as CSV: the import's parser (every row checked before anything is written) and the export.

The export writes the same columns the import reads, so a chapter can round-trip its list through
a spreadsheet. Dutch spreadsheets save with ";" as separator, so both "," and ";" are accepted.
A chapter moving from BNI Connect uploads its roster export as it is: its column names ("First
Name", "Company Name", "Mobile Phone", "Member Since", ...) and their Dutch forms are read as ours,
matched without regard to case, spaces, dashes or underscores; columns we do not use are ignored
and named after the import.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

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
MAX_ROWS = 2000

# Other names for our columns, most preferred first: where a file has two of them (BNI Connect's
# "Phone" and "Mobile Phone"), a row takes the first that is filled in. Compared by _normalise.
ALIASES = {
    "email": ["email", "e-mail", "email address", "e-mailadres", "emailadres"],
    "first_name": ["first_name", "first name", "given name", "voornaam"],
    "last_name": ["last_name", "last name", "surname", "family name", "achternaam"],
    "company": ["company", "company name", "business name", "bedrijf", "bedrijfsnaam"],
    "phone": [
        "phone",
        "mobile phone",
        "mobile",
        "cell phone",
        "business phone",
        "direct phone",
        "telefoon",
        "telefoonnummer",
        "mobiel",
        "mobiele telefoon",
    ],
    "website": ["website", "web site", "web address", "url", "webadres"],
    "classification": [
        "classification",
        "profession",
        "category",
        "classificatie",
        "beroep",
        "beroepsgroep",
    ],
    "starts_on": [
        "starts_on",
        "join date",
        "joined",
        "member since",
        "start date",
        "lid sinds",
        "startdatum",
    ],
    "renewal_due_on": [
        "renewal_due_on",
        "renewal date",
        "renewal due date",
        "term end",
        "term end date",
        "verlengdatum",
        "verlengingsdatum",
        "einde termijn",
    ],
    "sponsor_email": ["sponsor_email", "sponsor email", "sponsor e-mail", "e-mail sponsor"],
}
# BNI Connect's name for each required column, for the message when one is missing.
REQUIRED_LABELS = {
    "email": "email (Email)",
    "first_name": "first_name (First Name)",
    "last_name": "last_name (Last Name)",
    "classification": "classification (Classification, Profession)",
}


def _normalise(name: str) -> str:
    return "".join(character for character in name.lower() if character.isalnum())


_COLUMN_BY_NAME = {_normalise(alias): column for column, names in ALIASES.items() for alias in names}
_PREFERENCE = {_normalise(alias): rank for names in ALIASES.values() for rank, alias in enumerate(names)}


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
    ignored_columns: list[str] = field(default_factory=list)  # the file's columns we do not read


@dataclass
class Header:
    """Where each of our columns is in the file: its positions, most preferred name first."""

    positions: dict[str, list[int]]
    ignored: list[str]
    width: int

    def values(self, record: list[str]) -> dict[str, str]:
        cells = [cell.strip() for cell in record]
        return {
            column: next((cells[i] for i in places if i < len(cells) and cells[i]), "")
            for column, places in self.positions.items()
        }


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
    parsed = _validate(chapter=chapter, header=header, records=records)
    parsed.ignored_columns = header.ignored
    return parsed


def _read(data: bytes) -> tuple[Header, list[tuple[int, list[str]]]]:
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise _Unreadable(0, _("The file is empty."))
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = _header(next(reader))
    except csv.Error:
        raise _Unreadable(0, _("The file is not a valid CSV file.")) from None
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


def _header(names: list[str]) -> Header:
    positions: dict[str, list[int]] = {}
    ignored, repeated = [], []
    seen: dict[str, str] = {}
    for position, name in enumerate(names):
        key = _normalise(name)
        if key in seen:
            repeated.append(f"{seen[key]} / {name.strip()}")
        seen.setdefault(key, name.strip())
        column = _COLUMN_BY_NAME.get(key)
        if column is None:
            if key and key != "status":  # "status" is written by our export, so it imports again
                ignored.append(name.strip())
            continue
        positions.setdefault(column, []).append(position)
    for places in positions.values():
        places.sort(key=lambda place: _PREFERENCE[_normalise(names[place])])
    missing = sorted(REQUIRED_COLUMNS - set(positions))
    if missing or repeated:
        raise _Unreadable(1, _header_problem(missing, repeated))
    return Header(positions, ignored, len(names))


def _header_problem(missing: list[str], repeated: list[str]) -> str:
    if repeated:
        return _("The first line names a column twice: %(columns)s.") % {"columns": ", ".join(repeated)}
    return _(
        "The first line must name the columns. Required columns not found: %(missing)s. "
        "Optional: %(optional)s. BNI Connect's roster export can be imported as it is."
    ) % {
        "missing": ", ".join(REQUIRED_LABELS[column] for column in missing),
        "optional": ", ".join(c for c in COLUMNS if c not in REQUIRED_COLUMNS),
    }


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


def _validate(*, chapter: Chapter, header: Header, records: list[tuple[int, list[str]]]) -> ParsedImport:
    """Every row through MemberImportRowForm, in file order (a later duplicate names the earlier line)."""
    cells = [(line, header.values(record), record) for line, record in records]
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
            extra_cells=len(record) > header.width and any(cell.strip() for cell in record[header.width :]),
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
