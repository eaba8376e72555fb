"""Site-wide request hygiene: no NUL byte reaches a view, and no domain error becomes a 500."""

import logging

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext as _

from catalog.imports.parsing import ImportFileError, RowError
from chat.exceptions import ChatError, ChatForbidden
from core.parsing import strip_nul
from inventory import exceptions as inventory_errors
from inventory.exceptions import InventoryError
from orders import exceptions as order_errors
from orders.exceptions import OrderError

logger = logging.getLogger(__name__)

PLAIN = "text/plain; charset=utf-8"
JSON_TYPES = ("application/json", "application/merge-patch+json")


def _clean_querydict(querydict):
    if not any(
        "\x00" in key or any("\x00" in v for v in querydict.getlist(key)) for key in querydict
    ):
        return querydict
    cleaned = querydict.copy()
    for key in list(cleaned.keys()):
        values = [strip_nul(v) for v in cleaned.getlist(key)]
        del cleaned[key]
        cleaned.setlist(strip_nul(key), values)
    cleaned._mutable = False
    return cleaned


def refuse(request, message: str, status: int = 400, template: str = "400.html"):
    """The refusal in the form the caller reads: JSON for the chat's endpoints and JSON clients
    (`{"error": ...}`, as the chat views answer), a text fragment for htmx, else the 400 page
    (or `template`: the CSRF refusal uses 403.html)."""
    if (
        request.path.startswith("/chat/")
        or request.content_type in JSON_TYPES
        or "application/json" in request.headers.get("Accept", "")
    ):
        return JsonResponse({"error": message}, status=status)
    if getattr(request, "htmx", False):
        return HttpResponse(escape(message), status=status, content_type=PLAIN)
    if not hasattr(request, "user"):
        # Refused before sessions and auth ran: the site's templates need them, so a bare page.
        return HttpResponse(
            f'<!doctype html><html lang="es"><meta charset="utf-8"><title>{escape(message)}'
            f'</title><p>{escape(message)}</p><p><a href="/">{escape(_("Volver al inicio"))}</a>',
            status=status,
        )
    return render(request, template, {"message": message}, status=status)


class StripNullCharactersMiddleware:
    """The one place where NUL characters are handled, for every input of a request.

    PostgreSQL refuses NUL in text, so a NUL anywhere a view reads would become a 500 (a
    DataError) in whatever query uses it. Here, before sessions, auth or any view:
    - the path: a NUL there names no page of ours, so the request is refused with a 400;
    - headers (and so cookies): NUL characters are dropped;
    - GET and POST (form-encoded and the fields of multipart, and uploaded file names): NUL
      characters are dropped; the contents of uploaded files are left alone (binary);
    - JSON bodies: a NUL (raw or as \\u0000) is refused with a 400, the body is not rewritten.
    Websocket frames get the same treatment from core.parsing.clean_frame in the consumers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or "\x00" in request.path:
            return refuse(request, _("La dirección tiene un carácter no válido; revísala."))
        for key, value in list(request.META.items()):
            if isinstance(value, str) and "\x00" in value:
                request.META[key] = strip_nul(value)
        request.GET = _clean_querydict(request.GET)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            content_type = request.content_type or ""
            if content_type in JSON_TYPES:
                if b"\x00" in request.body or b"\\u0000" in request.body:
                    return refuse(request, _("El contenido tiene un carácter no válido."))
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                request.POST = _clean_querydict(request.POST)
                for upload in request.FILES.values():
                    if upload.name and "\x00" in upload.name:
                        upload.name = strip_nul(upload.name)
        return self.get_response(request)


# Domain errors that mean "the state changed under you" rather than "you typed something wrong".
CONFLICTS = (
    inventory_errors.OutOfStock,
    inventory_errors.BelowReserved,
    inventory_errors.InvalidTransferState,
    inventory_errors.ReservationNotActive,
    order_errors.PricesChanged,
    order_errors.SlotFull,
    order_errors.IllegalTransition,
)


def domain_error_status(exc: Exception) -> int | None:
    """The 4xx for an error raised by a service, or None if it is not a domain error."""
    if isinstance(exc, ChatForbidden):
        return 403
    if isinstance(exc, CONFLICTS):
        return 409
    if isinstance(exc, OrderError | InventoryError | ChatError | ImportFileError | RowError):
        return 400
    if isinstance(exc, ValidationError):
        return 400
    return None


def domain_error_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(getattr(exc, "message", "") or exc) or _(
        "No pudimos hacer eso; recarga la página e inténtalo otra vez."
    )


class DomainErrorMiddleware:
    """The one place where a domain error that a view did not catch becomes a 4xx.

    Services raise errors with a Spanish message that says what to do next (orders, inventory,
    chat, the catalog import; Django's ValidationError from a model's full_clean). A view should
    catch them where it can show the message in context; any it misses is answered here with
    its message and a 400 (409 when the state changed under the user, 403 for a forbidden chat)
    instead of a 500. Nothing was written: services raise before writing, inside their atomic.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        status = domain_error_status(exception)
        if status is None:
            return None
        logger.info("domain error answered %s: %r on %s", status, exception, request.path)
        return refuse(request, domain_error_message(exception), status)
