"""Slips offline: a referral sent without a connection waits on the device and arrives once."""

import datetime
import re

from playwright.sync_api import Page, expect

from referrals.models import OneToOne, Referral, ThankYou
from tests.browser.helpers import log_in, log_out


def _open_the_slip_form_with_the_worker(page: Page) -> None:
    page.goto("/referrals/new/")
    page.wait_for_load_state()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The worker looks after the page from its first visit on (clients.claim); wait for it.
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def _fill_a_slip(page: Page, need: str) -> None:
    page.get_by_label(re.compile("^Bob")).check()
    page.get_by_label("Voor mijn eigen bedrijf (ik ben de klant)").check()
    page.get_by_label("Wat is er nodig?").fill(need)


def test_a_slip_logged_offline_waits_and_arrives_once_when_back_online(page: Page, world):
    log_in(page, world.alice)
    _open_the_slip_form_with_the_worker(page)

    page.context.set_offline(True)
    _fill_a_slip(page, "Nieuwe cv-ketel voor het kantoor")
    page.get_by_role("button", name="Referral doorgeven").click()

    expect(page.get_by_test_id("outbox")).to_contain_text("1 formulier wacht op verzenden")
    expect(page.get_by_test_id("outbox")).to_contain_text("Nieuwe cv-ketel")
    assert Referral.objects.count() == 0
    entry = page.evaluate("KringOutbox.all().then((entries) => entries[0])")

    page.context.set_offline(False)
    expect(page.get_by_test_id("outbox-sent")).to_be_visible()
    expect(page.get_by_test_id("outbox")).to_have_count(0)
    assert Referral.objects.filter(need="Nieuwe cv-ketel voor het kantoor").count() == 1

    # The same entry replayed (a second tab, a sync retried): the idempotency key keeps it one slip.
    page.evaluate("(entry) => KringOutbox.add(entry)", entry)
    page.evaluate(f"KringOutbox.flush({world.alice.pk}, '')")
    page.evaluate("(entry) => KringOutbox.add(entry)", entry)
    page.reload()
    expect(page.get_by_test_id("outbox-sent")).to_be_visible()
    assert page.evaluate("KringOutbox.all().then((entries) => entries.length)") == 0
    assert Referral.objects.count() == 1


def test_the_slip_form_opens_offline_and_a_post_the_network_drops_is_kept(page: Page, world):
    log_in(page, world.alice)
    _open_the_slip_form_with_the_worker(page)
    used_key = page.locator("input[name=idempotency_key]").input_value()

    page.context.set_offline(True)
    page.reload()  # served by the worker from its copy, with a fresh idempotency key
    expect(page.get_by_role("heading", name="Referral geven")).to_be_visible()
    assert page.locator("input[name=idempotency_key]").input_value() != used_key

    # Wi-Fi that says it is there but carries nothing: the browser posts, the worker keeps it.
    page.evaluate("Object.defineProperty(navigator, 'onLine', {get: () => true})")
    _fill_a_slip(page, "Een nieuwe website")
    page.get_by_role("button", name="Referral doorgeven").click()
    expect(page.get_by_test_id("outbox")).to_contain_text("Een nieuwe website")
    assert "queued" not in page.url

    page.context.set_offline(False)
    page.reload()
    expect(page.get_by_test_id("outbox-sent")).to_be_visible()
    assert Referral.objects.filter(need="Een nieuwe website").count() == 1


def test_logging_out_empties_the_outbox(page: Page, world):
    log_in(page, world.alice)
    _open_the_slip_form_with_the_worker(page)
    # Nothing may send it before the logout: no Background Sync, and the page keeps thinking it is offline.
    page.evaluate(
        "Object.defineProperty(ServiceWorkerRegistration.prototype, 'sync', {get: () => undefined})"
    )
    page.context.set_offline(True)
    _fill_a_slip(page, "Een nieuwe website")
    page.get_by_role("button", name="Referral doorgeven").click()
    expect(page.get_by_test_id("outbox")).to_be_visible()
    page.evaluate("Object.defineProperty(navigator, 'onLine', {get: () => false})")
    page.context.set_offline(False)
    page.on("dialog", lambda dialog: dialog.accept())
    log_out(page)
    page.wait_for_url(re.compile("/accounts/login/"))
    assert page.evaluate("KringOutbox.all().then((entries) => entries.length)") == 0
    assert page.evaluate("caches.has('kring-pages')") is False
    assert Referral.objects.count() == 0


def test_a_thank_you_and_a_one_to_one_sent_offline_arrive_once(page: Page, world):
    log_in(page, world.alice)
    today = datetime.date.today().isoformat()
    for address, fill in (
        ("/thanks/new/", lambda: page.locator("select[name=thanked]").select_option(str(world.bob.pk))),
        ("/one-to-ones/new/", lambda: page.locator("select[name=partner]").select_option(str(world.bob.pk))),
    ):
        page.goto(address)
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.context.set_offline(True)
        fill()
        if address == "/thanks/new/":
            page.locator("input[name=amount]").fill("250")
            page.locator("input[name=closed_on]").fill(today)
        else:
            page.locator("input[name=met_on]").fill(today)
        page.locator("main form button[type=submit]").click()
        expect(page.get_by_test_id("outbox")).to_be_visible()
        page.context.set_offline(False)
        expect(page.get_by_test_id("outbox-sent")).to_be_visible()
    assert ThankYou.objects.filter(thanked_by=world.alice, thanked=world.bob).count() == 1
    assert OneToOne.objects.filter(logged_by=world.alice).count() == 1
