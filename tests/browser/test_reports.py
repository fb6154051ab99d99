import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in
from tests.chapters import report_data

SHOTS = "test-results/shots"


def test_a_member_sees_their_score_explained_on_a_phone(page: Page, world):
    report_data.generate(world.chapter, [world.alice, world.bob, world.carol], weeks=12)
    log_in(page, world.alice)

    page.goto("/")
    page.get_by_role("link", name="Hoe mijn score is opgebouwd").click()

    expect(page.get_by_role("heading", name="Mijn score")).to_be_visible()
    # The scheme that applies, the points per metric and the thresholds are all on the page.
    expect(page.get_by_text(re.compile("Je regio gebruikt"))).to_be_visible()
    expect(page.get_by_text("Gegeven referrals").first).to_be_visible()
    page.screenshot(path=f"{SHOTS}/my_score_phone.png", full_page=True)


def test_the_president_downloads_the_palms_report_as_a_spreadsheet(page: Page, world):
    report_data.generate(world.chapter, [world.alice, world.bob, world.carol], weeks=12)
    log_in(page, world.carol)

    page.goto(f"/c/{world.chapter.slug}/reports/")
    expect(page.get_by_role("heading", name=re.compile("PALMS-rapport"))).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX downloaden").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    names = {row[0] for row in rows}
    assert world.alice.full_name in names
    page.screenshot(path=f"{SHOTS}/palms_phone.png", full_page=True)
