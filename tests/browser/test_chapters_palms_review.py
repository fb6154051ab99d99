"""A leader imports a PALMS summary in which one row matches nobody: the review screen shows the
row's name and email from the file, the leader picks the member, checks the preview and confirms."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from chapters.models import ImportedPalms
from tests.browser.helpers import log_in

SHOTS = "/tmp/shots"
HEADER = "Naam;Email;P;A;L;M;S;RGI;RGO;RRI;RRO;V;1-2-1;TYFCB;CEU;T"


def test_the_leader_assigns_an_unmatched_row_and_confirms(page: Page, world, tmp_path):
    palms = tmp_path / "palms.csv"
    palms.write_text(
        "\n".join(
            [
                HEADER,
                f"{world.alice.full_name};;10;1;0;0;0;3;0;2;0;1;2;1.250,00;1;0",
                "B. Oudenaam;bob.oud@example.nl;8;0;1;0;0;2;1;1;0;0;3;400,00;0;1",
            ]
        ),
        encoding="utf-8",
    )
    today = timezone.localdate()
    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/reports/import/")
    page.get_by_label("Periode vanaf").fill((today - datetime.timedelta(days=90)).isoformat())
    page.get_by_label("Periode tot en met").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label(re.compile("PALMS-overzicht")).set_input_files(palms)
    page.get_by_role("button", name="Importeren").click()

    row = page.get_by_test_id("palms-review-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("B. Oudenaam")
    expect(row).to_contain_text("bob.oud@example.nl")
    page.screenshot(path=f"{SHOTS}/chapters-palms-review.png", full_page=True)
    row.get_by_label("Lid voor rij 3").select_option(label=world.bob.full_name)
    page.get_by_role("button", name="Volgende: controleren wat er wordt geïmporteerd").click()

    preview = page.get_by_test_id("palms-preview")
    expect(preview).to_contain_text(world.bob.full_name)
    expect(preview).to_contain_text("(B. Oudenaam)")
    expect(page.get_by_test_id("palms-preview-summary")).to_contain_text("2 leden")
    assert not ImportedPalms.objects.exists()
    page.screenshot(path=f"{SHOTS}/chapters-palms-preview.png", full_page=True)
    page.get_by_test_id("palms-confirm").click()
    expect(page.get_by_text(re.compile("PALMS van 2 leden geïmporteerd"))).to_be_visible()
    assert set(ImportedPalms.objects.values_list("member_id", flat=True)) == {world.alice.pk, world.bob.pk}
