"""The Content Security Policy: django-csp's middleware, with the sources only a request knows.

The fixed policy is `CONTENT_SECURITY_POLICY` in config/settings.py: no inline script, handler
or style anywhere and no eval. Two kinds of source are added here, to every response, because
they depend on the moment and not on the code:

- the websocket of the same host (`ws://host` or `wss://host`): CSP Level 3 lets 'self' match
  it, but older Safari versions do not, and the chat must work on old phones; on the port of
  `CHAT_WEBSOCKET_PORT` when daphne has a port of its own (`make run` with REDIS_URL);
- Stripe, while card payments are on (`STRIPE_ENABLED`): Stripe.js from `STRIPE_JS_URL` and the
  API it calls (`STRIPE_API_BASE`: localstripe in development and tests, api.stripe.com in
  production), read from the settings at each response so a test that turns Stripe on, or a
  deploy that points elsewhere, needs no second place to edit.

No nonces: pages may be served from a cache, and a cached nonce is no nonce.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.response import HttpResponseBase

STRIPE_JS_ORIGIN = "https://js.stripe.com"


def origin(url: str) -> str | None:
    """`scheme://host[:port]` of a URL, or None for a relative or empty one."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def stripe_sources() -> dict[str, list[str]]:
    """The sources Stripe.js needs, or nothing while card payments are off.

    https://docs.stripe.com/security/guide#content-security-policy
    """
    if not settings.STRIPE_ENABLED:
        return {}
    script = origin(settings.STRIPE_JS_URL)
    api = origin(settings.STRIPE_API_BASE) or "https://api.stripe.com"
    sources: dict[str, list[str]] = {
        "script-src": [script] if script else [],
        "connect-src": [api],
        "frame-src": [script] if script else [],
    }
    if script == STRIPE_JS_ORIGIN:
        sources["script-src"].append("https://*.js.stripe.com")
        sources["frame-src"] += ["https://*.js.stripe.com", "https://hooks.stripe.com"]
    return sources


def websocket_source(request: HttpRequest) -> list[str]:
    """This host's websocket origin (the chat under /ws/), or nothing for a host not allowed."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return []
    scheme = "wss" if request.is_secure() else "ws"
    if settings.CHAT_WEBSOCKET_PORT:  # daphne on a port of its own, same host name
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return [f"{scheme}://{name}:{settings.CHAT_WEBSOCKET_PORT}"]
    return [f"{scheme}://{host}"]


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware; adds this host's websocket and Stripe's sources."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        extra = stripe_sources()
        extra["connect-src"] = extra.get("connect-src", []) + websocket_source(request)
        update: dict[str, list[str]] = {}
        for key, value in (parts.update or {}).items():  # a view's @csp_update, if any
            if value is not None:
                update[key] = [value] if isinstance(value, str) else list(value)
        for directive, sources in extra.items():
            if sources:
                update[directive] = update.get(directive, []) + sources
        parts.update = update
        return parts
