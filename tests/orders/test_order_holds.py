"""An order's stock holds, reached through inventory's order-hold services by the
reservation's foreign key to the order (never by building owner strings)."""

import importlib
from datetime import timedelta

import pytest
from django.utils import timezone

from inventory import stock
from inventory.exceptions import OutOfStock
from inventory.models import Reservation, StockItem, StockMovement
from orders import pickup, status
from orders.models import Order
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db
S = Order.Status


def _item(store, product):
    return StockItem.objects.get(store=store, product=product)


@pytest.fixture
def order(customer_cart, miraflores):
    return place(customer_cart, store=miraflores)


def test_placing_an_order_links_its_holds_to_it(order, books):
    rios, ciudad = books
    holds = stock.order_holds(order.pk)

    assert [(h.product_id, h.quantity, h.state) for h in holds] == [
        (rios.pk, 2, "active"),
        (ciudad.pk, 1, "active"),
    ]
    assert {h.order_id for h in holds} == {order.pk}
    assert {h.owner for h in holds} == {f"order:{order.pk}"}  # still readable in the ledger


def test_release_gives_the_copies_back_once(order, books, miraflores):
    rios, _ciudad = books

    assert stock.release_order_holds(order.pk, reason="Pedido anulado") == 2
    assert stock.release_order_holds(order.pk, reason="Pedido anulado") == 0

    assert _item(miraflores, rios).reserved == 0
    assert {h.state for h in stock.order_holds(order.pk, states=["released"])} == {"released"}


def test_consume_sells_the_held_copies_and_retakes_an_expired_hold(order, books, miraflores):
    rios, ciudad = books
    Reservation.objects.filter(order=order, product=ciudad).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    lines = [(rios, 2), (ciudad, 1)]

    consumed = stock.consume_order_holds(
        order.pk, store=miraflores, lines=lines, reason=order.number
    )

    assert sorted(h.product_id for h in consumed) == sorted([rios.pk, ciudad.pk])
    assert (_item(miraflores, rios).on_hand, _item(miraflores, ciudad).on_hand) == (3, 4)
    assert _item(miraflores, rios).reserved == 0
    # The expired hold stays counted until the expiry sweep closes it (as for any hold).
    assert _item(miraflores, ciudad).reserved == 1
    stock.release_expired_reservations()
    assert _item(miraflores, ciudad).reserved == 0
    # Consuming again sells nothing twice.
    assert stock.consume_order_holds(order.pk, store=miraflores, lines=lines) == []
    assert StockMovement.objects.filter(kind="sale").count() == 2


def test_consume_fails_whole_when_an_expired_holds_copies_are_gone(order, books, miraflores):
    rios, ciudad = books
    Reservation.objects.filter(order=order, product=ciudad).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    stock.reserve([(ciudad, 5)], miraflores, "cart:otro", timedelta(minutes=15))
    sales_before = StockMovement.objects.filter(kind="sale").count()

    with pytest.raises(OutOfStock):
        stock.consume_order_holds(order.pk, store=miraflores, lines=[(rios, 2), (ciudad, 1)])

    assert StockMovement.objects.filter(kind="sale").count() == sales_before


def test_annulling_a_handed_over_copy_puts_it_back_on_the_shelf(order, books, miraflores, clerk):
    rios, _ciudad = books
    pickup.take_payment(order=order, means="efectivo", actor=clerk, store=miraflores)
    stock.consume_order_holds(order.pk, store=miraflores, lines=[(rios, 2)])
    assert _item(miraflores, rios).on_hand == 3

    status.cancel(order=order, actor=clerk, reason="Se equivocó")

    assert _item(miraflores, rios).on_hand == 5
    assert StockMovement.objects.filter(kind="return", product=rios).get().reason == (
        f"Pedido {order.number} anulado"
    )


def test_holds_of_a_cart_are_not_an_orders(miraflores, books):
    rios, _ciudad = books
    [hold] = stock.reserve([(rios, 1)], miraflores, "cart:12")

    assert (hold.cart_id, hold.order_id) == (12, None)


def test_an_owner_string_alone_no_longer_makes_an_order_link(miraflores, books):
    """A foreign key cannot point at an order that does not exist: only reserve_for_order
    links a hold to an order."""
    rios, _ciudad = books
    [hold] = stock.reserve([(rios, 1)], miraflores, "order:999999")

    assert hold.order_id is None


def test_the_data_migration_links_holds_from_their_owner_strings(order, miraflores, books):
    from django.apps import apps

    migration = importlib.import_module("inventory.migrations.0004_reservation_order_fk")
    rios, _ciudad = books
    Reservation.objects.filter(order=order).update(order=None)  # as before the migration
    [gone] = stock.reserve([(rios, 1)], miraflores, "order:999999")  # an order deleted since
    [cart] = stock.reserve([(rios, 1)], miraflores, "cart:5")

    migration.fill_order_from_owner(apps, None)

    assert {h.order_id for h in Reservation.objects.filter(owner=f"order:{order.pk}")} == {order.pk}
    gone.refresh_from_db()
    cart.refresh_from_db()
    assert gone.order_id is None and cart.order_id is None
