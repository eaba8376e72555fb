"""Abuse limits for the public forms that write, and the honeypot field they carry.

Every public form that writes (sign-up, "avísame", the guest's order lookup, starting a chat,
and return requests when they exist) asks `allow(request, action)` before it writes; the rates
are in settings.ABUSE_RATE_LIMITS ("<count>/<period>", e.g. "10/h", "5/10m"). A visitor is
counted by its real address (core.net.client_ip, /64 for IPv6), a logged-in account by its
own id, so a school or an office behind one address does not lock out its members who log in.

The counters are fixed windows in the shared cache (Redis in production, one round trip; the
local memory elsewhere). When the cache is down the limits fail open: a customer is never
refused, nor shown a 500, because Redis is. After a failure the cache is not asked again for
CACHE_RETRY_AFTER seconds, so an outage does not add a timeout to every form.

Sign-up uses allauth's own limiter (ACCOUNT_RATE_LIMITS["signup"]) and its honeypot
(ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD); both share this module's field name and 429 page.
"""

import logging
import re
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from redis.exceptions import RedisError

from core.net import client_ip, rate_key_ip

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "sitio_web"
CACHE_RETRY_AFTER = 30  # seconds without asking the cache after it failed
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_cache_down_until = 0.0


def rate_limited_message() -> str:
    return _(
        "Recibimos demasiados intentos seguidos desde tu conexión. Espera unos minutos y "
        "vuelve a intentarlo; si es urgente, llámanos o acércate a una de nuestras tiendas."
    )


def parse_rate(rate: str) -> tuple[int, int]:
    """ "10/h" -> (10, 3600); "5/10m" -> (5, 600)."""
    match = _RATE.match(rate or "")
    if match is None:
        raise ValueError(f"Tasa inválida: {rate!r} (se espera como 10/h o 5/10m)")
    amount, multiple, unit = match.groups()
    return int(amount), int(multiple or 1) * _PERIODS[unit]


def client_key(request) -> str:
    """Who is counted: the account when logged in, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{rate_key_ip(client_ip(request))}"


def allow(request, action: str, *, key: str | None = None) -> bool:
    """Count one attempt at `action` (by this client, or by `key` when given: e.g. an order
    number); False once over the rate of settings.ABUSE_RATE_LIMITS[action]. An action with no
    rate is not limited."""
    rate = getattr(settings, "ABUSE_RATE_LIMITS", {}).get(action)
    if not rate:
        return True
    limit, window = parse_rate(rate)
    return hit(f"abuse:{action}:{key or client_key(request)}", limit=limit, window=window)


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit in the current fixed window of `key`; True while within `limit`.

    Fails open: with the cache unreachable every hit is allowed (and logged), and the cache
    is left alone for CACHE_RETRY_AFTER seconds."""
    global _cache_down_until
    if time.monotonic() < _cache_down_until:
        return True
    bucket = f"{key}:{int(time.time() // window)}"
    try:
        count = count_hit(bucket, window + 1)
    except (RedisError, OSError) as error:
        _cache_down_until = time.monotonic() + CACHE_RETRY_AFTER
        logger.warning("abuse limits off for %ss: the cache failed (%s)", CACHE_RETRY_AFTER, error)
        return True
    return count <= limit


def count_hit(key: str, timeout: int) -> int:
    """INCR with an expiry: one round trip on Redis (a pipeline), add + incr elsewhere."""
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


def too_many_requests(request, *, as_json: bool = False) -> HttpResponse:
    """The 429 answer: templates/429.html (allauth renders the same one), or JSON for scripts."""
    message = rate_limited_message()
    if as_json:
        response: HttpResponse = JsonResponse(
            {"error": message, "code": "rate_limited"}, status=429
        )
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = "60"
    return response


# The honeypot
# ------------------------------------------------------------------------------


def honeypot_attrs() -> dict[str, str]:
    """The input's attributes: off screen by CSS (static/css/site.css .hp-field, no inline
    style under the CSP), out of the tab order, never autofilled."""
    return {"class": "hp-field", "tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"}


class HoneypotInput(forms.TextInput):
    """Never shows a value back: the page a bot gets is the page anyone gets."""

    def format_value(self, value):
        return None


class HoneypotField(forms.CharField):
    """A text field people never see (partials/form_fields.html hides its row); a bot that
    fills every input fills it too."""

    is_honeypot = True

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Deja este campo vacío"))
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", HoneypotInput(attrs=honeypot_attrs()))
        super().__init__(**kwargs)

    def clean(self, value):
        return (value or "")[:200]  # never an error: the bot must not learn anything


class HoneypotMixin(forms.Form):
    """Adds the honeypot field; `is_bot` says whether it was filled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = HoneypotField()

    @property
    def is_bot(self) -> bool:
        return is_bot_data(self.data)


def is_bot_data(data) -> bool:
    """Whether posted data filled the honeypot."""
    return bool(str(data.get(HONEYPOT_FIELD, "") or "").strip())
