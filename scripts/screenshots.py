"""Screenshots of the main pages from a running `make run` (for the README and for looking at pages).

Usage: .venv/bin/python scripts/screenshots.py [base_url]   -> docs/screenshots/*.png
"""

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "kring-demo"
PAGES = {
    "member": (
        "lid@demo.kring.nl",
        [
            "/",
            "/referrals/new/",
            "/referrals/",
            "/thanks/",
            "/one-to-ones/",
            "/profile/",
            "/c/utrecht-domstad/directory/",
            "/c/utrecht-domstad/meetings/",
            "/me/absences/",
        ],
    ),
    "president": (
        "voorzitter@demo.kring.nl",
        [
            "/",
            "/c/utrecht-domstad/board/",
            "/c/utrecht-domstad/members/",
            "/c/utrecht-domstad/renewals/",
            "/c/utrecht-domstad/applications/",
            "/c/utrecht-domstad/visitors/",
            "/c/utrecht-domstad/rotas/",
        ],
    ),
    "region_admin": ("regio@demo.kring.nl", ["/", "/region/"]),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for viewport_name, viewport in {"phone": (375, 740), "laptop": (1280, 800)}.items():
            for role, (email, paths) in PAGES.items():
                context = browser.new_context(
                    viewport={"width": viewport[0], "height": viewport[1]}, locale="nl-NL", base_url=BASE
                )
                page = context.new_page()
                page.goto("/accounts/login/")
                page.screenshot(path=OUT / f"login-{viewport_name}.png")
                page.fill("input[name=username]", email)
                page.fill("input[name=password]", PASSWORD)
                page.click("main button[type=submit]")
                for path in paths:
                    page.goto(path)
                    name = path.strip("/").replace("/", "-") or "home"
                    page.screenshot(path=OUT / f"{role}-{name}-{viewport_name}.png", full_page=True)
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
