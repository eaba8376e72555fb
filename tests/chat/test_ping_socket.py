"""The whole ASGI stack: origin validation, session auth and the channel layer (Redis in CI)."""

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings

from config.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


async def test_ping_is_answered_through_the_channel_layer():
    communicator = WebsocketCommunicator(
        application,
        "/ws/ping/",
        headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")],
    )
    connected, _ = await communicator.connect()
    assert connected

    hello = await communicator.receive_json_from()
    assert hello == {"type": "hello", "authenticated": False}

    await communicator.send_json_to({"type": "ping", "payload": "hola"})
    assert await communicator.receive_json_from(timeout=3) == {"type": "pong", "payload": "hola"}
    await communicator.disconnect()


async def test_malformed_frames_get_an_error_and_the_socket_stays_open():
    communicator = WebsocketCommunicator(
        application, "/ws/ping/", headers=[(b"origin", b"http://localhost")]
    )
    await communicator.connect()
    await communicator.receive_json_from()

    await communicator.send_to(text_data="{esto no es json")
    assert (await communicator.receive_json_from())["type"] == "error"

    await communicator.send_json_to({"type": "ping", "payload": 1})
    assert (await communicator.receive_json_from(timeout=3))["type"] == "pong"
    await communicator.disconnect()


async def test_a_foreign_origin_is_refused_with_4403_after_the_handshake():
    """Refused before the handshake, the browser would see 1006 and chat.js retry forever."""
    from tests.chat.conftest import refusal_code

    for path in ("/ws/ping/", "/ws/chat/", "/ws/tienda/chat/"):
        communicator = WebsocketCommunicator(
            application, path, headers=[(b"origin", b"https://evil.example.com")]
        )
        assert await refusal_code(communicator) == 4403


async def test_a_socket_without_origin_is_refused_with_4403_too():
    from tests.chat.conftest import refusal_code

    communicator = WebsocketCommunicator(application, "/ws/ping/")
    assert await refusal_code(communicator) == 4403


async def test_the_layer_in_use_matches_the_environment():
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    expected = "RedisChannelLayer" if settings.REDIS_URL else "InMemoryChannelLayer"
    assert type(layer).__name__ == expected
