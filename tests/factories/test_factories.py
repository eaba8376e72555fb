"""The order and chat factories build rows that agree with themselves."""

from decimal import Decimal

import pytest

from chat.models import Conversation, Message
from orders.models import Order, OrderEvent, Payment
from tests.factories import (
    ConversationFactory,
    MessageFactory,
    OrderFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_an_order_is_a_pickup_with_one_line_and_its_totals():
    order = OrderFactory()

    order.refresh_from_db()
    [line] = order.lines.all()
    assert order.fulfilment == Order.Fulfilment.PICKUP and order.pickup_code
    assert order.subtotal == order.total == line.line_total == line.product.price
    assert order.contact_email == order.customer.email
    assert list(OrderEvent.objects.filter(order=order).values_list("status", flat=True)) == [
        Order.Status.PROCESSING
    ]
    assert not Payment.objects.exists()


def test_the_totals_follow_the_lines_and_the_delivery_fee():
    book = ProductFactory(price=Decimal("45.90"))
    order = OrderFactory(delivery=True, lines=[(book, 2), (ProductFactory(), 1, Decimal("30"))])

    order.refresh_from_db()
    assert order.fulfilment == Order.Fulfilment.DELIVERY and order.pickup_code == ""
    assert order.address_district == "Miraflores"
    assert order.subtotal == Decimal("121.80")
    assert order.total == Decimal("131.80")  # S/ 10.00 of delivery


def test_a_paid_order_has_its_charge():
    order = OrderFactory(paid=True)

    assert order.payment_status == Order.PaymentStatus.PAID and order.paid_at
    [payment] = Payment.objects.filter(order=order)
    assert payment.amount == order.total and payment.method == Order.PaymentMethod.CARD


def test_a_taken_conversation_and_its_messages():
    from accounts.roles import Role
    from tests.factories import StoreFactory

    rosa = UserFactory(role=Role.CLERK, store=StoreFactory())
    conversation = ConversationFactory(active=True, clerk=rosa)
    MessageFactory(conversation=conversation)
    MessageFactory(conversation=conversation, from_clerk=True, text="¡Hola!")

    assert conversation.state == Conversation.State.ACTIVE
    assert conversation.assigned_clerk == rosa and conversation.store == rosa.store
    assert list(conversation.messages.values_list("sender", "author")) == [
        (Message.Sender.CUSTOMER, None),
        (Message.Sender.CLERK, rosa.pk),
    ]
