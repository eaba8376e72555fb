"""Which chat scripts each page loads, and that they run from the page's data alone.

The customer's pages load the shared core and the widget, never the inbox; the clerk's inbox
loads the core and the inbox, never the widget. No inline JavaScript (a strict CSP is coming):
every <script> has a src, except the application/json blocks that carry the strings and
settings, and no chat element has an inline event handler. The live server speaks HTTP only, so
the sockets fail: the scripts then say so in the words the page gave them.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from accounts.roles import Role, sync_roles
from chat import presence
from tests.browser.conftest import PHONE
from tests.factories import StoreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"viewport": {"width": 1280, "height": 900}, "has_touch": True}
CORE, WIDGET, WIDGET_FORMS, INBOX = (
    "/static/js/chat.js",
    "/static/js/chat-widget.js",
    "/static/js/chat-widget-forms.js",
    "/static/js/chat-inbox.js",
)

SCRIPTS = """() => Array.from(document.scripts).map((s) => ({
  src: s.src ? new URL(s.src).pathname : "", type: s.type, id: s.id,
}))"""
CONFIG = "() => JSON.parse(document.getElementById('chat-config').textContent)"
INLINE_HANDLERS = """(root) => Array.from(document.querySelectorAll(root + ", " + root + " *"))
  .flatMap((node) => Array.from(node.attributes).filter((a) => a.name.startsWith("on"))
  .map((a) => node.tagName + " " + a.name))"""


@pytest.fixture(autouse=True)
def _roles():
    sync_roles()  # a transactional test before this one may have flushed the groups


def open_page(browser, base_url, path, *, user=None, **device):
    """A new page at `path` (logged in as `user`), with the JavaScript errors it raises."""
    context = browser.new_context(base_url=base_url, locale="es-PE", **device)
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
        )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path)
    return context, page, errors


def assert_no_inline_script(scripts):
    # Data blocks are not run: json_script's settings and the pages' schema.org JSON-LD.
    data = {"application/json", "application/ld+json"}
    inline = [s for s in scripts if not s["src"] and s["type"] not in data]
    assert inline == []
    assert {s["id"] for s in scripts if s["type"] == "application/json"} >= {
        "chat-strings",
        "chat-config",
    }


def test_the_widget_pages_load_the_widget_and_not_the_inbox(browser, live_server):
    context, page, errors = open_page(browser, live_server.url, "/", **PHONE)

    scripts = page.evaluate(SCRIPTS)
    sources = [s["src"] for s in scripts]
    assert CORE in sources and WIDGET_FORMS in sources and WIDGET in sources
    assert INBOX not in sources
    # The core first: the widget is built on it (defer keeps the order).
    assert sources.index(CORE) < sources.index(WIDGET_FORMS) < sources.index(WIDGET)
    assert_no_inline_script(scripts)
    assert page.evaluate(INLINE_HANDLERS, "[data-chat-customer]") == []
    # The address form's districts come with the settings.
    assert "Miraflores" in page.evaluate(CONFIG)["districts"]

    # The widget runs: it opens, starts a chat and, with no socket to talk to, says so.
    page.get_by_role("button", name="Habla con un librero").click()
    page.get_by_label("¿Cómo te llamas?").fill("Luis")
    page.get_by_role("button", name="Empezar a chatear").click()
    expect(page.locator("[data-chat-status]")).to_have_text("Reconectando…")
    expect(page.get_by_label("Tu mensaje")).to_be_visible()
    assert errors == []
    context.close()


def test_the_inbox_loads_the_inbox_and_not_the_widget(browser, live_server):
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    rosa = UserFactory(first_name="Rosa", role=Role.CLERK, store=miraflores)
    context, page, errors = open_page(
        browser, live_server.url, "/tienda/chat/", user=rosa, **TABLET
    )

    scripts = page.evaluate(SCRIPTS)
    sources = [s["src"] for s in scripts]
    assert CORE in sources and INBOX in sources
    assert sources.index(CORE) < sources.index(INBOX)
    assert WIDGET not in sources and WIDGET_FORMS not in sources
    expect(page.locator("[data-chat-customer]")).to_have_count(0)
    assert_no_inline_script(scripts)
    assert page.evaluate(INLINE_HANDLERS, "[data-chat-clerk]") == []
    assert page.evaluate(CONFIG)["heartbeat"] == presence.heartbeat_every()

    # The inbox runs: its socket cannot connect here, and the status line says so.
    expect(page.locator("[data-presence-status]")).to_have_text("Sin conexión, reconectando…")
    expect(page.locator(".chat-inbox")).to_have_class("chat-inbox offline")
    assert errors == []
    context.close()
