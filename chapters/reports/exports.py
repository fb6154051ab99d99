"""CSV and XLSX downloads of a report: a title, a header row and rows of plain values.

CSV is UTF-8 with a byte order mark (Excel then reads accents right) and `;` as separator under
Dutch (Dutch Excel expects it, as `,` is the decimal comma there), `,` under English. XLSX keeps
numbers as numbers so a spreadsheet can sum them.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def _csv_value(value, decimal_comma: bool) -> str:
    if isinstance(value, Decimal | float) and decimal_comma:
        return str(value).replace(".", ",")
    return "" if value is None else str(value)


def export_response(*, fmt: str, filename: str, headers: list[str], rows: list[list]) -> HttpResponse:
    name = slugify(filename) or "report"
    if fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = filename[:31]
        sheet.append([str(header) for header in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(value) for value in row])
        sheet.freeze_panes = "B2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    dutch = (get_language() or "nl").startswith("nl")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if dutch else ",")
    writer.writerow([str(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_value(value, dutch) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def requested_format(request) -> str | None:
    """The export format asked for with ?format=, or None for the page itself."""
    fmt = request.GET.get("format")
    return fmt if fmt in FORMATS else None
