import io
import re
from pathlib import Path

import openpyxl
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from referrals.models import Referral
from tests.browser.helpers import log_in
from tests.chapters import report_data

SHOTS = "test-results/shots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


def test_the_president_sees_who_gives_to_whom_on_a_phone_and_a_laptop(page: Page, world):
    members = [world.alice, world.bob, world.carol, *report_data.make_members(world.chapter, 9)]
    report_data.generate(world.chapter, members[:8], weeks=3)
    giver, receiver = members[8], members[9]
    for other in members[:3]:
        Referral.objects.create(
            giver=giver,
            receiver=other,
            giver_chapter=world.chapter,
            receiver_chapter=world.chapter,
            need="Klant",
        )
        Referral.objects.create(
            giver=other,
            receiver=receiver,
            giver_chapter=world.chapter,
            receiver_chapter=world.chapter,
            need="Klant",
        )
    log_in(page, world.carol)

    page.goto(f"/c/{world.chapter.slug}/reports/network/")
    picture = page.get_by_role("img", name="Geef-en-neemnetwerk")
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    assert (
        box["width"] <= 375 and box["height"] <= 375
    )  # the whole circle fits a phone, no sideways scrolling
    expect(page.get_by_test_id("gives-only")).to_contain_text(giver.full_name)
    expect(page.get_by_test_id("receives-only")).to_contain_text(receiver.full_name)
    page.screenshot(path=f"{SHOTS}/network_phone.png", full_page=True)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")] == []

    # Tapping a member leaves only their arrows in view.
    page.locator(f'.network-node[data-member="{members.index(giver)}"]').hover()
    expect(page.locator(".network-edge-out")).to_have_count(3)
    expect(page.locator(".network-edge-in")).to_have_count(0)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/c/{world.chapter.slug}/reports/network/")
    expect(picture).to_be_visible()
    page.screenshot(path=f"{SHOTS}/network_laptop.png", full_page=True)
