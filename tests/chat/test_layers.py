"""chat.layers: the pushes of a process leave together, in order, on the real Redis."""

import asyncio

import pytest
from django.conf import settings

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.skipif(not settings.REDIS_URL, reason="the batching layer is the Redis one"),
]


async def subscribed(layer, group):
    """A channel of `layer` in `group`, once a probe pushed to the group comes back."""
    channel = await layer.new_channel()
    await layer.group_add(group, channel)
    receiving = asyncio.ensure_future(layer.receive(channel))
    async with asyncio.timeout(5):
        while not receiving.done():
            await layer.group_send(group, {"type": "chat.frame", "n": -1})
            await asyncio.wait([receiving], timeout=0.05)
    return channel


async def received(layer, channel, count):
    got = []
    while len(got) < count:
        message = await asyncio.wait_for(layer.receive(channel), 3)
        if message["n"] > 0:  # not a probe still on its way
            got.append(message["n"])
    return got


async def test_pushes_made_together_leave_in_one_round_trip_and_arrive_in_order():
    from chat.layers import BatchingPubSubChannelLayer

    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    here, there = BatchingPubSubChannelLayer(**config), BatchingPubSubChannelLayer(**config)
    channel = await subscribed(here, "chat.conv.7")
    await there.group_send("chat.conv.7", {"type": "chat.frame", "n": 0})  # connected
    shard = there._get_layer()._shards[0]
    before = shard.round_trips

    # 200 sockets push at once (each awaits its own push, as a consumer does).
    await asyncio.gather(
        *(there.group_send("chat.conv.7", {"type": "chat.frame", "n": n}) for n in range(1, 201))
    )

    # channels_redis' own layer makes one round trip per push, one after the other.
    assert shard.round_trips - before <= 2
    assert await received(here, channel, 200) == list(range(1, 201))
    await here.flush()
    await there.flush()


async def test_pushes_after_a_batch_still_leave():
    from chat.layers import BatchingPubSubChannelLayer

    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    here, there = BatchingPubSubChannelLayer(**config), BatchingPubSubChannelLayer(**config)
    channel = await subscribed(here, "chat.conv.8")
    for n in range(1, 6):  # one at a time: each its own round trip, none left waiting
        await there.group_send("chat.conv.8", {"type": "chat.frame", "n": n})
    assert await received(here, channel, 5) == [1, 2, 3, 4, 5]
    await here.flush()
    await there.flush()


async def test_with_redis_down_every_waiting_push_fails_instead_of_hanging():
    from redis.exceptions import RedisError

    from chat.layers import BatchingPubSubChannelLayer

    layer = BatchingPubSubChannelLayer(
        hosts=[{"address": "redis://127.0.0.1:1/0", "socket_connect_timeout": 0.5}],
        prefix="down",
    )
    async with asyncio.timeout(10):
        results = await asyncio.gather(
            *(layer.group_send("chat.conv.9", {"type": "chat.frame"}) for _ in range(5)),
            return_exceptions=True,
        )
    assert len(results) == 5
    assert all(isinstance(result, RedisError | OSError) for result in results), results
    await layer.flush()


async def test_flush_cancels_the_pushes_still_waiting():
    from chat.layers import BatchingPubSubChannelLayer

    layer = BatchingPubSubChannelLayer(**settings.CHANNEL_LAYERS["default"]["CONFIG"])
    pushes = [
        asyncio.ensure_future(layer.group_send("chat.conv.10", {"type": "chat.frame"}))
        for _ in range(3)
    ]
    await asyncio.sleep(0)  # queued, the sender task started but not answered yet
    await layer.flush()
    async with asyncio.timeout(5):
        results = await asyncio.gather(*pushes, return_exceptions=True)
    assert all(isinstance(result, asyncio.CancelledError) for result in results), results
