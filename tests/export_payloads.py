"""Text a member could type that a spreadsheet would run as a formula, and how to read an export back."""

import csv
import io
import re

from openpyxl import load_workbook

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\tx",
    "\rx",
]
# full_name strips leading whitespace, so only these reach a report through a member's name.
NAME_PAYLOADS = [payload for payload in PAYLOADS if not payload[0].isspace()]

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?[0-9,.]+$")


def csv_rows(response, delimiter: str) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def neutralised(payload: str) -> str:
    """What a CSV cell holds for `payload`: an apostrophe first (and defusedcsv escapes a pipe)."""
    return "'" + payload.replace("|", "\\|")


def assert_no_live_csv_cell(rows: list[list[str]]) -> None:
    """No cell a spreadsheet would read as a formula: only plain numbers may start with a minus."""
    for row in rows:
        for cell in row:
            assert not (cell.startswith(DANGEROUS) and not NUMBER.match(cell)), repr(cell)


def xlsx_cells(response) -> list:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def assert_text_cell(cells: list, payload: str) -> None:
    """`payload` is in the sheet as literal text, shown with a quote prefix, never as a formula."""
    # XML turns a carriage return into a line break on reading; the cell is text all the same.
    expected = payload.replace("\r", "\n")
    matching = [cell for cell in cells if cell.value == expected]
    assert matching, f"{payload!r} is not in the sheet"
    for cell in matching:
        assert cell.data_type == "s", (payload, cell.data_type)
        assert cell.quotePrefix
    assert not [cell for cell in cells if cell.data_type == "f"]
