"""The channel layer: channels_redis' pub/sub layer, with the pushes of a process batched.

channels_redis' `RedisSingleShardConnection.publish` holds one asyncio lock per process across
each PUBLISH's round trip to Redis: every push of the process waits for the one before it to be
answered, and the answer is read only when the event loop comes round again. With 800 sockets
on one daphne process a loop turn takes milliseconds, so the pushes left one per turn, ~140 a
second: the queue of 400 conversations (issue #19, README "Benchmarks"). Subscriptions (a socket
joining a group) waited behind the same lock.

Here a push joins the pushes waiting to leave and one task sends them all in one pipeline (one
round trip for all of them), in the order they were made, so a group's frames keep their
order; subscriptions no longer queue behind pushes. Everything else is channels_redis'.
"""

import asyncio

from channels_redis.pubsub import RedisPubSubChannelLayer, RedisSingleShardConnection

MAX_BATCH = 500  # pushes in one pipeline; more wait for the next round trip


class BatchingShardConnection(RedisSingleShardConnection):
    def __init__(self, host, channel_layer):
        super().__init__(host, channel_layer)
        self._outbox: list[tuple[str, bytes, asyncio.Future]] = []
        self._sender: asyncio.Task | None = None
        self.round_trips = 0  # pipelines sent (tests, bench/chat.py)

    async def publish(self, channel, message):
        future = asyncio.get_running_loop().create_future()
        self._outbox.append((channel, message, future))
        if self._sender is None or self._sender.done():
            self._sender = asyncio.ensure_future(self._send_waiting())
        await future

    async def _send_waiting(self):
        while self._outbox:
            batch, self._outbox = self._outbox[:MAX_BATCH], self._outbox[MAX_BATCH:]
            try:
                self._ensure_redis()
                pipe = self._redis.pipeline(transaction=False)
                for channel, message, _future in batch:
                    pipe.publish(channel, message)
                await pipe.execute()
            except asyncio.CancelledError:  # flush(), or the loop closing
                for _channel, _message, future in batch:
                    future.cancel()
                raise
            except Exception as error:  # Redis down: every push of the batch failed
                for _channel, _message, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            finally:
                self.round_trips += 1
            for _channel, _message, future in batch:
                if not future.done():
                    future.set_result(None)

    async def flush(self):
        if self._sender is not None:
            self._sender.cancel()
            self._sender = None
        for _channel, _message, future in self._outbox:
            future.cancel()
        self._outbox = []
        await super().flush()


class BatchingPubSubChannelLayer(RedisPubSubChannelLayer):
    """CHANNEL_LAYERS' backend (config/settings.py): channels_redis' pub/sub layer whose
    per-loop layers send through `BatchingShardConnection`."""

    def _get_layer(self):
        layer = super()._get_layer()
        if not getattr(layer, "batching", False):
            # Not connected yet (a shard connects on first use): swapping them is free.
            layer._shards = [BatchingShardConnection(s.host, layer) for s in layer._shards]
            layer.batching = True
        return layer
