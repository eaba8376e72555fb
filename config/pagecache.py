"""Cache-Control on every page, and the anonymous pages served from the cache (issue #19).

Which pages: the catalog's public pages (`CACHEABLE_VIEWS`: home, the lists and genre pages,
the product and author pages, search and its suggestions, the stores), to a visitor who has no
session (so no account, no cart, no chat) and no flash message waiting. Such a visitor gets the
same page as any other of the same language, so the answer is

    Cache-Control: public, max-age=0, s-maxage=PAGE_CACHE_SHARED_SECONDS
    Vary: Accept-Language, Cookie    (Cookie: the language cookie; HTTP has no finer Vary)

and, with PAGE_CACHE_SECONDS > 0, it is kept in the cache (Redis, or the process's local
memory on the embedded default) under its host and full path, its language, the htmx headers
that pick a partial, and the catalog's generation (catalog.versions): a price, stock band or
new book bumps the generation and the next request renders afresh. `X-Page-Cache:
hit|miss|off` says which. A response that sets a cookie, is not a 200, or is marked private
by its view is never stored nor public; a request with a session or messages cookie never
reads the cache.

Every other response without a Cache-Control of its own is `private`: `no-store` for a visitor
with a session (logged in, a cart, a chat: personal pages), `no-cache` otherwise.

Outside the session, CSRF and locale middleware (see settings.MIDDLEWARE): a page served from
the cache in process_view still goes back through them, and this one sees what they set.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from catalog.versions import catalog_generation

CACHEABLE_VIEWS = frozenset(
    {
        "home",
        "catalog:product_list",
        "catalog:product_detail",
        "catalog:author_detail",
        "catalog:search",
        "catalog:search_suggest",
        "inventory:store_list",
        "inventory:store_detail",
    }
)
# Cookies that make a page personal: the session (account, cart, chat) and flash messages.
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")
PUBLIC_VARY = ("Accept-Language", "Cookie")


class _Page:
    """What process_view learnt about a request for a cacheable page."""

    __slots__ = ("key", "hit")

    def __init__(self, key: str | None, hit: bool = False):
        self.key = key
        self.hit = hit


def has_personal_cookie(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies


def page_key(request) -> str:
    """The page's key: host and full path (query included), language, htmx partial, and the
    catalog's generation (a bump makes every older key unreachable; they expire by themselves)."""
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    partial = f"{request.headers.get('HX-Request', '')}|{request.headers.get('HX-Target', '')}"
    digest = hashlib.sha256(f"{where}\n{partial}".encode()).hexdigest()[:40]
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"page:{catalog_generation()}:{language}:{digest}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._page_cache = None
        response = self.get_response(request)
        page = request._page_cache
        if page is not None and self._shareable(response):
            self._make_public(response)
            if page.key is not None and not page.hit:
                self._store(page.key, response)
            response["X-Page-Cache"] = "hit" if page.hit else "miss" if page.key else "off"
        elif not response.has_header("Cache-Control"):
            personal = has_personal_cookie(request) or bool(response.cookies)
            response["Cache-Control"] = "private, no-store" if personal else "private, no-cache"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method not in ("GET", "HEAD")
            or match is None
            or match.view_name not in CACHEABLE_VIEWS
            or has_personal_cookie(request)
        ):
            return None
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
            request._page_cache = _Page(None)
            return None
        key = page_key(request)
        stored = cache.get(key)
        request._page_cache = _Page(key, hit=stored is not None)
        if stored is None:
            return None
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response

    @staticmethod
    def _shareable(response) -> bool:
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and "private" not in control
            and "no-store" not in control
        )

    @staticmethod
    def _make_public(response) -> None:
        response["Cache-Control"] = (
            f"public, max-age=0, s-maxage={max(settings.PAGE_CACHE_SHARED_SECONDS, 0)}"
        )
        patch_vary_headers(response, PUBLIC_VARY)

    @staticmethod
    def _store(key: str, response) -> None:
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
