"""Members as CSV: the import's parser (every row checked before anything is written) and the export.

The export writes the same columns the import reads, so a chapter can round-trip its list through
a spreadsheet. Dutch spreadsheets save with ";" as separator, so both "," and ";" are accepted.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Chapter
from config.exports import Exporter
from members.models import Classification, Membership, User

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
MAX_LENGTHS = {"first_name": 80, "last_name": 120, "company": 160, "phone": 40, "website": 200}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


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


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _parse_date(value: str) -> datetime.date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def parse_members_csv(*, chapter: Chapter, data: bytes) -> ParsedImport:
    text = _decode(data)
    if text is None:
        return ParsedImport([], [(0, _("The file is not a text (CSV) file."))])
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return ParsedImport([], [(0, _("The file is empty."))])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except csv.Error:
        return ParsedImport([], [(0, _("The file is not a valid CSV file."))])
    unknown = [column for column in header if column not in COLUMNS and column not in IGNORED_COLUMNS]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if unknown or missing or len(set(header)) != len(header):
        return ParsedImport(
            [],
            [
                (
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
            ],
        )
    try:
        records = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            records.append((reader.line_num, record))
            if len(records) > MAX_ROWS:
                return ParsedImport(
                    [],
                    [
                        (
                            0,
                            _(
                                "A file can hold at most %(max)s members. Split it and import the parts one by one."
                            )
                            % {"max": f"{MAX_ROWS:,}".replace(",", ".")},
                        )
                    ],
                )
    except csv.Error as error:
        return ParsedImport(
            [], [(reader.line_num, _("This line cannot be read: %(error)s") % {"error": error})]
        )
    if not records:
        return ParsedImport([], [(0, _("The file has no members below the header line."))])
    return _validate(chapter=chapter, header=header, records=records)


def _validate(*, chapter: Chapter, header: list[str], records: list[tuple[int, list[str]]]) -> ParsedImport:
    dicts = []
    for line, record in records:
        values = {
            column: (record[index].strip() if index < len(record) else "")
            for index, column in enumerate(header)
        }
        dicts.append((line, values, len(record) > len(header)))

    emails = {values.get("email", "").lower() for _line, values, _extra in dicts}
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
    today = timezone.localdate()
    email_validator, url_validator = EmailValidator(), URLValidator(schemes=["http", "https"])

    rows: list[ImportRow] = []
    errors: list[tuple[int, str]] = []
    seen_emails: dict[str, int] = {}
    seen_classifications: dict[int, int] = {}
    for line, values, has_extra_cells in dicts:
        problems = []
        get = values.get
        if has_extra_cells:
            problems.append(_("more cells than columns in the header"))
        email = get("email", "").lower()
        try:
            email_validator(email)
        except ValidationError:
            problems.append(_("“%(value)s” is not a valid email address") % {"value": email})
        else:
            if email in existing_emails:
                problems.append(
                    _("an account with the email address %(value)s already exists") % {"value": email}
                )
            elif email in seen_emails:
                problems.append(
                    _("the email address %(value)s is also on line %(line)s")
                    % {"value": email, "line": seen_emails[email]}
                )
            seen_emails.setdefault(email, line)
        for column in ("first_name", "last_name"):
            if not get(column, ""):
                problems.append(_("%(column)s is empty") % {"column": column})
        for column, limit in MAX_LENGTHS.items():
            if len(get(column, "")) > limit:
                problems.append(
                    _("%(column)s is longer than %(max)s characters") % {"column": column, "max": limit}
                )
        website = get("website", "")
        if website and "://" not in website:
            website = f"https://{website}"
        if website:
            try:
                url_validator(website)
            except ValidationError:
                problems.append(_("“%(value)s” is not a valid website address") % {"value": get("website")})
        classification = classifications.get(get("classification", "").lower())
        if classification is None:
            problems.append(_("unknown classification “%(value)s”") % {"value": get("classification", "")})
        elif classification.pk in taken:
            problems.append(
                _("the classification %(name)s is already taken in this chapter")
                % {"name": classification.name}
            )
        elif classification.pk in seen_classifications:
            problems.append(
                _("the classification %(name)s is also on line %(line)s")
                % {"name": classification.name, "line": seen_classifications[classification.pk]}
            )
        if classification is not None:
            seen_classifications.setdefault(classification.pk, line)
        dates = {}
        for column in ("starts_on", "renewal_due_on"):
            raw = get(column, "")
            try:
                dates[column] = _parse_date(raw) if raw else None
            except ValueError:
                problems.append(_("“%(value)s” is not a date (use YYYY-MM-DD)") % {"value": raw})
                dates[column] = None
        starts_on = dates["starts_on"] or today
        if dates["renewal_due_on"] and dates["renewal_due_on"] <= starts_on:
            problems.append(_("the renewal date must be after the start date"))
        sponsor = None
        if sponsor_email := get("sponsor_email", "").lower():
            sponsor = sponsors.get(sponsor_email)
            if sponsor is None:
                problems.append(
                    _("the sponsor %(value)s is not a current member of this chapter")
                    % {"value": sponsor_email}
                )
        if problems:
            errors.append((line, "; ".join(problems)))
            continue
        rows.append(
            ImportRow(
                line=line,
                email=email,
                first_name=get("first_name", ""),
                last_name=get("last_name", ""),
                company=get("company", ""),
                phone=get("phone", ""),
                website=website,
                classification=classification,
                starts_on=starts_on,
                renewal_due_on=dates["renewal_due_on"],
                sponsor=sponsor,
            )
        )
    return ParsedImport(rows, errors)


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
