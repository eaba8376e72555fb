"""inventory.stock.reservations, the mutants the first complete run left alive.

`extend_order_holds` (a delivery moved to another day keeps the order's copies) was reached only
by the orders tests: here what the courier desk and the customer rely on, seen from the stock.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory import stock
from inventory.exceptions import OutOfStock
from inventory.models import Reservation, StockItem, StockMovement
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.factories.orders import OrderFactory

pytestmark = pytest.mark.django_db


def held(store, product) -> int:
    return StockItem.objects.get(store=store, product=product).reserved


def lapse(*holds, ago=timedelta(seconds=1)):
    Reservation.objects.filter(pk__in=[h.pk for h in holds]).update(expires_at=timezone.now() - ago)


def test_a_moved_delivery_keeps_the_orders_live_holds_until_the_new_day(store, product, user):
    other = ProductFactory()
    stock_up(store, product, 3)
    stock_up(store, other, 3)
    order, someone_else = OrderFactory(), OrderFactory()
    first, second = stock.reserve_for_order([(product, 1), (other, 2)], store, order_id=order.pk)
    [theirs] = stock.reserve_for_order([(product, 1)], store, order_id=someone_else.pk)
    until = timezone.now() + timedelta(days=2)

    live = stock.extend_order_holds(
        order.pk, store=store, lines=[(product, 1), (other, 2)], until=until, actor=user
    )

    assert [h.pk for h in live] == [first.pk, second.pk]
    assert [h.expires_at for h in live] == [until, until]
    assert {(h.product.title, h.store.name) for h in live} == {
        (product.title, store.name),
        (other.title, store.name),
    }
    for hold in (first, second):
        hold.refresh_from_db()
        assert (hold.state, hold.expires_at) == ("active", until)
    # Another order's hold keeps its own time; nothing new was held.
    theirs_before = theirs.expires_at
    theirs.refresh_from_db()
    assert theirs.expires_at == theirs_before
    assert (held(store, product), held(store, other)) == (2, 2)
    assert not StockMovement.objects.filter(kind="reservation", actor=user).exists()


def test_moving_a_delivery_retakes_a_lapsed_hold_for_the_new_day_and_skips_what_was_sold(
    store, product, user
):
    other, third = ProductFactory(), ProductFactory()
    for p in (product, other, third):
        stock_up(store, p, 5)
    order = OrderFactory()
    sold, lapsed, live = stock.reserve_for_order(
        [(product, 1), (other, 2), (third, 1)], store, order_id=order.pk
    )
    stock.consume(sold)
    sold.refresh_from_db()
    sold_at = sold.expires_at
    lapse(lapsed)
    lapsed.refresh_from_db()
    lapsed_at = lapsed.expires_at
    until = timezone.now() + timedelta(days=3)

    holds = stock.extend_order_holds(
        order.pk,
        store=store,
        lines=[(product, 1), (other, 2), (third, 1)],
        until=until,
        actor=user,
    )

    # The lapsed hold is not revived: it stays past its time, for the expiry task.
    lapsed.refresh_from_db()
    assert (lapsed.state, lapsed.expires_at) == ("active", lapsed_at)
    # The sold copies' record keeps its own time: only live holds are moved.
    sold.refresh_from_db()
    assert (sold.state, sold.expires_at) == ("consumed", sold_at)
    retaken = Reservation.objects.get(order_id=order.pk, product=other, expires_at__gt=until)
    assert retaken.pk not in (sold.pk, lapsed.pk, live.pk)
    assert (retaken.quantity, retaken.store, retaken.owner) == (2, store, f"order:{order.pk}")
    # The new hold lasts until the new day (reserved with the time left until then).
    assert until <= retaken.expires_at < until + timedelta(seconds=5)
    assert StockMovement.objects.get(reference_id=str(retaken.pk)).actor == user
    # Nothing of the sold book is held again.
    assert Reservation.objects.filter(order_id=order.pk, product=product).count() == 1
    assert sorted(h.pk for h in holds) == sorted([lapsed.pk, live.pk, retaken.pk])
    assert all(h.state == "active" for h in holds)
    assert [held(store, p) for p in (product, other, third)] == [0, 4, 1]
    live.refresh_from_db()
    assert live.expires_at == until


def test_moving_a_delivery_whose_copies_are_gone_writes_nothing(store, product):
    other = ProductFactory()
    stock_up(store, product, 1)
    stock_up(store, other, 2)
    order = OrderFactory()
    lapsed, live = stock.reserve_for_order([(product, 1), (other, 1)], store, order_id=order.pk)
    live_until = live.expires_at
    lapse(lapsed)
    stock.record_sale(store, [(product, 1)])  # the last copy went at the counter
    before = StockMovement.objects.count()

    with pytest.raises(OutOfStock) as error:
        stock.extend_order_holds(
            order.pk,
            store=store,
            lines=[(product, 1), (other, 1)],
            until=timezone.now() + timedelta(days=1),
        )

    assert error.value.message.startswith(f"«{product}» está agotado en {store}")
    live.refresh_from_db()
    assert live.expires_at == live_until
    assert StockMovement.objects.count() == before


def test_a_delivery_cannot_be_moved_to_a_time_already_past(store, product):
    stock_up(store, product, 1)
    order = OrderFactory()
    [hold] = stock.reserve_for_order([(product, 1)], store, order_id=order.pk)

    with pytest.raises(ValueError, match="^until must be in the future$"):
        stock.extend_order_holds(
            order.pk,
            store=store,
            lines=[(product, 1)],
            until=timezone.now() - timedelta(seconds=1),
        )

    before = hold.expires_at
    hold.refresh_from_db()
    assert hold.expires_at == before


def test_a_hold_without_an_owner_is_refused_with_the_key_it_needs(store, product):
    stock_up(store, product, 1)

    with pytest.raises(ValueError) as error:
        stock.reserve([(product, 1)], store, "")

    # For the developer calling it: no customer reaches this (carts and orders name themselves).
    assert str(error.value) == "owner must be a short key such as 'cart:12'"
    assert not Reservation.objects.exists()


def test_an_empty_hold_is_an_invalid_quantity_of_zero(store):
    from inventory.exceptions import InvalidQuantity

    with pytest.raises(InvalidQuantity) as error:
        stock.reserve([], store, "cart:3")

    assert error.value.quantity == 0


def test_a_hold_with_copies_to_spare_leaves_a_lapsed_hold_to_the_expiry_task(store, product):
    stock_up(store, product, 4)
    [lapsed] = stock.reserve([(product, 1)], store, "cart:5")
    lapse(lapsed)
    before = StockMovement.objects.latest("pk").pk

    [hold] = stock.reserve([(product, 2)], store, "cart:6")

    assert list(StockMovement.objects.filter(pk__gt=before).values_list("kind", flat=True)) == [
        "reservation"
    ]
    lapsed.refresh_from_db()
    assert lapsed.state == "active"


def test_a_book_withdrawn_after_the_cart_was_read_cannot_be_held_and_is_named(store, product):
    from catalog.models import Product
    from inventory.exceptions import InactiveProduct

    stock_up(store, product, 2)
    Product.objects.filter(pk=product.pk).update(is_active=False)  # the cart still has it active

    with pytest.raises(InactiveProduct) as error:
        stock.reserve([(product, 1)], store, "cart:3")

    assert error.value.message == f"«{product}» ya no está a la venta; elige otro producto."
    assert error.value.product == product
    assert not Reservation.objects.exists()
