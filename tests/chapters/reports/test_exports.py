"""Every report export, through its real view: member-typed names never become live formulas."""

import pytest
from django.urls import reverse

from members.models import User
from tests import factories
from tests.export_payloads import (
    NAME_PAYLOADS,
    PAYLOADS,
    assert_no_live_csv_cell,
    assert_text_cell,
    csv_rows,
    neutralised,
    xlsx_cells,
)

# The reports that show members' names (PALMS and scores in rows, the network in rows and headers).
NAMED_REPORTS = ["report_palms", "report_network", "report_scores"]


@pytest.fixture
def formula_members(world):
    """Members of alice's chapter whose whole name is a formula."""
    members = []
    for n, payload in enumerate(NAME_PAYLOADS):
        member = factories.make_member(world.chapter, "Formula", email=f"formula{n}@example.nl")
        User.objects.filter(pk=member.pk).update(first_name=payload, last_name="")
        members.append(member)
    return members


@pytest.mark.parametrize("url_name", NAMED_REPORTS)
def test_a_report_csv_neutralises_formula_names(world, formula_members, client, url_name):
    client.force_login(world.carol)
    response = client.get(
        reverse(url_name, args=[world.chapter.slug]), {"format": "csv"}, headers={"accept-language": "nl"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response, ";")
    cells = {cell for row in rows for cell in row}
    for payload in NAME_PAYLOADS:
        assert neutralised(payload) in cells, payload
    assert_no_live_csv_cell(rows)


@pytest.mark.parametrize("url_name", NAMED_REPORTS)
def test_a_report_xlsx_keeps_formula_names_as_text(world, formula_members, client, url_name):
    client.force_login(world.carol)
    response = client.get(reverse(url_name, args=[world.chapter.slug]), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    cells = xlsx_cells(response)
    for payload in NAME_PAYLOADS:
        assert_text_cell(cells, payload)


def test_the_network_headers_are_the_formula_names_as_text(world, formula_members, client):
    client.force_login(world.carol)
    url = reverse("report_network", args=[world.chapter.slug])
    header = csv_rows(client.get(url, {"format": "csv"}, headers={"accept-language": "nl"}), ";")[0]
    for payload in NAME_PAYLOADS:
        assert neutralised(payload) in header
    sheet_header = [cell for cell in xlsx_cells(client.get(url, {"format": "xlsx"})) if cell.row == 1]
    for payload in NAME_PAYLOADS:
        assert_text_cell(sheet_header, payload)


@pytest.mark.parametrize("url_name", ["report_overview", "report_chapter_light"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reports_without_names_download_for_a_chapter_named_like_a_formula(world, client, url_name, fmt):
    # A sheet's name may not hold / [ ] : * ? \; the download used to crash on such a chapter name.
    world.chapter.name = "=Zuid/Oost [2]"
    world.chapter.save(update_fields=["name"])
    client.force_login(world.carol)
    response = client.get(reverse(url_name, args=[world.chapter.slug]), {"format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        assert_no_live_csv_cell(csv_rows(response, ";"))
    else:
        assert not [cell for cell in xlsx_cells(response) if cell.data_type == "f"]


@pytest.fixture
def formula_chapters(world):
    """Chapters of the region whose name is a formula, tab and carriage return included."""
    return [factories.make_chapter(world.chapter.region, payload) for payload in PAYLOADS]


def test_the_region_csv_neutralises_formula_chapter_names(world, formula_chapters, client):
    client.force_login(world.rita)
    url = reverse("region_reports", args=[world.chapter.region.slug])
    rows = csv_rows(client.get(url, {"format": "csv"}, headers={"accept-language": "nl"}), ";")
    names = [row[0] for row in rows[1:]]
    for payload in PAYLOADS:
        assert neutralised(payload) in names, payload
    assert world.chapter.name in names
    assert_no_live_csv_cell(rows)


def test_the_region_xlsx_keeps_formula_chapter_names_as_text(world, formula_chapters, client):
    client.force_login(world.rita)
    url = reverse("region_reports", args=[world.chapter.region.slug])
    cells = xlsx_cells(client.get(url, {"format": "xlsx"}))
    for payload in PAYLOADS:
        assert_text_cell(cells, payload)
    # The figures stay numbers a spreadsheet can sum.
    members_column = [cell for cell in cells if cell.column == 2 and cell.row > 1]
    assert members_column and all(cell.data_type == "n" for cell in members_column)
