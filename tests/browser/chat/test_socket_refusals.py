"""A refused chat socket in Chromium: the page says what to do and does not reconnect in a loop.

The consumers refuse after the handshake (accept, then close with 4401 or 4403). Refused
before it, daphne answered HTTP 403, the browser saw 1006 and chat.js reconnected forever
(one attempt every few seconds, each a query and a log line). Websockets need daphne, so these
run on PostgreSQL + Redis only, like the journeys (test_browser_journey.daphne).
"""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.roles import Role
from chat import access, assignment
from chat.templatetags.chat_assets import chat_strings
from tests.browser.chat.test_browser_journey import TABLET, daphne
from tests.browser.conftest import PHONE, browser  # noqa: F401 (the module fixture)
from tests.conftest import USING_POSTGRES, USING_REDIS
from tests.factories import StoreFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (USING_POSTGRES and USING_REDIS), reason="daphne needs PostgreSQL and Redis to share"
    ),
]

# Long enough for chat.js's backoff (0.5 s, 1 s, 2 s, ...) to try at least three times more.
QUIET = 4.0


@pytest.fixture
def daphne_url():
    with daphne() as url:
        yield url


def with_session(chromium, base_url, client: Client, **device):
    """A context carrying `client`'s session cookie; a page counting the sockets it opens."""
    context = chromium.new_context(base_url=base_url, locale="es-PE", **device)
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    # Every socket the page opens, kept for the test (WebSocket is subclassed, not replaced:
    # chat.js reads WebSocket.OPEN).
    context.add_init_script(
        "window.__sockets = []; window.WebSocket = class extends window.WebSocket {"
        " constructor(...args) { super(...args); window.__sockets.push(this); } };"
    )
    page = context.new_page()
    opened = []
    page.on("websocket", lambda ws: opened.append(ws.url))
    return context, page, opened


def visitor_with_token(token: str, user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    session = client.session
    session[access.SESSION_KEY] = token
    session.save()
    if user is None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


def assert_no_reconnect(page, opened, count):
    # Once the refusal is shown no socket opens any more (a loop reconnects within a second or
    # two). On a loaded machine a first socket may die without its code (1006) before the
    # server answers it: one legitimate retry is allowed, then the refusal stops it for good.
    seen = len(opened)
    time.sleep(QUIET)
    assert len(opened) == seen, opened
    assert count <= len(opened) <= count + 1, opened
    assert page.evaluate("window.__sockets.every((ws) => ws.readyState === WebSocket.CLOSED)")


def test_a_visitor_whose_conversation_is_gone_is_told_to_start_again_and_no_loop(
    browser,  # noqa: F811 (the module fixture imported above)
    daphne_url,
):
    from playwright.sync_api import expect

    # The session still names a conversation that no longer exists (expired, or purged).
    client = visitor_with_token("a-conversation-that-is-gone-0000")
    context, page, opened = with_session(browser, daphne_url, client, **PHONE)
    page.goto("/")
    page.get_by_role("button", name="Habla con un librero").click()

    start_error = page.locator("[data-chat-start-error]")
    expect(start_error).to_have_text(chat_strings("customer")["sessionGone"])
    expect(page.get_by_label("¿Cómo te llamas?")).to_be_visible()
    assert page.evaluate("window.__sockets[0].readyState") == 3  # closed, with its code
    assert_no_reconnect(page, opened, 1)
    context.close()


def test_a_browser_holding_someone_elses_conversation_gets_4403_and_no_loop(
    browser,  # noqa: F811
    daphne_url,
):
    from playwright.sync_api import expect

    owner = UserFactory().customer
    theirs = assignment.start_conversation(name="Ana", customer=owner)
    intruder = UserFactory()
    client = visitor_with_token(theirs.visitor_token, user=intruder)
    context, page, opened = with_session(browser, daphne_url, client, **PHONE)
    page.goto("/")
    page.get_by_role("button", name="Habla con un librero").click()

    expect(page.locator("[data-chat-start-error]")).to_have_text(
        chat_strings("customer")["refused"]
    )
    assert_no_reconnect(page, opened, 1)
    context.close()


def test_a_clerk_whose_session_ends_is_told_to_log_in_again_and_no_loop(
    browser,  # noqa: F811
    daphne_url,
):
    from playwright.sync_api import expect

    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    rosa = UserFactory(first_name="Rosa", role=Role.CLERK, store=store)
    client = Client()
    client.force_login(rosa)
    context, page, opened = with_session(browser, daphne_url, client, **TABLET)
    page.goto("/tienda/chat/")
    status = page.locator("[data-presence-status]")
    expect(status).to_have_text("Fuera de línea: no recibes conversaciones nuevas.")

    # Her session ends (logged out in another tab, or expired) and the connection drops.
    Session.objects.filter(session_key=client.session.session_key).delete()
    page.evaluate("window.__sockets[0].close()")

    expect(status).to_have_text(chat_strings("clerk")["sessionGone"])
    assert_no_reconnect(page, opened, 2)  # the one that dropped, the one refused; no more
    context.close()
