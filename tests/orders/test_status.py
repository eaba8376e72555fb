import itertools
from decimal import Decimal

import pytest

from inventory.models import Reservation, StockItem
from orders import status
from orders.exceptions import IllegalTransition, PaymentError
from orders.models import Order, OrderEvent, Payment
from outbox.models import Notification
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db
S = Order.Status

PICKUP_PATH = [S.PROCESSING, S.PACKED, S.READY, S.DELIVERED]
ALL = list(S.values)


@pytest.fixture
def order(customer_cart, miraflores):
    return place(customer_cart, store=miraflores)


def test_the_pickup_path_writes_an_event_and_a_notice_each_step(order):
    for to in [S.PACKED, S.READY]:
        order = status.advance(order=order, to=to, note="ok")

    assert [e.status for e in OrderEvent.objects.filter(order=order)] == [
        S.PROCESSING,
        S.PACKED,
        S.READY,
    ]
    ready = Notification.objects.filter(subject__contains="listo para recoger")
    assert ready.filter(channel="email").count() == 1


@pytest.mark.parametrize(("current", "to"), list(itertools.product(ALL, ALL)))
def test_every_transition_is_checked_in_one_place(order, current, to):
    Order.objects.filter(pk=order.pk).update(status=current, payment_status="paid")
    order.refresh_from_db()
    expected = to in status.TRANSITIONS[current]
    if to == S.DISPATCHED:
        expected = False  # a pickup order is never dispatched
    if to == S.CANCELLED:
        return  # cancellation is tested below with its side effects

    if expected:
        assert status.advance(order=order, to=to).status == to
    else:
        with pytest.raises(IllegalTransition, match="No se puede pasar"):
            status.advance(order=order, to=to)
        order.refresh_from_db()
        assert order.status == current


def test_unpaid_card_order_cannot_skip_payment(customer_cart, miraflores, settings):
    settings.STRIPE_ENABLED = True
    order = place(customer_cart, store=miraflores, payment_method="card")

    with pytest.raises(IllegalTransition):
        status.advance(order=order, to=S.PROCESSING)


def test_cancel_releases_the_stock_and_notifies(order, miraflores, books):
    status.cancel(order=order, reason="El cliente llamó")

    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert StockItem.objects.get(store=miraflores, product=books[0]).reserved == 0
    assert not Reservation.objects.filter(state="active").exists()
    assert Notification.objects.filter(subject__contains="anulado").exists()


def test_cancel_after_dispatch_is_refused(order):
    Order.objects.filter(pk=order.pk).update(status=S.DISPATCHED)

    with pytest.raises(IllegalTransition):
        status.cancel(order=order)


def test_paid_order_cancelled_puts_copies_back_and_refunds(order, miraflores, books):
    status.mark_paid(order=order, amount=order.total, currency="PEN", method="at_pickup")

    status.cancel(order=order)

    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.REFUNDED
    assert Payment.objects.filter(order=order, kind="refund", amount=order.total).exists()
    assert StockItem.objects.get(store=miraflores, product=books[0]).on_hand == 5


def test_paid_card_order_sells_the_copies_at_payment(customer_cart, miraflores, books, settings):
    settings.STRIPE_ENABLED = True
    order = place(customer_cart, store=miraflores, payment_method="card")

    status.mark_paid(
        order=order, amount=order.total, currency="pen", method="card", reference="pi_1"
    )
    status.mark_paid(
        order=order, amount=order.total, currency="pen", method="card", reference="pi_1"
    )

    order.refresh_from_db()
    assert order.status == S.PROCESSING and order.payment_status == "paid"
    item = StockItem.objects.get(store=miraflores, product=books[0])
    assert (item.on_hand, item.reserved) == (3, 0)
    assert Payment.objects.filter(order=order).count() == 1


def test_a_wrong_amount_or_currency_is_not_a_payment(order):
    with pytest.raises(PaymentError):
        status.mark_paid(order=order, amount=Decimal("1.00"), currency="PEN", method="card")
    with pytest.raises(PaymentError):
        status.mark_paid(order=order, amount=order.total, currency="USD", method="card")

    order.refresh_from_db()
    assert order.payment_status == "pending"
    assert not Payment.objects.exists()


def test_expired_orders_are_annulled_and_their_stock_freed(
    customer_cart, miraflores, books, settings
):
    from datetime import timedelta

    from django.utils import timezone

    order = place(customer_cart, store=miraflores)
    Order.objects.filter(pk=order.pk).update(pickup_deadline=timezone.now() - timedelta(hours=1))

    assert status.annul_expired_orders() == 1
    assert status.annul_expired_orders() == 0

    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert StockItem.objects.get(store=miraflores, product=books[0]).reserved == 0
    assert "No se recogió" in order.events.last().note
