"""The automatic helper ("Asistente automático"): only when no clerk is in the conversation.

It answers three things from the database and nothing else: the price and the stock of a book
(by title, author or ISBN) and the status of an order (by number and e-mail). Every answer
offers "Hablar con una persona"; it never pretends to be human.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_soles as soles

ORDER_NUMBER = re.compile(r"\bLP-?\d{4}-?\d{1,6}\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

GREETING = gettext_lazy(
    "Soy el asistente automático de Libros Pepito (no soy una persona). Puedo decirte el precio "
    "y el stock de un libro (escribe su título, autor o ISBN) o el estado de tu pedido (escribe "
    "el número, p. ej. LP-2026-000123, y tu correo). Para hablar con un librero, toca "
    "«Hablar con una persona»."
)
PAYLOAD = {"label": "Asistente automático", "actions": ["human"]}


def _normalise_number(raw: str) -> str:
    digits = re.sub(r"[^0-9]", "", raw)
    year, seq = digits[:4], digits[4:]
    return f"LP-{year}-{int(seq or 0):06d}"


def _order_answer(text: str) -> str | None:
    from orders.models import Order

    number = ORDER_NUMBER.search(text)
    if number is None:
        return None
    email = EMAIL.search(text)
    if email is None:
        return _("Para ver tu pedido necesito también el correo con el que lo hiciste.")
    order = Order.objects.filter(
        number__iexact=_normalise_number(number.group(0)), contact_email__iexact=email.group(0)
    ).first()
    if order is None:
        return _("No encontré un pedido con ese número y ese correo. Revisa los datos.")
    return _("Tu pedido %(number)s está: %(status)s.") % {
        "number": order.number,
        "status": order.get_status_display(),
    }


def _book_answer(text: str) -> str:
    from catalog.selectors import suggestions
    from inventory.selectors import availability_many

    products = suggestions(text[:100], limit=3)
    if not products:
        return _(
            "No encontré ese libro. Prueba con el título, el autor o el ISBN, o habla con una "
            "persona."
        )
    stock = availability_many(products)
    lines = []
    for product in products:
        stores = [row for row in stock.get(product.pk, []) if row.available > 0]
        where = (
            ", ".join(f"{row.store.name} ({row.available})" for row in stores)
            if stores
            else _("agotado por ahora")
        )
        lines.append(
            _("«%(title)s» de %(authors)s: %(price)s. Stock: %(where)s.")
            % {
                "title": product.title,
                "authors": product.author_names or "—",
                "price": soles(product.price),
                "where": where,
            }
        )
    return "\n".join(lines)


def answer(text: str) -> tuple[str, dict]:
    """The helper's reply to a customer's message, and its payload (label and hand-over)."""
    reply = _order_answer(text) or _book_answer(text)
    return reply, PAYLOAD
