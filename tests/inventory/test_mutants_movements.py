"""inventory.stock.movements, the mutants the first complete run left alive.

What the clerk doing a stock count is told, and the ledger lines the count page lists back.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory import stock
from inventory.exceptions import BelowReserved, InvalidQuantity
from inventory.models import Reservation, StockMovement
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


def test_a_count_below_the_held_copies_names_the_book(store, product):
    other = ProductFactory(title="Los ríos profundos")
    stock_up(store, product, 3)
    stock_up(store, other, 3)
    stock.reserve([(other, 2)], store, "order:7")

    with pytest.raises(BelowReserved) as error:
        stock.count(store, [(product, 3), (other, 1)])

    assert error.value.message.startswith(
        "Hay 2 unidades de «Los ríos profundos» separadas para pedidos"
    )


def test_an_empty_count_is_an_invalid_quantity_of_zero(store):
    with pytest.raises(InvalidQuantity) as error:
        stock.count(store, [])

    assert error.value.quantity == 0


def test_a_count_gives_back_only_its_own_lines_not_the_expired_holds_it_freed(store, product):
    stock_up(store, product, 4)
    [hold] = stock.reserve([(product, 2)], store, "cart:5")
    Reservation.objects.filter(pk=hold.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    moves = stock.count(store, [(product, 3)])

    assert [(m.kind, m.on_hand_delta) for m in moves] == [("count", -1)]
    hold.refresh_from_db()
    assert hold.state == "expired"  # freed on the way, in the ledger, not in the count's lines


def test_an_empty_counter_sale_is_an_invalid_quantity_of_zero(store):
    with pytest.raises(InvalidQuantity) as error:
        stock.record_sale(store, [])

    assert error.value.quantity == 0


def test_a_counter_sale_with_copies_to_spare_leaves_a_lapsed_hold_to_the_expiry_task(
    store, product, user
):
    stock_up(store, product, 4)
    [hold] = stock.reserve([(product, 1)], store, "cart:5")
    Reservation.objects.filter(pk=hold.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    before = StockMovement.objects.latest("pk").pk

    stock.record_sale(store, [(product, 2)], user)

    # One line, the sale; the clerk is not written down as releasing the customer's hold.
    assert list(StockMovement.objects.filter(pk__gt=before).values_list("kind", "actor")) == [
        ("sale", user.pk)
    ]
    hold.refresh_from_db()
    assert hold.state == "active"
