"""A visitor applies, the committee interviews and proposes her, a member objects, the committee
approves after the objection window, the new member sets a password, sees her onboarding checklist,
fills in GAINS and is found in the directory."""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from members.models import Application
from tests import factories
from tests.browser.helpers import log_in

SHOTS = "/tmp/shots"


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_from_application_to_the_directory(page: Page, world):
    factories.make_classification("Hovenier")

    # 1. A visitor applies from the chapter's public application page.
    page.goto(f"/chapters/{world.chapter.slug}/apply/")
    page.get_by_label("Voornaam").fill("Vera")
    page.get_by_label("Achternaam").fill("Groen")
    page.get_by_label("E-mailadres").fill("vera@groentuinen.nl")
    page.get_by_label("Bedrijf").fill("Groen Tuinen")
    page.get_by_label("Je beroep", exact=True).select_option(label="Hovenier (Diensten)")
    page.get_by_label("Referenties").fill("Jan de Wit 06-12345678")
    page.get_by_label(re.compile("Ik ga ermee akkoord")).check()
    page.screenshot(path=f"{SHOTS}/members-apply.png", full_page=True)
    page.get_by_role("button", name="Aanvraag versturen").click()
    expect(page.get_by_role("heading", name="Bedankt voor je aanvraag")).to_be_visible()

    # 2. The president (membership committee) interviews her and proposes her to the members.
    log_in(page, world.carol)
    page.goto(f"/c/{world.chapter.slug}/applications/")
    page.get_by_role("link", name=re.compile("Vera Groen")).click()
    expect(page.get_by_text("Vrij in dit chapter.")).to_be_visible()
    expect(page.get_by_label("Goedkeuren: lid maken")).to_have_count(0)  # not before the window
    page.get_by_label("Aantekeningen van het gesprek").fill("Sterke referenties, past goed.")
    page.get_by_role("button", name="Gesprek opslaan").click()
    page.get_by_role("button", name="Voorstellen ter goedkeuring").click()
    expect(page.get_by_text(re.compile("Vera Groen is voorgesteld"))).to_be_visible()
    detail = page.url

    # 3. A member sees her on the proposed members' page and objects; only the committee reads it.
    log_in(page, world.alice)
    page.goto(f"/c/{world.chapter.slug}/directory/")
    page.get_by_role("link", name="Voorgestelde nieuwe leden").click()
    expect(page.get_by_role("heading", name="Vera Groen")).to_be_visible()
    page.get_by_text("Bezwaar maken tegen Vera").click()
    page.get_by_label("Je bezwaar").fill("Ik hoorde over een onbetaalde rekening.")
    page.screenshot(path=f"{SHOTS}/members-proposals.png", full_page=True)
    page.get_by_role("button", name="Mijn bezwaar versturen").click()
    expect(page.get_by_text("Je hebt bezwaar gemaakt")).to_be_visible()

    # 4. The window passes; the committee reads the objection and approves.
    Application.objects.filter(email="vera@groentuinen.nl").update(
        objections_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    log_in(page, world.carol)
    page.goto(detail)
    expect(page.get_by_test_id("objections")).to_contain_text("onbetaalde rekening")
    page.get_by_label("Goedkeuren: lid maken").check()
    page.get_by_label("Reden", exact=True).fill("Rekening was een misverstand, nagevraagd.")
    page.screenshot(path=f"{SHOTS}/members-application.png", full_page=True)
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_text(re.compile("Vera Groen is nu lid"))).to_be_visible()
    _log_out(page)

    # 5. The new member sets a password from the invitation email.
    invitation = next(
        message
        for message in mail.outbox
        if message.to == ["vera@groentuinen.nl"] and "/accounts/invitation/" in message.body
    )
    path = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+)", invitation.body).group(1)
    page.goto(path)
    page.locator("#id_new_password1").fill("Tuinen-in-Utrecht-2026")
    page.locator("#id_new_password2").fill("Tuinen-in-Utrecht-2026")
    page.get_by_role("button", name="Mijn wachtwoord instellen").click()

    # 5b. Her home shows her onboarding checklist (approval started it); she ticks her own item.
    page.goto("/")
    checklist = page.get_by_test_id("my-onboarding")
    expect(checklist).to_contain_text("Oriëntatie voor nieuwe leden")
    page.screenshot(path=f"{SHOTS}/members-onboarding-home.png", full_page=True)
    checklist.get_by_role("button", name=re.compile("Gedaan Member Success Program")).click()
    expect(page.get_by_text(re.compile("Afgevinkt: Member Success Program"))).to_be_visible()

    # 6. She fills in her GAINS.
    page.goto("/profile/")
    page.get_by_label("Netwerken").fill("Hoveniersvereniging Midden-Nederland, Tuincentrum De Oude Tol")
    page.get_by_label("Vaardigheden").fill("Daktuinen en groene schoolpleinen")
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_text("Je profiel is opgeslagen.")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/members-profile.png", full_page=True)

    # 7. ...and a member finds her in the directory by a word from her GAINS.
    _log_out(page)
    log_in(page, world.alice)
    page.goto(f"/c/{world.chapter.slug}/directory/")
    page.get_by_placeholder("Naam, bedrijf, beroep of trefwoord").fill("daktuin")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name=re.compile("Vera Groen"))).to_be_visible()
    page.screenshot(path=f"{SHOTS}/members-directory.png", full_page=True)
    page.get_by_role("link", name=re.compile("Vera Groen")).click()
    expect(page.get_by_role("heading", name="Vera Groen")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/members-directory-profile.png", full_page=True)


def test_leaders_pages_on_a_phone(page: Page, world):
    log_in(page, world.carol)
    for name, path in (
        ("members-admin", f"/c/{world.chapter.slug}/members/"),
        ("members-renewals", f"/c/{world.chapter.slug}/renewals/"),
        ("members-roles", f"/c/{world.chapter.slug}/roles/"),
        ("members-import", f"/c/{world.chapter.slug}/members/import/"),
    ):
        page.goto(path)
        expect(page.get_by_role("heading", name=re.compile("Ledenbeheer"))).to_be_visible()
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
