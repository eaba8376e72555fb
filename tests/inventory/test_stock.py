from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from inventory import stock
from inventory.exceptions import (
    BelowReserved,
    InactiveProduct,
    InvalidQuantity,
    InvalidTransferState,
    OutOfStock,
    ReasonRequired,
    ReservationNotActive,
    SameStoreTransfer,
)
from inventory.models import Reservation, StockItem, StockMovement, Transfer
from inventory.selectors import availability
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


def ledger_matches() -> bool:
    from io import StringIO

    try:
        call_command("check_stock_ledger", stdout=StringIO())
    except SystemExit as exit_:
        return exit_.code in (0, None)
    return True


def test_receive_creates_the_item_and_a_receipt_movement(store, product, user):
    item = stock.receive(store, product, 5, user)

    assert (item.on_hand, item.reserved, item.available) == (5, 0, 5)
    movement = StockMovement.objects.get()
    assert (movement.kind, movement.on_hand_delta, movement.actor) == ("receipt", 5, user)
    assert ledger_matches()


@pytest.mark.parametrize("qty", [0, -3, "2", 1.5, True])
def test_receive_rejects_a_quantity_that_is_not_a_positive_integer(store, product, qty):
    with pytest.raises(InvalidQuantity) as error:
        stock.receive(store, product, qty)

    assert "mayor que cero" in error.value.message
    assert not StockItem.objects.exists() and not StockMovement.objects.exists()


def test_reserve_holds_stock_and_release_gives_it_back(store, product):
    stock_up(store, product, 3)

    [reservation] = stock.reserve([(product, 2)], store, "cart:7")

    assert reservation.cart_id == 7 and reservation.state == "active"
    assert StockItem.objects.get().reserved == 2
    assert availability(product)[0].available == 1

    stock.release(reservation)
    stock.release(reservation)  # twice is harmless

    assert StockItem.objects.get().reserved == 0
    assert Reservation.objects.get().state == "released"
    assert ledger_matches()


def test_reserve_is_all_or_nothing_across_lines(store, product):
    other = ProductFactory()
    stock_up(store, product, 5)
    stock_up(store, other, 1)

    with pytest.raises(OutOfStock) as error:
        stock.reserve([(product, 2), (other, 2)], store, "order:1")

    assert "Solo queda 1 de" in error.value.message
    assert not Reservation.objects.exists()
    assert set(StockItem.objects.values_list("reserved", flat=True)) == {0}


def test_reserve_adds_up_two_lines_of_the_same_product(store, product):
    stock_up(store, product, 3)

    with pytest.raises(OutOfStock):
        stock.reserve([(product, 2), (product, 2)], store, "cart:1")
    [reservation] = stock.reserve([(product, 1), (product, 2)], store, "cart:1")

    assert reservation.quantity == 3


def test_reserve_refuses_an_inactive_product(store, product):
    stock_up(store, product, 3)
    product.is_active = False
    product.save(update_fields=["is_active"])

    with pytest.raises(InactiveProduct) as error:
        stock.reserve([(product, 1)], store, "cart:1")

    assert "ya no está a la venta" in error.value.message
    assert not Reservation.objects.exists()


def test_reserve_in_a_store_without_the_product_says_agotado(store, product):
    with pytest.raises(OutOfStock) as error:
        stock.reserve([(product, 1)], store, "cart:1")

    assert "agotado" in error.value.message


def test_consume_takes_the_units_out_as_a_sale(store, product):
    stock_up(store, product, 4)
    [reservation] = stock.reserve([(product, 3)], store, "order:9")

    stock.consume(reservation)

    item = StockItem.objects.get()
    assert (item.on_hand, item.reserved) == (1, 0)
    assert StockMovement.objects.filter(kind="sale", on_hand_delta=-3, reserved_delta=-3).exists()
    with pytest.raises(ReservationNotActive):
        stock.consume(reservation)
    assert ledger_matches()


