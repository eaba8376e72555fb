"""The hand-off to the broker and the cache fail fast when Redis is down (issue #18).

A "Redis" that accepts each connection and closes it at once stands for a Redis that is down
and counts how often the shop tries it: before the fix each hand-off retried for ~19 s (the
result backend's 20 reconnections, then the publish retries) and every cache call tried again;
now one failure opens a circuit breaker and the next calls skip Redis.
"""

import socket
import threading

import pytest
from django.core.cache import cache

from config.celery import app as celery_app
from outbox import queue
from outbox.tasks import deliver_event_task, send_notification_task


class ClosingServer:
    """Accepts TCP connections, counts them and closes each at once."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.url = f"redis://127.0.0.1:{self.sock.getsockname()[1]}/0"
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def dead_redis():
    server = ClosingServer()
    yield server
    server.close()


@pytest.fixture
def broker_at(dead_redis):
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=dead_redis.url, task_always_eager=False)
    celery_app._after_fork()  # forget pooled connections
    queue.BREAKER.close()
    yield dead_redis
    celery_app.conf.update(saved)
    celery_app._after_fork()


def test_no_task_result_is_stored_nor_waited_for():
    assert celery_app.conf.result_backend is None
    assert celery_app.conf.task_ignore_result is True
    assert celery_app.conf.task_publish_retry_policy["max_retries"] <= 1


def test_with_the_broker_down_hand_offs_fail_at_once_then_skip_it(broker_at):
    results = [queue.enqueue(deliver_event_task, n) for n in range(5)]
    results += [queue.enqueue(send_notification_task, n) for n in range(5)]

    assert results == [False] * 10  # nothing raised: the rows stay pending for the beat
    assert 1 <= broker_at.connections <= 2  # one publish and its single quick retry
    assert queue.broker_skipped()


def test_the_broker_is_tried_again_after_the_cooldown(broker_at):
    queue.enqueue(deliver_event_task, 1)
    tried = broker_at.connections
    cooldown = queue.BREAKER.reset_timeout
    queue.BREAKER.reset_timeout = 0  # the cooldown is over
    try:
        queue.enqueue(deliver_event_task, 2)
    finally:
        queue.BREAKER.reset_timeout = cooldown
    assert broker_at.connections > tried


def test_with_redis_down_the_cache_answers_as_no_cache(dead_redis, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": dead_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

    assert cache.get("facets", "default") == "default"
    cache.set("facets", [1, 2])
    assert cache.add("lock", 1) is True
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("facets") is False
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.get_or_set("tree", lambda: "computed") == "computed"

    assert dead_redis.connections == 1  # the first call failed; the others skipped Redis
