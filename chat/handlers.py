"""What the chat does when orders tell it something (the event spine, outbox/facts.py).

Subscribed in ChatConfig.ready(). Each handler runs after the publisher's commit, in its own
transaction; the pushes to the sockets leave after that one commits (chat.events).
"""

import logging

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from chat import events
from chat.messaging import post
from chat.models import Conversation, Message
from chat.selling import summarize_cart

logger = logging.getLogger(__name__)


def _status_label(status: str) -> str:
    from orders.models import Order

    try:
        return str(Order.Status(status).label)
    except ValueError:
        return status


def link_order(
    *, conversation_id: int, number: str, status: str, total: str = ""
) -> Message | None:
    """The order paid from a payment request shows up in its conversation, with each new
    status. Posted once per status: a second delivery of the same fact changes nothing."""
    conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
    if conversation is None:
        logger.info("chat: conversation %s is gone; order %s not linked", conversation_id, number)
        return None
    last = (
        conversation.messages.filter(kind=Message.Kind.ORDER_STATUS, payload__number=number)
        .order_by("-pk")
        .first()
    )
    if last is not None and last.payload.get("status") == status:
        return None
    label = _status_label(status)
    return post(
        conversation,
        sender=Message.Sender.SYSTEM,
        kind=Message.Kind.ORDER_STATUS,
        text=_("Pedido %(number)s: %(status)s") % {"number": number, "status": label},
        payload={
            "number": number,
            "status": status,
            "status_display": label,
            "total": total,
            "url": reverse("orders:order_detail", args=[number]),
        },
    )


def on_order_placed(event) -> None:
    """`order.placed` from a checkout opened with the chat's "Pagar": link it there."""
    conversation_id = event.payload.get("conversation_id")
    if not conversation_id:
        return
    link_order(
        conversation_id=conversation_id,
        number=event["number"],
        status=event["status"],
        total=str(event["total"]),
    )


def on_order_status_changed(event) -> None:
    """`order.status_changed`: an order linked in a conversation shows its new status there
    (the conversation is found by the order number in the chat's own order messages)."""
    linked = (
        Message.objects.filter(kind=Message.Kind.ORDER_STATUS, payload__number=event["number"])
        .order_by("pk")
        .values_list("conversation_id", "payload")
        .first()
    )
    if linked is None:
        return
    conversation_id, payload = linked
    link_order(
        conversation_id=conversation_id,
        number=event["number"],
        status=event["status"],
        total=payload.get("total", ""),
    )


def on_cart_changed(event) -> None:
    """`cart.changed`: the open conversations that fill this cart (chat.selling.chat_cart) get
    its new summary; the clerk's panel shows it, whoever changed the cart."""
    from orders.cart import open_cart

    open_conversations = Conversation.objects.exclude(state=Conversation.State.CLOSED)
    if event["customer_id"]:  # an account's one cart
        filling = open_conversations.filter(
            customer_id=event["customer_id"], customer__user__isnull=False
        )
    else:  # a visitor's cart, kept on the conversation
        filling = open_conversations.filter(cart_id=event["cart_id"]).filter(
            Q(customer__isnull=True) | Q(customer__user__isnull=True)
        )
    conversation_ids = list(filling.order_by("-last_activity_at").values_list("pk", flat=True)[:3])
    if not conversation_ids:
        return
    cart = open_cart(event["cart_id"])
    if cart is None:
        logger.info("chat: cart %s is gone or checked out; no summary pushed", event["cart_id"])
        return
    summary = summarize_cart(cart)
    for conversation_id in conversation_ids:
        events.broadcast_on_commit(
            events.conversation_group(conversation_id),
            {"type": "cart", "conversation": conversation_id, "cart": summary},
        )
