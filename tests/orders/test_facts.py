"""The facts orders publishes on the event spine: one event of the right name and payload per
change, written in the service's transaction (so a refused change publishes nothing)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from inventory.exceptions import OutOfStock
from orders import phone_orders, pickup, status
from orders.exceptions import PaymentError
from orders.models import Channel, Order
from orders.pickup import PickupRefused
from outbox.models import Event
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.conftest import place
from tests.orders.staff_helpers import place_pickup

pytestmark = pytest.mark.django_db
S = Order.Status


def published(name=None):
    """The order facts published so far (the accounts and customers the fixtures create
    publish facts of their own)."""
    events = Event.objects.filter(name__startswith="order.").order_by("pk")
    if name is not None:
        events = events.filter(name=name)
    return [(event.name, event.payload) for event in events]


def names():
    return [name for name, _payload in published()]


def common(order, **more):
    """The fields every order fact carries, written out for the order under test."""
    return {
        "order_id": order.pk,
        "number": order.number,
        "customer_id": order.customer_id,
        "channel": order.channel,
        "fulfilment": order.fulfilment,
        "store_id": order.store_id,
        **more,
    }


def lines_of(books):
    rios, ciudad = books
    return [
        {"product_id": rios.pk, "quantity": 2, "unit_price": "45.90", "line_total": "91.80"},
        {"product_id": ciudad.pk, "quantity": 1, "unit_price": "59.00", "line_total": "59.00"},
    ]


# What order.placed / handed_over / delivered / cancelled say of the money besides the lines:
# no delivery fee, no points nor store credit used (tests/orders/test_tenders.py uses them).
NO_TENDERS = {
    "delivery_fee": "0.00",
    "points_used": 0,
    "points_value": "0.00",
    "credit_used": "0.00",
}


def tomorrow_slot(window):
    return f"{(timezone.localdate() + timedelta(days=1)).isoformat()}|{window.pk}"


@pytest.fixture
def order(customer_cart, miraflores):
    """Pickup at Miraflores, pay at pickup: "en proceso" at once."""
    return place(customer_cart, store=miraflores)


# order.placed
# ------------------------------------------------------------------------------


def test_placing_an_order_publishes_order_placed_with_its_lines(order, books, miraflores):
    assert published() == [
        (
            "order.placed",
            {
                "order_id": order.pk,
                "number": order.number,
                "customer_id": order.customer_id,
                "channel": "web",
                "fulfilment": "pickup",
                "store_id": miraflores.pk,
                "status": "en_proceso",
                "payment_method": "at_pickup",
                "total": "150.80",
                "lines": lines_of(books),
                **NO_TENDERS,
            },
        )
    ]
    assert Event.objects.get(name="order.placed").key == f"order:{order.pk}"


def test_the_chat_conversation_travels_only_in_order_placed(customer_cart, miraflores):
    order = place(customer_cart, store=miraflores, channel=Channel.CHAT, conversation_id=77)

    [(name, payload)] = published()
    assert name == "order.placed" and payload["conversation_id"] == 77
    status.advance(order=order, to=S.PACKED)
    assert "conversation_id" not in published("order.status_changed")[0][1]


def test_a_second_click_on_the_same_token_publishes_nothing_more(customer_cart, miraflores):
    first = place(customer_cart, store=miraflores, checkout_token="tok-1")
    again = place(customer_cart, store=miraflores, checkout_token="tok-1")

    assert again.pk == first.pk
    assert names() == ["order.placed"]


def test_a_sold_out_order_publishes_nothing(customer, miraflores):
    from orders import cart as carts

    book = ProductFactory(price=Decimal("30.00"))
    stock_up(miraflores, book, 1)
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=book, quantity=2)

    with pytest.raises(OutOfStock):
        place(cart, store=miraflores)

    assert not Order.objects.exists()
    assert published() == []


def test_a_phone_order_publishes_one_order_placed(customer_cart, customer, miraflores, clerk):
    order = phone_orders.place_phone_order(
        customer=customer,
        clerk=clerk,
        fulfilment="pickup",
        payment_method="at_pickup",
        checkout_token="phone-1",
        store=miraflores,
    )

    [(name, payload)] = published()
    assert name == "order.placed"
    assert payload == common(
        order,
        channel="telefono",
        status="en_proceso",
        payment_method="at_pickup",
        total="150.80",
        lines=payload["lines"],
        **NO_TENDERS,
    )
    assert len(payload["lines"]) == 2


# order.status_changed, order.delivered
# ------------------------------------------------------------------------------


def test_every_move_publishes_order_status_changed_with_the_one_before(order, clerk):
    status.advance(order=order, to=S.PACKED, actor=clerk)
    status.advance(order=order, to=S.READY, actor=clerk, note="Estante 3")

    assert [payload for _name, payload in published("order.status_changed")] == [
        common(order, status="embalado", previous="en_proceso", actor_id=clerk.pk),
        common(
            order, status="listo_recoger", previous="embalado", actor_id=clerk.pk, note="Estante 3"
        ),
    ]


def test_a_refused_move_publishes_nothing(order):
    with pytest.raises(status.IllegalTransition):
        status.advance(order=order, to=S.DISPATCHED)  # a pickup order is never dispatched

    assert names() == ["order.placed"]


@override_settings(STRIPE_ENABLED=True)
def test_a_courier_delivery_publishes_order_delivered_once(customer_cart, warehouse, zone, window):
    from orders.checkout import Address

    order = place(
        customer_cart,
        fulfilment="delivery",
        payment_method="card",
        address=Address("Calle Berlín 345", "", "Miraflores", "Lima", "Lima"),
        slot=tomorrow_slot(window),
    )
    Order.objects.filter(pk=order.pk).update(
        status=S.DISPATCHED, payment_status="paid", channel=Channel.WHOLESALE
    )
    Event.objects.all().delete()
    order.refresh_from_db()

    status.advance(order=order, to=S.DELIVERED)
    status.advance(order=order, to=S.RECEIVED)  # the customer's "recibido": the same delivery

    assert names() == ["order.status_changed", "order.delivered", "order.status_changed"]
    [(_name, payload)] = published("order.delivered")
    assert payload["total"] == "160.80"  # 150.80 + S/ 10.00 delivery
    assert payload["fulfilment"] == "delivery" and len(payload["lines"]) == 2


def test_received_straight_from_dispatched_is_the_delivery(order):
    Order.objects.filter(pk=order.pk).update(
        status=S.DISPATCHED, fulfilment="delivery", channel=Channel.WHOLESALE
    )
    order.refresh_from_db()

    status.advance(order=order, to=S.RECEIVED)

    assert names() == ["order.placed", "order.status_changed", "order.delivered"]


# order.paid, order.handed_over
# ------------------------------------------------------------------------------


def test_pay_at_the_desk_then_hand_over(order, clerk, miraflores, books):
    status.advance(order=order, to=S.PACKED, actor=clerk)
    status.advance(order=order, to=S.READY, actor=clerk)
    Event.objects.all().delete()

    pickup.take_payment(order=order, means="efectivo", actor=clerk, store=miraflores)
    assert published() == [
        ("order.paid", common(order, amount="150.80", method="at_pickup")),
    ]  # already "en proceso" and beyond: the payment moves no status

    pickup.hand_over(order=order, code=order.pickup_code, actor=clerk, store=miraflores)
    assert names() == ["order.paid", "order.status_changed", "order.handed_over"]
    [(_name, payload)] = published("order.handed_over")
    assert payload == common(order, total="150.80", lines=lines_of(books), **NO_TENDERS)
    assert published("order.delivered") == []  # a pickup is a handover, not a delivery

    # A second click changes nothing and publishes nothing.
    pickup.hand_over(order=order, code=order.pickup_code, actor=clerk, store=miraflores)
    pickup.take_payment(order=order, means="efectivo", actor=clerk, store=miraflores)
    assert len(published()) == 3


def test_a_refused_handover_publishes_nothing(order, clerk, miraflores):
    status.advance(order=order, to=S.PACKED, actor=clerk)
    status.advance(order=order, to=S.READY, actor=clerk)
    before = names()

    with pytest.raises(PickupRefused):
        pickup.hand_over(order=order, code="ZZZZZZ", actor=clerk, store=miraflores)
    with pytest.raises(PickupRefused):  # not paid yet
        pickup.hand_over(order=order, code=order.pickup_code, actor=clerk, store=miraflores)

    assert names() == before


@override_settings(STRIPE_ENABLED=True)
def test_a_card_payment_publishes_order_paid_then_the_move(customer_cart, miraflores):
    order = place(customer_cart, store=miraflores, payment_method="card")
    assert published()[0][1]["status"] == "pendiente_pago"

    status.mark_paid(
        order=order, amount=Decimal("150.80"), currency="pen", method="card", reference="pi_1"
    )
    status.mark_paid(
        order=order, amount=Decimal("150.80"), currency="pen", method="card", reference="pi_1"
    )  # the webhook and the page both report it: once

    assert names() == ["order.placed", "order.paid", "order.status_changed"]
    assert published("order.paid")[0][1] == common(order, amount="150.80", method="card")
    moved = published("order.status_changed")[0][1]
    assert (moved["previous"], moved["status"]) == ("pendiente_pago", "en_proceso")


@override_settings(STRIPE_ENABLED=True)
def test_a_mismatched_payment_publishes_nothing(customer_cart, miraflores):
    order = place(customer_cart, store=miraflores, payment_method="card")

    with pytest.raises(PaymentError):
        status.mark_paid(order=order, amount=Decimal("1.00"), currency="pen", method="card")

    assert names() == ["order.placed"]


# order.cancelled, order.refunded
# ------------------------------------------------------------------------------


def test_annulling_publishes_order_cancelled_with_the_reason(order, clerk, books):
    status.cancel(order=order, actor=clerk, reason="El cliente ya no lo quiere")

    assert names() == ["order.placed", "order.status_changed", "order.cancelled"]
    assert published("order.cancelled")[0][1] == common(
        order,
        reason="El cliente ya no lo quiere",
        lines=lines_of(books),
        was_fulfilled=False,
        **NO_TENDERS,
    )
    moved = published("order.status_changed")[0][1]
    assert (moved["previous"], moved["status"]) == ("en_proceso", "anulado")


def test_annulling_a_paid_order_publishes_the_refund(order, clerk, miraflores):
    pickup.take_payment(order=order, means="efectivo", actor=clerk, store=miraflores)

    status.cancel(order=order, actor=clerk, reason="Se equivocó de libro")

    assert names() == [
        "order.placed",
        "order.paid",
        "order.refunded",
        "order.status_changed",
        "order.cancelled",
    ]
    assert published("order.refunded")[0][1] == common(order, amount="150.80")


def test_annulling_twice_publishes_once(order):
    status.cancel(order=order, reason="uno")
    with pytest.raises(status.IllegalTransition):
        status.cancel(order=order, reason="dos")

    assert names().count("order.cancelled") == 1


def test_the_unpaid_order_sweep_publishes_order_cancelled(customer_cart, miraflores):
    order = place_pickup(customer_cart, miraflores)
    Order.objects.filter(pk=order.pk).update(pickup_deadline=timezone.now() - timedelta(hours=1))

    assert status.annul_expired_orders() == 1

    [(_name, payload)] = published("order.cancelled")
    assert payload["reason"] == "No se recogió dentro del plazo"
