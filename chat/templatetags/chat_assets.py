"""What the chat scripts (static/js/chat*.js) read from the page: their strings and settings.

The templates render these with `json_script`, never as inline JavaScript, and the scripts hold
no text of their own: every word they show is translated here.
"""

import functools

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crm.peru import LIMA_DISTRICTS

register = template.Library()

# The session key of a visitor's conversation (chat.access.SESSION_KEY).
VISITOR_SESSION_KEY = "chat_token"


def _staff_prefixes() -> tuple[str, ...]:
    prefixes = []
    for name in ("staff:console", "admin:index"):
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:  # a project without the console or the admin
            continue
    return tuple(prefixes)


@register.simple_tag(takes_context=True)
def chat_widget_wanted(context) -> bool:
    """Whether a page gets the customer's chat: never under the staff console (/tienda/) nor
    the admin (/admin/), whatever template renders there (their 403 and 404 pages extend the
    customer's base.html); a clerk answers in the inbox."""
    request = context.get("request")
    path = getattr(request, "path", "") or ""
    return not any(path.startswith(prefix) for prefix in _staff_prefixes())


def _message_strings() -> dict[str, str]:
    """A message in the log, on both sides (static/js/chat.js)."""
    return {
        "bot": _("Asistente automático"),
        "you": _("Tú"),
        "sent": _("Enviado"),
        "delivered": _("Entregado"),
        "read": _("Leído"),
        "view": _("Ver libro"),
        "subtotal": _("Subtotal"),
        "stock": _("Stock por tienda"),
        "out": _("Agotado"),
        "low": _("últimos"),
        "gone": _("Este libro ya no está a la venta."),
        "order": _("Ver pedido"),
        "waiting": _("En espera"),
        "closed": _("Conversación terminada"),
    }


def _widget_strings() -> dict[str, str]:
    """The customer's widget (static/js/chat-widget.js)."""
    return {
        "add": _("Agregar al carrito"),
        "added": _("Agregado a tu carrito"),
        "addError": _("No pudimos agregarlo a tu carrito. Inténtalo otra vez."),
        "cart": _("Ver carrito"),
        "pay": _("Pagar"),
        "addressSaved": _("Dirección enviada"),
        "human": _("Hablar con una persona"),
        "helper": _("Usar el asistente automático"),
        "leave": _("Dejar un mensaje"),
        "name": _("Nombre"),
        "email": _("Correo"),
        "phone": _("Celular"),
        "message": _("Mensaje"),
        "send": _("Enviar"),
        "street": _("Dirección (calle y número)"),
        "district": _("Distrito"),
        "reference": _("Referencia"),
        "save": _("Guardar"),
        "rate": _("Calificar"),
        "rateLegend": _("¿Cómo te atendimos?"),
        # The accessible name of each star: "1 estrella", "2 estrellas"…
        "star": _("estrella"),
        "stars": _("estrellas"),
        "comment": _("Comentario (opcional)"),
        "thanks": _("¡Gracias por tu calificación!"),
        "offline": _("Reconectando…"),
        "with": _("Te atiende"),
        "newChat": _("Nueva conversación"),
        "error": _("No pudimos conectar el chat. Recarga la página."),
        # The socket refused (4401 / 4403): chat.js stops reconnecting and shows these.
        "sessionGone": _(
            "Tu conversación anterior ya no está disponible (tu sesión terminó). "
            "Escribe tu nombre para empezar una nueva."
        ),
        "refused": _(
            "No puedes entrar a esa conversación desde este navegador. "
            "Escribe tu nombre para empezar una nueva."
        ),
    }


def _inbox_strings() -> dict[str, str]:
    """The clerk's inbox (static/js/chat-inbox.js)."""
    return {
        "forbidden": _("No puedes abrir esa conversación: es de otra tienda. Recarga la página."),
        "statusOnline": _("En línea: recibes conversaciones nuevas."),
        "statusPaused": _("Fuera de línea: no recibes conversaciones nuevas."),
        "statusOffline": _("Sin conexión, reconectando…"),
        "confirmClose": _("¿Cerrar la conversación?"),
        # The socket refused at connect (4401 / 4403): chat.js stops reconnecting.
        "sessionGone": _(
            "Tu sesión terminó: vuelve a iniciar sesión (recarga la página) para atender el chat."
        ),
        "notClerk": _(
            "Tu cuenta no puede atender el chat de clientes. Pide a tu jefe de tienda el rol "
            "de librero y vuelve a iniciar sesión."
        ),
    }


@register.simple_tag
def chat_strings(side: str) -> dict[str, str]:
    """Every string the scripts of one side ("customer" or "clerk") may show."""
    return _strings(side, get_language())


@functools.lru_cache(maxsize=16)
def _strings(side: str, language: str | None) -> dict[str, str]:
    """Translated once per side and language: the widget is on every page, and its forty
    strings were a tenth of a list page's time. (Translations change only on a restart.)"""
    own = {"customer": _widget_strings, "clerk": _inbox_strings}[side]
    return {**_message_strings(), **own()}


@register.simple_tag(takes_context=True)
def chat_widget_config(context, *, start_url: str, stock_url: str) -> dict:
    """The widget's settings: where to start a chat and read stock, whether to reconnect."""
    request = context.get("request")
    user = context.get("user")
    has_conversation = bool(
        (request is not None and request.session.get(VISITOR_SESSION_KEY))
        or (user is not None and user.is_authenticated)
    )
    return {
        "startUrl": start_url,
        "stockUrl": stock_url,
        "hasConversation": has_conversation,
        "districts": list(LIMA_DISTRICTS),
        "websocketPort": settings.CHAT_WEBSOCKET_PORT,
    }


@register.simple_tag
def chat_inbox_config(
    *, customer_url: str, products_url: str, stock_url: str, heartbeat: int
) -> dict:
    """The inbox's settings: its panels' URLs (with 0 for the conversation) and the heartbeat."""
    return {
        "customerUrl": customer_url,
        "productsUrl": products_url,
        "stockUrl": stock_url,
        "heartbeat": heartbeat,
        "websocketPort": settings.CHAT_WEBSOCKET_PORT,
    }
