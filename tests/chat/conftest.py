from decimal import Decimal

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from accounts.roles import Role
from chat import presence
from config.asgi import application
from tests.factories import StoreFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

ORIGIN = (b"origin", b"http://localhost")


def cookie_of(client: Client) -> tuple[bytes, bytes]:
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_id}".encode())


def socket(path: str, client: Client | None = None) -> WebsocketCommunicator:
    headers = [ORIGIN, (b"host", b"localhost")]
    if client is not None:
        headers.append(cookie_of(client))
    return WebsocketCommunicator(application, path, headers=headers)


async def refusal_code(communicator) -> int:
    """The close code of a refused socket. A refusal must come after the handshake (accepted,
    then closed with the code): refused before it, daphne answers HTTP 403 and a browser sees
    only 1006, which chat.js cannot tell from a network cut."""
    connected, code = await communicator.connect()
    assert connected, f"refused before the handshake (code {code}): the browser sees 1006"
    message = await communicator.receive_output(timeout=3)
    assert message["type"] == "websocket.close", message
    return message["code"]


async def receive_until(communicator, frame_type, *, timeout=3, **match):
    """Frames until one of `frame_type` (matching `match` on its message); returns it."""
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] != frame_type:
            continue
        body = frame.get("message", frame)
        if all(body.get(key) == value for key, value in match.items()):
            return frame


async def drain(communicator, timeout=0.3) -> list[dict]:
    """Every frame until the socket is quiet for `timeout` (receive_nothing never cancels it)."""
    frames = []
    while not await communicator.receive_nothing(timeout=timeout):
        frames.append(await communicator.receive_json_from())
    return frames


@pytest.fixture
def miraflores(db):
    return StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")


@pytest.fixture
def san_isidro(db):
    return StoreFactory(slug="san-isidro", name="Libros Pepito San Isidro")


@pytest.fixture
def rosa(miraflores):
    return UserFactory(
        first_name="Rosa", email="rosa@librospepito.pe", role=Role.CLERK, store=miraflores
    )


@pytest.fixture
def jorge(san_isidro):
    return UserFactory(
        first_name="Jorge", email="jorge@librospepito.pe", role=Role.CLERK, store=san_isidro
    )


@pytest.fixture
def book(miraflores):
    product = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(miraflores, product, 5)
    return product


def connected(*clerks):
    """Clerks with their inbox open (a live socket row), whatever their "En línea" switch."""
    for clerk in clerks:
        presence.socket_connected(user=clerk, channel_name=f"test-tab.{clerk.pk}")


def online(*clerks):
    """Clerks who switched "En línea" on, each with a live inbox tab (a socket row, as
    chat.presence keeps it for a real socket)."""
    for clerk in clerks:
        presence.socket_connected(user=clerk, channel_name=f"test-tab.{clerk.pk}")
        presence.set_presence(user=clerk, online=True)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def visitor(name="Luis") -> tuple[Client, int]:
    """A browser that started a chat through the real HTTP endpoint."""
    client = Client()
    response = client.post("/chat/iniciar/", {"name": name})
    assert response.status_code == 201, response.content
    return client, response.json()["conversation"]


# From async tests: sync code that pushes to the channel layer must run off the event loop.
async def a_online(*clerks):
    await sync_to_async(online)(*clerks)


async def a_visitor(name="Luis") -> tuple[Client, int]:
    return await sync_to_async(visitor)(name)


async def a_logged_in(user) -> Client:
    return await sync_to_async(logged_in)(user)


@pytest.fixture
def strict_async(monkeypatch):
    """The consumers must never touch the ORM on the event loop, as under daphne: undo the
    suite-wide DJANGO_ALLOW_ASYNC_UNSAFE for these tests."""
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


@pytest.fixture
async def close_db_threads(monkeypatch):
    """Leave no connection open in the consumers' worker threads, so PostgreSQL can drop the
    test database at the end: database_sync_to_async closes a connection after each call when
    its age limit is 0 (every thread's connection shares this settings dict)."""
    from django.db import connection

    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    yield
    from django.db import connections

    await sync_to_async(connections.close_all)()
