"""Every main page: 0 serious or critical axe-core violations (WCAG 2.1 A/AA) and valid HTML.

Add a page with one line in PAGES: a name, who looks at it (None: logged out) and its path (a
function of the test world for paths with slugs or ids). The HTML checker is the Nu HTML Checker
(vnu.jar, fetched by scripts/ensure_test_tools.sh); it checks the HTML as the server sent it.
"""

import datetime
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page

from chapters.selectors.check_in_codes import check_in_code
from tests.browser.helpers import log_in
from tests.chapters.helpers import make_meeting

VNU_JAR = Path(settings.BASE_DIR) / ".venv" / "vnu" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# htmx's hx-* attributes are not in the HTML standard; they are our deliberate choice, not a mistake.
HTMX_ATTRIBUTES = r".*Attribute “hx-[a-z:-]+” not allowed.*"
PLANTED_MISTAKE = '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>x</title></head><body><p><div>x</p></body></html>'


@dataclass(frozen=True)
class MainPage:
    name: str
    who: str | None
    path: Callable[[object], str]
    status: int = 200


PAGES = [
    MainPage("landing", None, lambda world: "/"),
    MainPage("login", None, lambda world: "/accounts/login/"),
    MainPage("password_reset", None, lambda world: "/accounts/password-reset/"),
    MainPage("not_found", None, lambda world: "/no-such-page/", status=404),
    MainPage("member_home", "alice", lambda world: "/"),
    MainPage("president_home", "carol", lambda world: "/"),
    MainPage("audit_log", "carol", lambda world: f"/c/{world.chapter.slug}/audit/"),
    MainPage("two_factor", "carol", lambda world: "/accounts/two-factor/"),
    MainPage("mail_preferences", "alice", lambda world: "/profile/mail/"),
    MainPage("summary_preview", "carol", lambda world: f"/c/{world.chapter.slug}/summary/"),
    # Referrals
    MainPage("referral_new", "alice", lambda world: "/referrals/new/"),
    MainPage("referrals", "alice", lambda world: "/referrals/"),
    MainPage("thanks", "alice", lambda world: "/thanks/"),
    MainPage("thank_you_new", "alice", lambda world: "/thanks/new/"),
    MainPage("one_to_ones", "alice", lambda world: "/one-to-ones/"),
    MainPage("education_credits", "alice", lambda world: "/credits/"),
    MainPage("testimonials", "alice", lambda world: "/testimonials/"),
    MainPage("chapter_board", "carol", lambda world: f"/c/{world.chapter.slug}/board/"),
    MainPage("asks", "alice", lambda world: f"/c/{world.chapter.slug}/asks/"),
    MainPage("privacy", None, lambda world: "/privacy/"),
    # Members
    MainPage("directory", "alice", lambda world: f"/c/{world.chapter.slug}/directory/?q=alice"),
    MainPage("profile", "alice", lambda world: "/profile/"),
    MainPage("members_admin", "carol", lambda world: f"/c/{world.chapter.slug}/members/"),
    MainPage("renewals", "carol", lambda world: f"/c/{world.chapter.slug}/renewals/"),
    MainPage("apply", None, lambda world: f"/chapters/{world.chapter.slug}/apply/"),
    MainPage("classifications", "carol", lambda world: f"/c/{world.chapter.slug}/classifications/"),
    MainPage("proposals", "alice", lambda world: f"/c/{world.chapter.slug}/proposed/"),
    MainPage("dues", "carol", lambda world: f"/c/{world.chapter.slug}/dues/?state=all"),
    MainPage("my_membership", "alice", lambda world: "/profile/membership/"),
    MainPage("leave", "alice", lambda world: "/profile/membership/leave/"),
    MainPage("renewal_requests", "carol", lambda world: f"/c/{world.chapter.slug}/renewals/requests/"),
    MainPage("onboarding", "carol", lambda world: f"/c/{world.chapter.slug}/onboarding/"),
    MainPage("onboarding_steps", "carol", lambda world: f"/c/{world.chapter.slug}/onboarding/steps/"),
    MainPage(
        "pseudonymise",
        "rita",
        lambda world: f"/c/{world.chapter.slug}/members/{world.larry.memberships.get().pk}/pseudonymise/",
    ),
    MainPage("palms_import", "carol", lambda world: f"/c/{world.chapter.slug}/reports/import/"),
    # Meetings
    MainPage("public_chapter", None, lambda world: f"/chapters/{world.chapter.slug}/"),
    MainPage("meetings", "carol", lambda world: f"/c/{world.chapter.slug}/meetings/"),
    MainPage("rotas", "carol", lambda world: f"/c/{world.chapter.slug}/rotas/"),
    MainPage("visitors", "carol", lambda world: f"/c/{world.chapter.slug}/visitors/"),
    MainPage("absences", "alice", lambda world: "/me/absences/"),
    MainPage("my_guests", "alice", lambda world: "/me/guests/"),
    MainPage(
        "check_in", "carol", lambda world: f"/c/{world.chapter.slug}/meetings/{_today(world).pk}/check-in/"
    ),
    MainPage("self_check_in", "alice", lambda world: _scan_path(_today(world))),
    # Reports
    MainPage("my_score", "alice", lambda world: "/me/score/"),
    MainPage("palms_report", "carol", lambda world: f"/c/{world.chapter.slug}/reports/"),
    MainPage("chapter_overview", "carol", lambda world: f"/c/{world.chapter.slug}/reports/overview/"),
    MainPage("chapter_light", "carol", lambda world: f"/c/{world.chapter.slug}/reports/traffic-light/"),
    MainPage("network", "carol", lambda world: f"/c/{world.chapter.slug}/reports/network/"),
    MainPage("member_scores", "carol", lambda world: f"/c/{world.chapter.slug}/reports/scores/"),
    MainPage("region_reports", "rita", lambda world: f"/region/{world.chapter.region.slug}/reports/"),
]