def test_expired_holds_are_ignored_before_the_task_and_released_by_it(store, product):
    stock_up(store, product, 2)
    [reservation] = stock.reserve([(product, 2)], store, "cart:1", ttl=timedelta(minutes=15))
    assert availability(product)[0].available == 0

    Reservation.objects.filter(pk=reservation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    # The row still holds 2, but nobody sees them held any more.
    assert StockItem.objects.get().reserved == 2
    assert availability(product)[0].available == 2
    from catalog.models import Product
    from inventory.selectors import filter_in_stock

    assert list(filter_in_stock(Product.objects.all(), store=store)) == [product]

    released = stock.release_expired_reservations()

    assert released == 1
    assert StockItem.objects.get().reserved == 0
    assert Reservation.objects.get().state == "expired"
    assert ledger_matches()


def test_a_new_reservation_takes_over_an_expired_hold_at_once(store, product):
    stock_up(store, product, 1)
    [old] = stock.reserve([(product, 1)], store, "cart:1")
    Reservation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    [new] = stock.reserve([(product, 1)], store, "cart:2")

    old.refresh_from_db()
    assert old.state == "expired" and new.state == "active"
    assert StockItem.objects.get().reserved == 1
    with pytest.raises(ReservationNotActive):
        stock.consume(old)
    assert ledger_matches()


def test_adjust_needs_a_reason_and_never_goes_below_zero_or_reserved(store, product, user):
    stock_up(store, product, 3)
    stock.reserve([(product, 2)], store, "order:1")

    with pytest.raises(ReasonRequired):
        stock.adjust(store, product, -1, "   ", user)
    with pytest.raises(OutOfStock):
        stock.adjust(store, product, -4, "robo", user)
    with pytest.raises(BelowReserved):
        stock.adjust(store, product, -2, "dañado", user)
    with pytest.raises(InvalidQuantity):
        stock.adjust(store, product, 0, "nada", user)

    item = stock.adjust(store, product, -1, "Libro dañado por agua", user)

    assert item.on_hand == 2
    movement = StockMovement.objects.get(kind="adjustment")
    assert (movement.on_hand_delta, movement.reason) == (-1, "Libro dañado por agua")
    assert ledger_matches()


def test_record_sale_sells_only_free_stock(store, product):
    stock_up(store, product, 3)
    stock.reserve([(product, 2)], store, "order:1")

    with pytest.raises(OutOfStock):
        stock.record_sale(store, [(product, 2)])
    stock.record_sale(store, [(product, 1)])

    item = StockItem.objects.get()
    assert (item.on_hand, item.reserved) == (2, 2)
    assert ledger_matches()


def test_restock_return_puts_copies_back(store, product):
    stock_up(store, product, 1)
    stock.record_sale(store, [(product, 1)])

    item = stock.restock_return(store, product, 1, reason="Devolución pedido 12")

    assert item.on_hand == 1
    assert StockMovement.objects.filter(kind="return").count() == 1


def test_count_sets_what_was_counted_and_records_zero_differences(store, product, user):
    other = ProductFactory()
    stock_up(store, product, 5)
    stock_up(store, other, 2)

    movements = stock.count(store, [(product, 3), (other, 2)], user)

    assert sorted(m.on_hand_delta for m in movements) == [-2, 0]
    assert dict(StockItem.objects.values_list("product_id", "on_hand")) == {
        product.pk: 3,
        other.pk: 2,
    }
    assert ledger_matches()


def test_count_below_reserved_is_refused(store, product):
    stock_up(store, product, 5)
    stock.reserve([(product, 4)], store, "order:1")

    with pytest.raises(BelowReserved):
        stock.count(store, [(product, 3)])

    assert StockItem.objects.get().on_hand == 5


def test_transfer_moves_stock_with_two_movements(store, other_store, product, user):
    stock_up(store, product, 4)

    transfer = stock.request_transfer(store, other_store, product, 3, user)
    assert StockItem.objects.get(store=store).on_hand == 4  # nothing moves on request
    stock.send_transfer(transfer, user)
    assert StockItem.objects.get(store=store).on_hand == 1
    with pytest.raises(InvalidTransferState):
        stock.send_transfer(transfer, user)
    stock.receive_transfer(transfer, user)

    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.RECEIVED
    assert StockItem.objects.get(store=other_store).on_hand == 3
    kinds = sorted(
        StockMovement.objects.filter(reference_type="transfer").values_list("kind", flat=True)
    )
    assert kinds == ["transfer_in", "transfer_out"]
    assert ledger_matches()


def test_transfer_to_the_same_store_is_refused(store, product):
    stock_up(store, product, 4)

    with pytest.raises(SameStoreTransfer) as error:
        stock.transfer(store, store, product, 1)

    assert "misma" in error.value.message
    assert not Transfer.objects.exists()


def test_sending_more_than_available_is_refused(store, other_store, product):
    stock_up(store, product, 2)
    transfer = stock.request_transfer(store, other_store, product, 2)
    stock.record_sale(store, [(product, 1)])  # sold at the counter before it left

    with pytest.raises(OutOfStock):
        stock.send_transfer(transfer)

    transfer.refresh_from_db()
    assert transfer.state == "requested"
    assert StockItem.objects.get().on_hand == 1


def test_check_stock_ledger_reports_a_difference(store, product):
    from io import StringIO

    stock_up(store, product, 2)
    StockItem.objects.update(on_hand=7)  # someone wrote around the services
    out = StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("check_stock_ledger", stdout=out, stderr=out)

    assert exit_.value.code == 1
    assert "7" in out.getvalue() and product.title in out.getvalue()


def test_a_hold_past_its_time_cannot_be_consumed_and_releasing_it_frees_it(store, product):
    stock_up(store, product, 2)
    [reservation] = stock.reserve([(product, 2)], store, "order:5")
    Reservation.objects.filter(pk=reservation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    with pytest.raises(ReservationNotActive) as error:
        stock.consume(reservation)
    assert "Vencida" in error.value.message
    assert StockItem.objects.get().reserved == 2  # nothing written by the failed call

    released = stock.release(reservation)

    assert released.state == "expired"
    assert StockItem.objects.get().reserved == 0
    assert ledger_matches()


def test_a_sale_uses_copies_held_by_an_expired_cart(store, product):
    stock_up(store, product, 1)
    [reservation] = stock.reserve([(product, 1)], store, "cart:3")
    Reservation.objects.filter(pk=reservation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    stock.record_sale(store, [(product, 1)])

    item = StockItem.objects.get()
    assert (item.on_hand, item.reserved) == (0, 0)
    assert ledger_matches()
