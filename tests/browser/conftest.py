"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

Every browser test lives under tests/browser/<app>/ and is marked `browser`. The fixtures here
are shared by all of them: `browser` (one Chromium per module), `phone` (a phone-sized page on
the live server) and `new_page` (a page for any device, e.g. a clerk's tablet).

Under pytest-xdist each worker has its own Chromium, its own live server (pytest-django binds
port 0, so the system picks a free one) and its own test database.

The Content Security Policy is enforced here as in production, and EVERY browser test fails on a
violation: each context the `browser` opens (through `new_page`, `phone` or its own
`browser.new_context(...)`) reports the page's `securitypolicyviolation` events, and Chromium's
console lines about the policy or about eval refused to htmx, to `CSP_WATCH`; after the test
body, `pytest_runtest_call` below fails the test with what was refused, where. A test that
provokes a violation on purpose reads and clears them through the `csp_violations` fixture.
"""

import contextlib
import os
from pathlib import Path
from urllib.request import urlopen

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
        _watch_every_context(browser)
        yield browser
        browser.close()


_WARM: set[str] = set()


def _warm_up(url: str) -> None:
    """One plain request before the first page: Django's first response (imports, templates)
    took 5 s on a loaded machine, and the first page of a module then missed its 10 s."""
    if url in _WARM:
        return
    _WARM.add(url)
    with contextlib.suppress(OSError):
        urlopen(f"{url}/", timeout=60).read()


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(**device)`: a new page in its own context (es-PE, the live server as base
    URL, 10 s timeouts); every context is closed after the test."""
    contexts = []
    _warm_up(live_server.url)

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


# The Content Security Policy, watched in every page
# ------------------------------------------------------------------------------
# Runs in every frame before the page's own scripts: each violation goes to Python through the
# binding, with what a reader needs to find it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    page: event.documentURI,
    source: event.sourceFile ? event.sourceFile + ":" + event.lineNumber : "",
    sample: event.sample,
  });
});
"""
# Chromium's own console lines: a refusal the event may miss (e.g. in a page being left), and
# htmx's error when it is asked to eval (allowEval is false in base.html).
CONSOLE_MARKERS = ("Content Security Policy", "htmx:evalDisallowedError")


class CSPWatch:
    """The violations of the running test, from every context the browser opened."""

    def __init__(self):
        self.violations: list[str] = []
        self.contexts: list = []

    def watch(self, context) -> None:
        self.contexts.append(context)
        context.expose_binding("__cspViolation", self._on_violation)
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._on_console)

    def _on_violation(self, source, violation) -> None:
        where = violation.get("source") or violation.get("page")
        self.violations.append(
            f"{violation.get('directive')} refused {violation.get('blocked') or 'inline'}"
            f" at {where}" + (f": {violation['sample']!r}" if violation.get("sample") else "")
        )

    def _on_console(self, message) -> None:
        if any(marker in message.text for marker in CONSOLE_MARKERS):
            self.violations.append(f"console {message.type}: {message.text}")

    def flush(self) -> None:
        """One round trip to every open page, so the reports it sent before are in."""
        for context in self.contexts:
            for page in list(context.pages):
                # Closed, navigating or crashed: nothing more to wait for.
                with contextlib.suppress(Exception):
                    page.evaluate("0")

    def seen(self) -> list[str]:
        self.flush()
        return list(self.violations)

    def clear(self) -> None:
        self.violations.clear()

    def reset(self) -> None:
        self.violations.clear()
        self.contexts = []


CSP_WATCH = CSPWatch()


def _watch_every_context(browser) -> None:
    """Every context of this browser reports to CSP_WATCH, however the test opened it."""
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        CSP_WATCH.watch(context)
        return context

    def watched_page(*args, **kwargs):
        return watched_context(*args, **kwargs).new_page()

    browser.new_context = watched_context
    browser.new_page = watched_page


@pytest.fixture(autouse=True)
def _csp_watch():
    CSP_WATCH.reset()
    yield CSP_WATCH
    CSP_WATCH.reset()


@pytest.fixture
def csp_violations(_csp_watch):
    """This test's watch: `.seen()` lists the violations so far; `.clear()` forgets them."""
    return _csp_watch


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield  # the test's own failure, if any, is reported as it is
    if "_csp_watch" in item.fixturenames:
        CSP_WATCH.flush()
        if CSP_WATCH.violations:
            seen = "\n  ".join(dict.fromkeys(CSP_WATCH.violations))
            pytest.fail(f"The Content Security Policy refused:\n  {seen}", pytrace=False)
    return result