def _today(world):
    """A meeting starting in a quarter of an hour: its check-in is open and its QR code shows."""
    meeting = world.chapter.meetings.filter(starts_at__gt=timezone.now()).first()
    return meeting or make_meeting(world.chapter, starts_in=datetime.timedelta(minutes=15))


def _scan_path(meeting) -> str:
    return f"/c/{meeting.chapter.slug}/meetings/{meeting.pk}/here/{check_in_code(meeting)}/"


def _open(page: Page, world, main_page: MainPage) -> str:
    if main_page.who:
        log_in(page, getattr(world, main_page.who))
    response = page.goto(main_page.path(world))
    assert response is not None
    assert response.status == main_page.status, f"{main_page.name}: {response.status}"
    return response.text()


@pytest.mark.parametrize("main_page", PAGES, ids=lambda main_page: main_page.name)
def test_the_page_has_no_serious_accessibility_problems(page: Page, world, main_page: MainPage):
    _open(page, world, main_page)
    page.screenshot(path=f"/tmp/shots/a11y_{main_page.name}.png", full_page=True)

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})

    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)


@pytest.mark.skipif(shutil.which("java") is None, reason="the HTML checker runs on Java")
def test_the_html_of_every_main_page_is_valid(browser, browser_context_args, world, tmp_path):
    assert VNU_JAR.exists(), "run scripts/ensure_test_tools.sh (make test does) to fetch the HTML checker"
    # One browser for every page, logging in and out: without the service worker, whose keeping of
    # the offline pages after one login could set a new CSRF cookie during the next.
    page = browser.new_context(**browser_context_args, service_workers="block").new_page()
    files = []
    for main_page in PAGES:
        page.context.clear_cookies()
        html = _open(page, world, main_page)
        file = tmp_path / f"{main_page.name}.html"
        file.write_text(html, encoding="utf-8")
        files.append(file)

    # A planted mistake proves the checker really read the files: it must report this one, and only it.
    control = tmp_path / "planted_mistake.html"
    control.write_text(PLANTED_MISTAKE, encoding="utf-8")

    completed = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--filterpattern",
            HTMX_ATTRIBUTES,
            *map(str, files),
            str(control),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = f"exit code {completed.returncode}\nstderr: {completed.stderr[:2000]}\nstdout: {completed.stdout[:2000]}"
    try:
        messages = json.loads(completed.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the HTML checker gave no JSON report:\n{report}")
    errors = [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine', '?')}: {message['message']}"
        for message in messages
        if message.get("type") in ("error", "non-document-error")
    ]
    planted = [error for error in errors if error.startswith(f"{control.name}:")]
    assert planted, f"the HTML checker missed the planted mistake, so it checked nothing:\n{report}"
    real = [error for error in errors if error not in planted]
    assert real == [], "\n".join(real)
    # vnu exits 1 when it found errors (the planted one); anything else means it did not run properly.
    assert completed.returncode == 1, report
