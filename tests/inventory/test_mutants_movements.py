"""inventory.stock.movements, the mutants the first complete run left alive.

What the clerk doing a stock count is told, and the ledger lines the count page lists back.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inventory import stock
from inventory.exceptions import BelowReserved, InvalidQuantity
from inventory.models import Reservation, StockItem, StockMovement
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


# receive_many (a large delivery; its rows are written by _receive_chunk)


def test_a_large_delivery_dates_the_rows_it_raises_with_its_ledger_lines(store, product):
    fresh = ProductFactory()
    stock_up(store, product, 1)

    stock.receive_many(store, {product.pk: 4, fresh.pk: 2}, reason="Guía 002-9")

    when = StockMovement.objects.filter(reason="Guía 002-9").values_list("created_at", flat=True)
    assert len(set(when)) == 1
    raised = StockItem.objects.get(store=store, product=product)
    assert (raised.on_hand, raised.updated_at) == (5, when[0])
    # A new row is stamped by its auto_now field as it is inserted, a moment later.
    new = StockItem.objects.get(store=store, product=fresh)
    assert new.on_hand == 2 and new.updated_at >= when[0]


def test_a_large_delivery_writes_its_new_rows_in_one_insert_without_a_retry(store, product):
    fresh, other = ProductFactory(), ProductFactory()
    stock_up(store, product, 1)

    with CaptureQueriesContext(connection) as queries:
        stock.receive_many(store, {product.pk: 2, fresh.pk: 3, other.pk: 1})

    sql = [query["sql"] for query in queries.captured_queries]
    assert sum('INSERT INTO "inventory_stockitem"' in q for q in sql) == 1
    assert not any("ROLLBACK TO SAVEPOINT" in q for q in sql)
    assert {(i.product_id, i.on_hand) for i in StockItem.objects.filter(store=store)} == {
        (product.pk, 3),
        (fresh.pk, 3),
        (other.pk, 1),
    }


def test_a_large_delivery_that_leaves_a_book_low_keeps_its_alert_and_no_other(
    store, other_store, product
):
    other = ProductFactory()
    stock_up(store, product, 4, reorder_point=3)
    stock.record_sale(store, [(product, 3)])  # one left: the alert went out
    alerted = StockItem.objects.get(store=store, product=product).low_stock_alerted_at
    assert alerted is not None
    # Elsewhere, a row alerted before its manager lowered the reorder point: the next stock
    # change of that row decides, not a delivery to another store.
    stock_up(other_store, other, 5, reorder_point=1)
    StockItem.objects.filter(store=other_store).update(low_stock_alerted_at=alerted)

    stock.receive_many(store, {product.pk: 1, other.pk: 1})

    assert StockItem.objects.get(store=store, product=product).on_hand == 2
    assert StockItem.objects.get(store=store, product=product).low_stock_alerted_at == alerted
    assert StockItem.objects.get(store=other_store).low_stock_alerted_at == alerted
