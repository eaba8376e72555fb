"""Views that belong to the site as a whole: health check, error pages, the CSRF token and the
language switch."""

import asyncio
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.middleware import refuse

logger = logging.getLogger(__name__)

# /healthz answers within this many seconds whatever hangs: each part that has not answered
# by then is reported "down: timeout".
HEALTHZ_DEADLINE_SECONDS = 0.8
# The parts checked in parallel threads (the database check runs in the request's own thread,
# on its own connection). Bounded: a hung check ends at its client's socket timeout.
_checks_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="healthz")


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    ping = getattr(cache, "ping", None)
    if ping is not None:  # config.cache.ResilientRedisCache: set/get would never raise
        if not ping():
            raise RuntimeError("Redis did not answer PING")
        return
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


def _check_broker() -> None:
    from config.celery import app

    if app.conf.task_always_eager:
        return  # no broker: tasks run in-process
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=HEALTHZ_DEADLINE_SECONDS)
        conn.default_channel.client.ping()  # type: ignore[attr-defined]
    from outbox.queue import BREAKER

    if BREAKER.current_state != "closed":
        BREAKER.close()  # the broker answers: stop skipping it


async def _round_trip_channel_layer() -> None:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    receiving = asyncio.ensure_future(layer.receive(channel))
    try:
        async with asyncio.timeout(HEALTHZ_DEADLINE_SECONDS):
            # On the pub/sub layer a message published before Redis has processed the new
            # channel's SUBSCRIBE is dropped: ping until one comes back.
            while not receiving.done():
                await layer.send(channel, {"type": "health.ping"})
                await asyncio.wait([receiving], timeout=0.05)
            message = receiving.result()
    finally:
        receiving.cancel()
    if message.get("type") != "health.ping":
        raise RuntimeError("channel layer returned another message")


def _check_channel_layer() -> None:
    async_to_sync(_round_trip_channel_layer)()


# Everything but the database can be down while the shop still sells (degraded): the answer
# stays 200 so the load balancer keeps the instance (all instances share the same Redis, so
# taking them out would help nobody); only a database that is down gives 503.
CHECKS = {
    "database": _check_database,
    "cache": _check_cache,
    "broker": _check_broker,
    "channel_layer": _check_channel_layer,
}
CRITICAL = {"database"}


def _outcome(name: str, run) -> str:
    try:
        run()
    except Exception as exc:  # a health check must report, never raise
        logger.warning("healthz: %s is down: %s", name, exc)
        return f"down: {type(exc).__name__}"
    return "ok"


@never_cache
def healthz(request):
    """Every part "ok", or "down: ..." for each part that is down, within a second.

    200 while the shop can sell ("status": "ok" or "degraded"), 503 when it cannot ("down")."""
    deadline = time.monotonic() + HEALTHZ_DEADLINE_SECONDS
    futures = {
        name: _checks_pool.submit(_outcome, name, check)
        for name, check in CHECKS.items()
        if name != "database"
    }
    report = {"database": _outcome("database", _check_database)}
    for name, future in futures.items():
        try:
            report[name] = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            logger.warning("healthz: %s did not answer in time", name)
            report[name] = "down: timeout"
    down = {name for name, value in report.items() if value != "ok"}
    status = "down" if down & CRITICAL else "degraded" if down else "ok"
    return JsonResponse(
        {"status": status, **{name: report[name] for name in CHECKS}},
        status=503 if status == "down" else 200,
    )


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


# The CSRF token and the language, outside the pages
# ------------------------------------------------------------------------------
# No page prints a CSRF token (a page may be served from a cache to anyone): static/js/csrf.js
# asks this endpoint for one before the first POST of a visitor, and from then on reads the
# cookie it set. The answer is personal, so never stored by any cache.


@require_safe
@never_cache
def csrf_token(request):
    """`{"token": ...}` and the CSRF cookie, for the scripts that post (static/js/csrf.js)."""
    response = JsonResponse({"token": get_token(request)})
    response["Cache-Control"] = "private, no-store"
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the refusal in Spanish, in the form the caller reads (403)."""
    message = _(
        "Tu navegador no envió la verificación de seguridad de este formulario (o la página "
        "caducó). Recarga la página e inténtalo otra vez."
    )
    return refuse(request, message, status=403, template="403_csrf.html")


def _safe_next(request) -> str:
    """Where to go after switching language: `next`, then the referer, only to this site."""
    for candidate in (request.GET.get("next"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return "/"


@require_safe
def switch_language(request, code):
    """GET /idioma/<code>/?next=<path>: the language cookie, and back to the page.

    A link, not a form: the footer of a cached page carries no token. Like Django's
    set_language, `next` must be a path of this site (anything else goes home) and an unknown
    language changes nothing. Safe to repeat; the answer sets a cookie, so no cache keeps it.
    """
    response = HttpResponseRedirect(_safe_next(request))
    response["Cache-Control"] = "private, no-store"
    if code in dict(settings.LANGUAGES) and check_for_language(code):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def bench_hello(request):
    """A bare view: what the server and the middleware cost with no page at all (bench/http.py
    compares every page with it; routed only when settings.BENCH_HELLO_VIEW is on)."""
    return HttpResponse("hello", content_type="text/plain")


# Kept out of search engines: the staff console and the admin, and every personal page (cart,
# checkout, orders, account, favorites, ebooks, chat) and the endpoints pages call.
ROBOTS_DISALLOW = [
    "/tienda/",
    "/admin/",
    "/carrito/",
    "/checkout/",
    "/pedidos/",
    "/pagos/",
    "/cuenta/",
    "/favoritos/",
    "/biblioteca/",
    "/chat/",
    "/buscar/sugerencias/",
    "/idioma/",
    "/csrf/",
    "/healthz",
]


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


_FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.ico"


@require_safe
def favicon(request):
    """/favicon.ico, which browsers, crawlers and link previews ask for whatever the page's
    <link rel="icon"> says: our own mark (tools/make_favicon.py draws it), cached a day."""
    response = HttpResponse(_FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
