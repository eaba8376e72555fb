"""Rate limiting of chat messages: a fixed window per sender, counted in the shared cache."""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from chat.exceptions import ChatError


def check_rate(sender_key: str) -> None:
    """At most CHAT_RATE_LIMIT messages per CHAT_RATE_WINDOW seconds per sender (fixed window).

    Counted in the shared cache, so a sender cannot get around it through another socket or
    another daphne process; on Redis it is one round trip (INCR and EXPIRE in a pipeline).
    """
    window = settings.CHAT_RATE_WINDOW
    key = f"chat-rate:{sender_key}:{int(time.time() // window)}"
    count = _count_hit(key, window + 1)
    if count > settings.CHAT_RATE_LIMIT:
        raise ChatError(
            _("Estás enviando mensajes muy rápido. Espera unos segundos e inténtalo otra vez."),
            code="rate_limited",
        )


def _count_hit(key: str, timeout: int) -> int:
    client = getattr(cache, "_cache", None)
    if hasattr(client, "get_client"):  # django.core.cache.backends.redis.RedisCache
        key = cache.make_and_validate_key(key)
        pipe = client.get_client(key, write=True).pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, timeout)
        return int(pipe.execute()[0])
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1
