"""What the chat does with the orders' facts (chat.handlers, subscribed in ChatConfig.ready)."""

from datetime import datetime

import pytest
from django.db import transaction

from chat import assignment, frames, handlers
from chat.models import Message
from outbox.spine import EventData, handlers_for, publish

pytestmark = pytest.mark.django_db

ORDER = {
    "order_id": 7,
    "number": "LP-2026-000007",
    "customer_id": None,
    "channel": "chat",
    "fulfilment": "pickup",
    "store_id": None,
}


def event(name, **payload) -> EventData:
    return EventData(id=1, name=name, key="order:7", payload=payload, created_at=datetime.now())


def placed(conversation_id):
    return event(
        "order.placed",
        **ORDER,
        status="en_proceso",
        payment_method="at_pickup",
        total="45.90",
        lines=[],
        conversation_id=conversation_id,
    )


def test_the_chat_subscribes_to_the_order_and_cart_facts():
    for name, handler in [
        ("order.placed", handlers.on_order_placed),
        ("order.status_changed", handlers.on_order_status_changed),
        ("cart.changed", handlers.on_cart_changed),
    ]:
        assert handler in handlers_for(name).values()


def test_an_order_placed_from_the_chat_shows_in_its_conversation_once(
    django_capture_on_commit_callbacks,
):
    conversation = assignment.start_conversation(name="Luis")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        publish(
            "order.placed",
            **ORDER,
            status="en_proceso",
            payment_method="at_pickup",
            total="45.90",
            lines=[],
            conversation_id=conversation.pk,
        )
    handlers.on_order_placed(placed(conversation.pk))  # delivered again: nothing more

    status = conversation.messages.get(kind=Message.Kind.ORDER_STATUS)
    assert status.text == "Pedido LP-2026-000007: En proceso"
    assert status.payload["total"] == "45.90"  # a plain amount is stored
    assert frames.message_frame(status)["message"]["payload"]["total"] == "S/ 45.90"
    assert status.payload["url"] == "/pedidos/LP-2026-000007/"


def test_each_new_status_follows_and_an_unlinked_order_is_left_alone():
    conversation = assignment.start_conversation(name="Luis")
    handlers.on_order_placed(placed(conversation.pk))

    handlers.on_order_status_changed(
        event("order.status_changed", **ORDER, status="embalado", previous="en_proceso")
    )
    handlers.on_order_status_changed(
        event("order.status_changed", **{**ORDER, "number": "LP-2026-000008"}, status="embalado")
    )

    statuses = conversation.messages.filter(kind=Message.Kind.ORDER_STATUS)
    assert [(m.payload["status"], m.payload["total"]) for m in statuses.order_by("pk")] == [
        ("en_proceso", "45.90"),
        ("embalado", "45.90"),
    ]
    assert not Message.objects.filter(payload__number="LP-2026-000008").exists()


def test_a_deleted_conversation_or_cart_is_skipped():
    from tests.factories import UserFactory

    conversation = assignment.start_conversation(name="Luis")
    conversation_id = conversation.pk
    conversation.delete()
    account = UserFactory()
    assignment.start_conversation(name="Ana", customer=account.customer)  # fills Ana's cart

    handlers.on_order_placed(placed(conversation_id))
    handlers.on_cart_changed(  # a cart deleted since
        EventData(
            id=2,
            name="cart.changed",
            key="cart:999999",
            payload={"cart_id": 999999, "customer_id": account.customer.pk, "item_count": 0},
            created_at=datetime.now(),
        )
    )

    assert not Message.objects.filter(kind=Message.Kind.ORDER_STATUS).exists()
