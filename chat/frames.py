"""What the browser receives: messages and conversation states as JSON frames.

Payloads are stored with plain amounts ("45.90"); the `S/ 45.90` a card, a payment request or
an order status shows is added here, when the frame is built, so the frames stay as the
widget and the inbox (static/js/chat.js) read them.
"""

from chat.models import Conversation, Message
from core.money import format_soles

# The payload fields that hold an amount, per kind of message (lines: each line's "total").
MONEY_FIELDS = {
    Message.Kind.PRODUCT_CARD: ("price",),
    Message.Kind.PAYMENT_REQUEST: ("subtotal", "points_value", "credit", "due"),
    Message.Kind.ORDER_STATUS: ("total",),
}


def soles(value) -> str:
    """An amount as shown; a text already formatted (messages stored before amounts were
    kept plain) is left as it is."""
    if isinstance(value, str) and (value == "" or value.startswith("S/")):
        return value
    return format_soles(value)


def display_payload(kind: str, payload: dict) -> dict:
    """The payload as the browser shows it: amounts formatted, the rest untouched."""
    fields = MONEY_FIELDS.get(kind)
    if not fields or not payload:
        return payload
    shown = dict(payload)
    for name in fields:
        if name in shown:
            shown[name] = soles(shown[name])
    if kind == Message.Kind.PAYMENT_REQUEST and isinstance(shown.get("lines"), list):
        shown["lines"] = [display_line(line) for line in shown["lines"]]
    return shown


def display_line(line) -> dict:
    if isinstance(line, dict) and "total" in line:
        return {**line, "total": soles(line["total"])}
    return line


def display_cart(summary: dict) -> dict:
    """A cart summary (chat.selling.cart_amounts) as the clerk's panel shows it."""
    return {
        "lines": [display_line(line) for line in summary["lines"]],
        "subtotal": soles(summary["subtotal"]),
        "count": summary["count"],
    }


def message_frame(message: Message) -> dict:
    author = message.author
    return {
        "type": "message",
        "message": {
            "id": message.pk,
            "conversation": message.conversation_id,
            "sender": message.sender,
            "kind": message.kind,
            "text": message.text,
            "payload": display_payload(message.kind, message.payload),
            "author": (author.first_name or str(author)) if author else "",
            "created_at": message.created_at.isoformat(),
            "delivered": message.delivered_at is not None,
            "read": message.read_at is not None,
        },
    }


def messages_since(*, conversation_id: int, after: int = 0, limit: int = 500) -> list[dict]:
    """Frames of the messages after `after`, oldest first: the reconnect catch-up."""
    rows = (
        Message.objects.filter(conversation_id=conversation_id, pk__gt=max(0, int(after or 0)))
        .select_related("author")
        .order_by("pk")[:limit]
    )
    return [message_frame(message) for message in rows]


def conversation_state(conversation: Conversation) -> dict:
    clerk = conversation.assigned_clerk
    return {
        "id": conversation.pk,
        "state": conversation.state,
        "name": conversation.display_name,
        "clerk": (clerk.first_name or str(clerk)) if clerk else "",
        "store": conversation.store.name if conversation.store_id else "",
        "helper": conversation.helper_enabled,
        "rated": conversation.rating is not None,
    }
