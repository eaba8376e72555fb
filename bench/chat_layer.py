"""The channel layer alone: how long a burst of pushes takes to leave one busy process.

Usage:
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/chat_layer.py [--pushes 140]
        [--busy-ms 2] [--rounds 5]

One event loop stands for a daphne process: a task keeps it busy for --busy-ms of CPU on every
turn (the work its sockets do: at 400 conversations a turn of daphne's loop takes milliseconds),
and --pushes group_sends are made at once (a second's worth of messages at 400 conversations
is ~140), each awaited by its own task as a consumer does. For channels_redis' pub/sub layer
and for chat.layers' batching one, alternating, it prints the time until every push was
answered by Redis (p50 and max over --rounds) and the Redis round trips the batching layer
made. Less sensitive to the machine's load than bench/chat.py: Redis and one process only.
It prints; it asserts nothing.
"""

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


async def burst(layer, pushes: int, busy_ms: float) -> float:
    stop = False

    async def busy():
        while not stop:
            end = time.perf_counter() + busy_ms / 1000
            while time.perf_counter() < end:
                pass
            await asyncio.sleep(0)

    hog = asyncio.ensure_future(busy())
    began = time.perf_counter()
    await asyncio.gather(
        *(layer.group_send(f"chat.conv.{n}", {"type": "chat.frame", "n": n}) for n in range(pushes))
    )
    elapsed = time.perf_counter() - began
    stop = True
    await hog
    return elapsed * 1000


async def run(args) -> None:
    from channels_redis.pubsub import RedisPubSubChannelLayer

    from chat.layers import BatchingPubSubChannelLayer

    hosts = [{"address": os.environ["REDIS_URL"]}]
    prefix = f"bench-layer-{uuid.uuid4().hex[:6]}"
    layers = {
        "channels_redis pub/sub (one push per round trip, under a lock)": RedisPubSubChannelLayer(
            hosts=hosts, prefix=prefix
        ),
        "chat.layers batching (a pipeline per round trip)": BatchingPubSubChannelLayer(
            hosts=hosts, prefix=prefix
        ),
    }
    for layer in layers.values():  # connected before timing
        await layer.group_send("chat.conv.warm", {"type": "chat.frame"})
    times: dict[str, list[float]] = {name: [] for name in layers}
    trips = 0
    for _round in range(args.rounds):
        for name, layer in layers.items():
            shard = layer._get_layer()._shards[0]
            before = getattr(shard, "round_trips", 0)
            times[name].append(await burst(layer, args.pushes, args.busy_ms))
            trips += getattr(shard, "round_trips", 0) - before
    print(
        f"{args.pushes} pushes at once, the loop busy {args.busy_ms:g} ms a turn, "
        f"{args.rounds} rounds; load average {os.getloadavg()[0]:.1f}"
    )
    for name, values in times.items():
        print(
            f"  {name}: every push answered after p50 {statistics.median(values):.0f} ms, "
            f"max {max(values):.0f} ms"
        )
    print(f"  batching layer: {trips / args.rounds:.1f} round trips to Redis a burst")
    for layer in layers.values():
        await layer.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pushes", type=int, default=140)
    parser.add_argument("--busy-ms", type=float, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Needs REDIS_URL.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
