import os
import shutil

import pytest

CHROMIUM = os.environ.get("KRING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's chromium: Playwright cannot download its own browser on these machines.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    # A 375 px wide phone in Dutch by default; a test can ask for more with
    # @pytest.mark.browser_context_args(viewport={"width": 1280, "height": 800}).
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "nl-NL",
        "timezone_id": "Europe/Amsterdam",
        "viewport": {"width": 375, "height": 740},
    }


@pytest.fixture(autouse=True)
def _live_server_sees_test_data(transactional_db):
    """The live server runs in another thread: test data must be committed for it to see it."""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
