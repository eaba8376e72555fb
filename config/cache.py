"""The Redis cache that degrades to "no cache" when Redis is down.

Django's RedisCache raises on every call when Redis is unreachable, and each call waits for its
connect timeout: a page that reads the cache five times waited five times. This backend answers
as Django's DummyCache does (get -> default, set -> nothing, add -> True, incr -> ValueError)
and, behind a circuit breaker, skips Redis for REDIS_BREAKER_COOLDOWN_SECONDS after a failure.
Errors that are not Redis's (a value that cannot be pickled, incr of a missing key) pass.

While Redis is down nothing is cached and cache-based counters (allauth's rate limits) count
nothing; writes and deletes made during the outage are lost (every key here has a timeout).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from core.breakers import CircuitBreakerError, make_breaker

logger = logging.getLogger(__name__)

BREAKER = make_breaker(
    "Redis (cache)",
    reset_timeout=settings.REDIS_BREAKER_COOLDOWN_SECONDS,
    failures=(RedisError, OSError),
)

_MISSING = object()


def _guarded(name: str, default):
    method = getattr(RedisCacheClient, name)

    def guarded(self, *args, **kwargs):
        try:
            return BREAKER.call(method, self, *args, **kwargs)
        except CircuitBreakerError:
            pass
        except (RedisError, OSError) as exc:
            logger.warning("cache.%s failed, answering without cache: %s", name, exc)
        if default is _MISSING:
            raise ValueError("The cache is unavailable.")
        return default(args) if callable(default) else default

    guarded.__name__ = name
    return guarded


class ResilientRedisCacheClient(RedisCacheClient):
    add = _guarded("add", True)
    get = _guarded("get", lambda args: args[1])  # the caller's default
    set = _guarded("set", None)
    touch = _guarded("touch", False)
    delete = _guarded("delete", False)
    get_many = _guarded("get_many", lambda args: {})
    has_key = _guarded("has_key", False)
    incr = _guarded("incr", _MISSING)  # as for a missing key
    set_many = _guarded("set_many", None)
    delete_many = _guarded("delete_many", None)
    clear = _guarded("clear", False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        """One redis-py client per connection pool, made once: Django's makes a new one on
        every call (building its table of response callbacks each time), about a tenth of a
        millisecond per cache read, several times a page. The clients share the pool, which
        is safe across threads and re-opens its connections after a fork."""
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(index))
            self._clients[index] = client
        return client

    def ping(self) -> bool:
        """For /healthz: a real round trip, past the breaker (a success closes it)."""
        ok = bool(self.get_client(write=True).ping())
        if ok and BREAKER.current_state != "closed":
            BREAKER.close()
        return ok


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def ping(self) -> bool:
        return self._cache.ping()
