"""The exports base: every dangerous first character neutralised, numbers kept as numbers."""

import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from config.exports import Exporter, requested_format
from tests.export_payloads import (
    PAYLOADS,
    assert_no_live_csv_cell,
    assert_text_cell,
    csv_rows,
    neutralised,
    xlsx_cells,
)


class SampleExporter(Exporter):
    filename = "Sample: Domstad [A/B]"

    def __init__(self, rows, headers=("Name", "Amount")):
        self._rows = rows
        self._headers = list(headers)

    def headers(self):
        return self._headers

    def rows(self):
        return self._rows


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(("language", "delimiter"), [("nl", ";"), ("en", ",")])
def test_a_dangerous_csv_cell_starts_with_an_apostrophe(payload, language, delimiter):
    with translation.override(language):
        response = SampleExporter([[payload, 1]]).response("csv")
    rows = csv_rows(response, delimiter)
    assert rows[1] == [neutralised(payload), "1"]
    assert_no_live_csv_cell(rows)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_dangerous_xlsx_cell_is_literal_text(payload):
    response = SampleExporter([[payload, 1]]).response("xlsx")
    cells = xlsx_cells(response)
    assert_text_cell(cells, payload)


def test_member_typed_headers_are_neutralised_too():
    exporter = SampleExporter([], headers=["From", "=HYPERLINK(1)", "@SUM(A1)"])
    with translation.override("nl"):
        rows = csv_rows(exporter.response("csv"), ";")
    assert rows[0] == ["From", "'=HYPERLINK(1)", "'@SUM(A1)"]
    cells = xlsx_cells(exporter.response("xlsx"))
    assert_text_cell(cells, "=HYPERLINK(1)")
    assert_text_cell(cells, "@SUM(A1)")


def test_numbers_stay_numbers_in_xlsx():
    rows = [["a", 3], ["b", -2], ["c", Decimal("1.5")], ["d", Decimal("-4.00")], ["e", 0.25]]
    cells = xlsx_cells(SampleExporter(rows).response("xlsx"))
    values = [(cell.value, cell.data_type) for cell in cells[3::2]]
    assert values == [(3, "n"), (-2, "n"), (1.5, "n"), (-4, "n"), (0.25, "n")]
    assert isinstance(values[3][0], int)


def test_csv_numbers_use_a_decimal_comma_in_dutch_and_a_point_in_english():
    rows = [["a", -2], ["b", Decimal("-1.5")], ["c", Decimal("12.25")], ["d", None]]
    with translation.override("nl"):
        dutch = SampleExporter(rows).response("csv")
    with translation.override("en"):
        english = SampleExporter(rows).response("csv")
    assert dutch.content.decode("utf-8").startswith("\ufeff")
    assert [row[1] for row in csv_rows(dutch, ";")[1:]] == ["-2", "-1,5", "12,25", ""]
    assert [row[1] for row in csv_rows(english, ",")[1:]] == ["-2", "-1.5", "12.25", ""]


def test_the_download_is_named_after_the_export_and_a_bad_sheet_name_does_not_crash():
    csv_response = SampleExporter([["a", 1]]).response("csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == 'attachment; filename="sample-domstad-ab.csv"'
    xlsx_response = SampleExporter([["a", 1]]).response("xlsx")
    assert xlsx_response["Content-Disposition"] == 'attachment; filename="sample-domstad-ab.xlsx"'
    assert load_workbook(io.BytesIO(xlsx_response.content)).active.title == "Sample  Domstad  A B "


def test_only_csv_and_xlsx_are_export_formats():
    factory = RequestFactory()
    assert requested_format(factory.get("/", {"format": "xlsx"})) == "xlsx"
    assert requested_format(factory.get("/", {"format": "csv"})) == "csv"
    assert requested_format(factory.get("/", {"format": "html"})) is None
    assert requested_format(factory.get("/")) is None
