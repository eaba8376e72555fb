"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

Every browser test lives under tests/browser/<app>/ and is marked `browser`. The fixtures here
are shared by all of them: `browser` (one Chromium per module), `phone` (a phone-sized page on
the live server) and `new_page` (a page for any device, e.g. a clerk's tablet).

Under pytest-xdist each worker has its own Chromium, its own live server (pytest-django binds
port 0, so the system picks a free one) and its own test database.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


# Module scope: a running sync Playwright keeps an event loop in the main thread, which would
# break the asyncio tests (websockets) that run after the browser tests.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make test` (it installs it) "
            "or apt-get install chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(**device)`: a new page in its own context (es-PE, the live server as base
    URL, 10 s timeouts); every context is closed after the test."""
    contexts = []

    def open_page(**device):
        context = browser.new_context(base_url=live_server.url, locale="es-PE", **device)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_page):
    """A new phone-sized page, with the live server as base URL."""
    return new_page(**PHONE)
