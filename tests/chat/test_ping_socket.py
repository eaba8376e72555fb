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
    expected = "BatchingPubSubChannelLayer" if settings.REDIS_URL else "InMemoryChannelLayer"
    assert type(layer).__name__ == expected


@pytest.mark.skipif(not settings.REDIS_URL, reason="two processes share only a Redis layer")
async def test_pushes_cross_processes_through_redis_in_the_order_they_were_sent():
    """Two layer instances are two daphne processes (each reads its own subscriptions): a
    conversation's frames pushed from one reach a socket of the other, every one, in order."""
    import asyncio

    from channels.layers import get_channel_layer

    from chat.layers import BatchingPubSubChannelLayer

    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    here, there = get_channel_layer(), BatchingPubSubChannelLayer(**config)
    assert isinstance(here, BatchingPubSubChannelLayer)
    channel = await here.new_channel()
    await here.group_add("chat.conv.1", channel)
    # The subscription is live once a first frame comes back (a SUBSCRIBE is not answered
    # before the next publish: chat.consumers joins before it reads the catch-up for that).
    receiving = asyncio.ensure_future(here.receive(channel))
    async with asyncio.timeout(5):
        while not receiving.done():
            await there.group_send("chat.conv.1", {"type": "chat.frame", "n": -1})
            await asyncio.wait([receiving], timeout=0.05)
    for n in range(1, 51):
        await there.group_send("chat.conv.1", {"type": "chat.frame", "n": n})
    got = []
    while len(got) < 50:
        message = await asyncio.wait_for(here.receive(channel), 3)
        if message["n"] > 0:  # not one of the probes still on their way
            got.append(message["n"])
    assert got == list(range(1, 51))
    await here.group_discard("chat.conv.1", channel)
    await there.flush()
