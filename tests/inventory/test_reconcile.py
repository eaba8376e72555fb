"""The stock reconciler: ledger vs balances, balances vs active holds (inventory.reconcile)."""

import pytest

from inventory import stock
from inventory.models import Reservation, StockItem, StockMovement
from inventory.reconcile import reconcile_stock
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


def test_everything_agrees_after_the_services_wrote(store, other_store, product):
    stock_up(store, product, 5)
    stock_up(other_store, product, 2)
    stock.reserve([(product, 2)], store, "cart:1")

    assert reconcile_stock(fix=False) == []


def test_a_balance_changed_behind_the_ledgers_back_is_reported_and_fixed(store, product):
    stock_up(store, product, 3)
    StockItem.objects.update(on_hand=9)  # someone wrote around the services

    [line] = reconcile_stock(fix=False)
    assert product.title in line and "en tienda 9 / kardex 3" in line
    assert StockItem.objects.get().on_hand == 9  # a report changes nothing

    [fixed] = reconcile_stock(fix=True)
    assert "Corregido" in fixed
    assert StockItem.objects.get().on_hand == 3
    assert reconcile_stock(fix=False) == []
    # The ledger is never edited to match: the balance follows it.
    assert StockMovement.objects.count() == 1


def test_a_reserved_count_changed_behind_the_holds_back_is_reported_both_ways(store, product):
    stock_up(store, product, 4)
    stock.reserve([(product, 1)], store, "cart:7")
    StockItem.objects.update(reserved=3)

    lines = reconcile_stock(fix=False)
    assert len(lines) == 2
    assert "separado 3 / kardex 1" in lines[0]
    assert "las reservas activas suman 1" in lines[1]

    lines = reconcile_stock(fix=True)
    assert len(lines) == 1 and "Corregido" in lines[0]  # the holds agree with the fixed row
    assert StockItem.objects.get().reserved == 1
    assert reconcile_stock(fix=False) == []


def test_a_hold_closed_behind_the_services_back_is_reported_not_fixed(store, product):
    stock_up(store, product, 4)
    [hold] = stock.reserve([(product, 2)], store, "cart:8")
    Reservation.objects.filter(pk=hold.pk).update(state=Reservation.State.RELEASED)

    [line] = reconcile_stock(fix=True)

    assert "las reservas activas suman 0" in line and "no se corrige solo" in line
    assert StockItem.objects.get().reserved == 2


def test_an_impossible_ledger_is_not_copied_into_the_balance(store, product):
    stock_up(store, product, 1)
    StockMovement.objects.create(
        store=store, product=product, kind=StockMovement.Kind.ADJUSTMENT, on_hand_delta=-5
    )

    [line] = reconcile_stock(fix=True)

    assert "No corregido" in line and "cifras imposibles" in line
    assert StockItem.objects.get().on_hand == 1


def test_ledger_rows_without_a_stock_row_are_reported(store, product):
    StockMovement.objects.create(
        store=store, product=product, kind=StockMovement.Kind.RECEIPT, on_hand_delta=2
    )

    [line] = reconcile_stock(fix=True)

    assert "no fila de stock" in line
    assert not StockItem.objects.exists()
