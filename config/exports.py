"""The one base every CSV and XLSX download goes through (after pretix's `ListExporter`).

An export is a subclass of `Exporter` that gives a `filename`, `headers()` and `rows()`;
`response(fmt)` writes it. Cells hold what members typed (names, companies, contacts), so a cell
starting with =, +, -, @, a tab or a carriage return must never become a live formula:

- CSV goes through defusedcsv, which puts an apostrophe before such text (numbers such as `-3` or
  `-1,5` stay as they are); a leading tab or carriage return, which defusedcsv lets through, gets
  the same apostrophe here.
- XLSX stores such text as a text cell with the quote prefix set, so Excel shows it literally.
  Numbers stay numbers so a spreadsheet can sum them.

CSV is UTF-8 with a byte order mark (Excel then reads accents right). Its separator follows the
language unless the exporter fixes one: `;` with a decimal comma under Dutch (Dutch Excel expects
it, as `,` is the decimal comma there), `,` under English.

Imports no app code: it is part of the core layer.
"""

import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from defusedcsv import csv
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

# What makes a spreadsheet read a cell as a formula (or, for tab and CR, lets one hide behind them).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel does not allow these in a sheet's name.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def is_dangerous(value) -> bool:
    """True for text a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def xlsx_value(value):
    """A value as an XLSX cell takes it: decimals as numbers (whole ones as int), text as text."""
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    if value is None or isinstance(value, int | float | str | date):
        return value
    return str(value)  # lazy translations and other objects: their text


def csv_value(value, decimal_comma: bool):
    """A value as a CSV cell: text, with a decimal comma when asked; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",") if decimal_comma else str(value)
    if isinstance(value, int):
        return value
    text = str(value)
    # defusedcsv neutralises = + - @ | %; a leading tab or CR it lets through.
    return f"'{text}" if text.startswith(("\t", "\r")) else text


class Exporter:
    """One download: a title, a header row and rows of plain values, as CSV or XLSX."""

    filename = "report"
    # None: `;` and a decimal comma under Dutch, `,` under English; or a fixed separator.
    csv_delimiter: str | None = None
    csv_bom = True

    def headers(self) -> list:
        raise NotImplementedError

    def rows(self) -> Iterable[list]:
        raise NotImplementedError

    def download_name(self, extension: str) -> str:
        return f"{slugify(self.filename) or 'report'}.{extension}"

    def response(self, fmt: str) -> HttpResponse:
        if fmt == "xlsx":
            response = HttpResponse(self.xlsx_bytes(), content_type=XLSX_TYPE)
            extension = "xlsx"
        else:
            response = HttpResponse(self.csv_text(), content_type=CSV_TYPE)
            extension = "csv"
        response["Content-Disposition"] = f'attachment; filename="{self.download_name(extension)}"'
        return response

    def csv_text(self) -> str:
        dutch = (get_language() or "nl").startswith("nl")
        delimiter = self.csv_delimiter or (";" if dutch else ",")
        decimal_comma = dutch and delimiter != ","
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow([csv_value(str(header), decimal_comma) for header in self.headers()])
        for row in self.rows():
            writer.writerow([csv_value(value, decimal_comma) for value in row])
        return ("\ufeff" if self.csv_bom else "") + buffer.getvalue()

    def xlsx_bytes(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = SHEET_TITLE_FORBIDDEN.sub(" ", self.filename)[:31] or "Sheet"
        sheet.append([str(header) for header in self.headers()])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in self.rows():
            sheet.append([xlsx_value(value) for value in row])
        for row in sheet.iter_rows():
            for cell in row:
                if is_dangerous(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
        sheet.freeze_panes = "B2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def requested_format(request) -> str | None:
    """The export format asked for with ?format=, or None for the page itself."""
    fmt = request.GET.get("format")
    return fmt if fmt in FORMATS else None
