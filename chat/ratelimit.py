"""Rate limiting of chat messages: a fixed window per sender, counted in the shared cache."""

from django.conf import settings
from django.utils.translation import gettext as _

from chat.exceptions import ChatError
from core.abuse import hit


def check_rate(sender_key: str) -> None:
    """At most CHAT_RATE_LIMIT messages per CHAT_RATE_WINDOW seconds per sender (fixed window).

    Counted in the shared cache (core.abuse.hit), so a sender cannot get around it through
    another socket or another daphne process; on Redis it is one round trip. With the cache
    down the limit is off (fails open) rather than refusing every message.
    """
    if not hit(
        f"chat-rate:{sender_key}",
        limit=settings.CHAT_RATE_LIMIT,
        window=settings.CHAT_RATE_WINDOW,
    ):
        raise ChatError(
            _("Estás enviando mensajes muy rápido. Espera unos segundos e inténtalo otra vez."),
            code="rate_limited",
        )
