"""inventory.stock, rule by rule (the mutants these tests kill).

What a clerk reads in the ledger (kind, deltas, who, why, what caused it), what the customer is
told (the domain error and its Spanish message), and what another app gets back from a call.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from inventory import stock
from inventory.exceptions import (
    BelowReserved,
    InactiveProduct,
    InactiveStore,
    InvalidQuantity,
    InvalidTransferState,
    OutOfStock,
    ReservationNotActive,
)
from inventory.models import Reservation, StockItem, StockMovement, Transfer
from outbox.models import Event
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.factories.orders import OrderFactory

pytestmark = pytest.mark.django_db


def item(store, product) -> StockItem:
    return StockItem.objects.get(store=store, product=product)


def last(kind: str) -> StockMovement:
    return StockMovement.objects.filter(kind=kind).latest("pk")


def expire(*reservations, ago=timedelta(seconds=1)):
    Reservation.objects.filter(pk__in=[r.pk for r in reservations]).update(
        expires_at=timezone.now() - ago
    )


# reserve


def test_a_hold_lasts_the_cart_setting_by_default_or_the_given_time(store, product, settings):
    settings.INVENTORY_CART_HOLD_MINUTES = 20
    stock_up(store, product, 5)

    [cart] = stock.reserve([(product, 1)], store, "cart:3")
    [pickup] = stock.reserve([(product, 1)], store, "cart:4", ttl=timedelta(days=3))

    assert cart.expires_at - cart.created_at == timedelta(minutes=20)
    assert pickup.expires_at - pickup.created_at == timedelta(days=3)
    cart.refresh_from_db()
    assert cart.expires_at > timezone.now() + timedelta(minutes=19)


def test_a_reservation_is_written_to_the_ledger_with_its_owner_and_actor(store, product, user):
    stock_up(store, product, 5)

    [held] = stock.reserve([(product, 2)], store, "cart:12", actor=user)

    held.refresh_from_db()
    assert (held.store, held.product, held.quantity, held.owner, held.cart_id) == (
        store,
        product,
        2,
        "cart:12",
        12,
    )
    assert held.order_id is None and held.state == "active"
    movement = last("reservation")
    assert (movement.on_hand_delta, movement.reserved_delta, movement.actor) == (0, 2, user)
    assert (movement.reference_type, movement.reference_id) == ("reservation", str(held.pk))
    assert movement.reason == "cart:12"
    assert (item(store, product).on_hand, item(store, product).reserved) == (5, 2)


@pytest.mark.parametrize("owner", ["order:5", "cart:abc", "chat:9", "carrito:7"])
def test_only_a_cart_owner_names_a_cart(store, product, owner):
    stock_up(store, product, 5)

    [held] = stock.reserve([(product, 1)], store, owner)

    held.refresh_from_db()
    assert held.cart_id is None and held.owner == owner


@pytest.mark.parametrize("owner", ["", "x" * 65])
def test_a_reservation_needs_a_short_owner(store, product, owner):
    stock_up(store, product, 5)

    with pytest.raises(ValueError):
        stock.reserve([(product, 1)], store, owner)
    assert not Reservation.objects.exists()


def test_an_owner_of_64_characters_is_fine(store, product):
    stock_up(store, product, 5)

    [held] = stock.reserve([(product, 1)], store, "x" * 64)

    assert held.owner == "x" * 64


def test_nothing_to_reserve_or_to_sell_is_an_invalid_quantity(store):
    with pytest.raises(InvalidQuantity):
        stock.reserve([], store, "cart:1")
    with pytest.raises(InvalidQuantity):
        stock.record_sale(store, [])


def test_an_inactive_store_cannot_hold_nor_sell(store, product):
    stock_up(store, product, 5)
    store.is_active = False
    store.save(update_fields=["is_active"])

    with pytest.raises(InactiveStore) as error:
        stock.reserve([(product, 1)], store, "cart:1")
    assert "no está activa" in error.value.message
    with pytest.raises(InactiveStore):
        stock.record_sale(store, [(product, 1)])
    assert (item(store, product).on_hand, item(store, product).reserved) == (5, 0)


def test_out_of_stock_says_how_many_are_left_before_any_constraint(store, product):
    stock_up(store, product, 2)

    with pytest.raises(OutOfStock) as error:
        stock.reserve([(product, 3)], store, "cart:1")

    assert (error.value.available, error.value.wanted) == (2, 3)
    assert error.value.message == (
        f"Solo quedan 2 de «{product}» en {store} y pediste 3; reduce la cantidad o elige "
        "otra tienda."
    )
    assert StockItem.objects.get().reserved == 0 and not Reservation.objects.exists()


def test_exactly_what_is_available_can_be_held(store, product):
    stock_up(store, product, 2)

    stock.reserve([(product, 2)], store, "cart:1")

    assert item(store, product).available == 0


# release, consume, expiry


def test_release_records_who_and_why_and_returns_the_closed_hold(store, product, user):
    stock_up(store, product, 3)
    [held] = stock.reserve([(product, 2)], store, "cart:1")

    released = stock.release(held, actor=user, reason="Carrito abandonado")

    assert released.state == "released" and released.closed_at is not None
    held.refresh_from_db()
    assert held.state == "released" and held.closed_at == released.closed_at
    movement = last("release")
    assert (movement.reserved_delta, movement.on_hand_delta) == (-2, 0)
    assert (movement.actor, movement.reason) == (user, "Carrito abandonado")
    assert (movement.reference_type, movement.reference_id) == ("reservation", str(held.pk))


def test_a_release_without_a_reason_says_liberada(store, product):
    stock_up(store, product, 3)
    [held] = stock.reserve([(product, 1)], store, "cart:1")

    stock.release(held)

    assert last("release").reason == "Liberada"


def test_consume_is_a_sale_by_the_actor_named_after_the_owner_or_the_reason(store, product, user):
    stock_up(store, product, 5)
    [first, second] = [
        stock.reserve([(product, 1)], store, owner)[0] for owner in ("order:8", "order:9")
    ]

    consumed = stock.consume(first, actor=user)
    stock.consume(second, reason="Pedido P-9 entregado")

    assert consumed.state == "consumed" and consumed.closed_at is not None
    sales = list(StockMovement.objects.filter(kind="sale").order_by("pk"))
    assert [(m.reason, m.actor) for m in sales] == [
        ("order:8", user),
        ("Pedido P-9 entregado", None),
    ]
    assert [(m.on_hand_delta, m.reserved_delta) for m in sales] == [(-1, -1), (-1, -1)]
    assert (item(store, product).on_hand, item(store, product).reserved) == (3, 0)


def test_a_consumed_hold_cannot_be_released_nor_a_released_one_consumed(store, product):
    stock_up(store, product, 5)
    [sold] = stock.reserve([(product, 1)], store, "order:1")
    [dropped] = stock.reserve([(product, 1)], store, "order:2")
    stock.consume(sold)
    stock.release(dropped)

    with pytest.raises(ReservationNotActive) as error:
        stock.release(sold)
    assert "«Usada»" in error.value.message
    with pytest.raises(ReservationNotActive):
        stock.consume(dropped)

    assert (item(store, product).on_hand, item(store, product).reserved) == (4, 0)


def test_an_expired_hold_is_recorded_as_vencida(store, product):
    stock_up(store, product, 2)
    [held] = stock.reserve([(product, 2)], store, "cart:1")
    expire(held)

    stock.record_sale(store, [(product, 1)])  # takes the copies the cart left behind

    movement = last("release")
    assert (movement.reason, movement.reserved_delta) == ("Reserva vencida", -2)
    held.refresh_from_db()
    assert held.state == "expired" and held.closed_at is not None


def test_a_hold_still_in_time_is_not_expired_by_another_call(store, product):
    stock_up(store, product, 3)
    [held] = stock.reserve([(product, 2)], store, "cart:1")

    with pytest.raises(OutOfStock):
        stock.record_sale(store, [(product, 2)])
    stock.record_sale(store, [(product, 1)])

    held.refresh_from_db()
    assert held.state == "active" and item(store, product).reserved == 2


def test_the_expiry_task_counts_every_hold_it_releases_across_stores(store, other_store, product):
    other = ProductFactory()
    for where in (store, other_store):
        stock_up(where, product, 2)
        stock_up(where, other, 2)
    holds = [
        stock.reserve([(p, 1)], where, "cart:1")[0]
        for where in (store, other_store)
        for p in (product, other)
    ]
    expire(*holds)

    assert stock.release_expired_reservations() == 4
    assert set(StockItem.objects.values_list("reserved", flat=True)) == {0}
    assert stock.release_expired_reservations() == 0


def test_the_expiry_task_looks_for_holds_due_at_the_time_it_is_given(store, product):
    stock_up(store, product, 2)
    [held] = stock.reserve([(product, 1)], store, "cart:1")
    expire(held)

    assert stock.release_expired_reservations(now=timezone.now() - timedelta(hours=1)) == 0
    held.refresh_from_db()
    assert held.state == "active"
    assert stock.release_expired_reservations(now=timezone.now()) == 1


def test_the_expiry_tasks_limit_is_spent_only_on_holds_that_are_due(store, product):
    """Closed holds past their time and live holds not yet due must not take the batch's
    places: with a limit of one, the one due hold is still released."""
    early, late = ProductFactory(), ProductFactory()
    if early.pk > late.pk:
        early, late = late, early
    stock_up(store, early, 3)
    stock_up(store, late, 3)
    [closed] = stock.reserve([(early, 1)], store, "cart:1")
    stock.release(closed)
    expire(closed)  # released and past its time: nothing to do
    stock.reserve([(early, 1)], store, "cart:2")  # active, not yet due
    [due] = stock.reserve([(late, 1)], store, "cart:3")
    expire(due)

    assert stock.release_expired_reservations(limit=1) == 1
    due.refresh_from_db()
    assert due.state == "expired"


# Order holds


def test_order_holds_are_linked_to_the_order_and_found_by_it(store, product):
    other = ProductFactory()
    stock_up(store, product, 5)
    stock_up(store, other, 5)
    order, another = OrderFactory(), OrderFactory()

    holds = stock.reserve_for_order([(product, 2), (other, 1)], store, order_id=order.pk)
    stock.reserve_for_order([(product, 1)], store, order_id=another.pk)

    assert {h.owner for h in holds} == {f"order:{order.pk}"}
    found = stock.order_holds(order.pk)
    assert [(h.product_id, h.quantity, h.order_id) for h in found] == [
        (product.pk, 2, order.pk),
        (other.pk, 1, order.pk),
    ]
    assert found[0].expires_at - found[0].created_at == timedelta(minutes=15)
    stock.consume(found[0])
    stock.release(found[1])
    assert [h.state for h in stock.order_holds(order.pk)] == ["consumed"]
    assert [h.state for h in stock.order_holds(order.pk, states=["released"])] == ["released"]


def test_an_order_hold_lasts_the_time_it_is_given(store, product):
    stock_up(store, product, 5)
    order = OrderFactory()

    [held] = stock.reserve_for_order(
        [(product, 1)], store, order_id=order.pk, ttl=timedelta(days=2), actor=None
    )

    assert held.expires_at - held.created_at == timedelta(days=2)


def test_annulling_an_order_releases_its_holds_and_restocks_what_was_sold(store, product, user):
    other = ProductFactory()
    stock_up(store, product, 5)
    stock_up(store, other, 5)
    order = OrderFactory()
    sold, held = stock.reserve_for_order([(product, 2), (other, 1)], store, order_id=order.pk)
    stock.consume(sold)

    assert stock.release_order_holds(order.pk, actor=user, reason="Pedido anulado") == 1
    assert (item(store, product).on_hand, item(store, other).reserved) == (3, 0)
    assert (last("release").actor, last("release").reason) == (user, "Pedido anulado")

    done = stock.release_order_holds(order.pk, actor=user, sold_reason="Anulado tras el pago")

    assert done == 1
    assert item(store, product).on_hand == 5
    back = last("return")
    assert (back.on_hand_delta, back.actor, back.reason) == (2, user, "Anulado tras el pago")

    # Asked again (a retried annulment), nothing goes back a second time.
    assert stock.release_order_holds(order.pk, actor=user, sold_reason="Anulado tras el pago") == 0
    assert item(store, product).on_hand == 5
    assert StockMovement.objects.filter(kind="return").count() == 1


def test_selling_an_orders_copies_skips_what_was_sold_and_retakes_a_lapsed_hold(
    store, product, user
):
    other, third = ProductFactory(), ProductFactory()
    for p in (product, other, third):
        stock_up(store, p, 5)
    order = OrderFactory()
    sold, lapsed = stock.reserve_for_order([(product, 1), (other, 2)], store, order_id=order.pk)
    stock.consume(sold)
    expire(lapsed)
    lines = [(product, 1), (other, 2), (third, 1)]

    now_sold = stock.consume_order_holds(
        order.pk, store=store, lines=lines, actor=user, reason="P-1"
    )

    assert sorted(h.product_id for h in now_sold) == sorted([other.pk, third.pk])
    assert [item(store, p).on_hand for p in (product, other, third)] == [4, 3, 4]
    # The lapsed hold still counts until the expiry task closes it; nothing else is held.
    assert [item(store, p).reserved for p in (product, other, third)] == [0, 2, 0]
    assert stock.release_expired_reservations() == 1
    assert set(StockItem.objects.values_list("reserved", flat=True)) == {0}
    assert {(m.reason, m.actor) for m in StockMovement.objects.filter(kind="sale")} >= {
        ("P-1", user)
    }
    assert stock.consume_order_holds(order.pk, store=store, lines=lines) == []


def test_selling_an_orders_copies_that_are_gone_writes_nothing(store, product):
    stock_up(store, product, 1)
    order = OrderFactory()
    [held] = stock.reserve_for_order([(product, 1)], store, order_id=order.pk)
    expire(held)
    stock.record_sale(store, [(product, 1)])  # someone bought the last copy at the counter
    before = StockMovement.objects.count()

    with pytest.raises(OutOfStock):
        stock.consume_order_holds(order.pk, store=store, lines=[(product, 1)])

    assert StockMovement.objects.count() == before


# Stock in and out


def test_a_receipt_records_its_reason_and_reference(store, product, user):
    stock.receive(store, product, 4, user, reason="Guía 001-123", reference=("po", 77))

    movement = last("receipt")
    assert (movement.reason, movement.reference_type, movement.reference_id) == (
        "Guía 001-123",
        "po",
        "77",
    )
    assert (movement.store, movement.product, movement.reserved_delta) == (store, product, 0)


def test_a_long_reason_is_cut_to_the_ledgers_width(store, product):
    stock.receive(store, product, 1, reason="x" * 300)

    assert last("receipt").reason == "x" * 255


def test_a_return_puts_copies_back_with_its_actor_and_reason(store, product, user):
    stock.restock_return(store, product, 2, user, reason="Devolución P-7", reference=("order", 7))

    movement = last("return")
    assert (movement.on_hand_delta, movement.actor, movement.reason) == (2, user, "Devolución P-7")
    assert (movement.reference_type, movement.reference_id) == ("order", "7")
    assert item(store, product).on_hand == 2


def test_an_adjustment_up_creates_the_row_and_down_needs_the_copies(store, product, user):
    with pytest.raises(OutOfStock) as error:
        stock.adjust(store, product, -1, "perdido", user)
    assert "agotado" in error.value.message
    assert not StockItem.objects.exists()

    adjusted = stock.adjust(store, product, 3, "  Encontrados   en   almacén ", user)

    assert adjusted.on_hand == 3
    movement = last("adjustment")
    assert (movement.on_hand_delta, movement.reason, movement.actor) == (
        3,
        "Encontrados en almacén",
        user,
    )


@pytest.mark.parametrize("delta", [True, 1.0, "2"])
def test_an_adjustment_must_be_a_whole_number(store, product, delta):
    stock_up(store, product, 3)

    with pytest.raises(InvalidQuantity):
        stock.adjust(store, product, delta, "motivo")
    assert item(store, product).on_hand == 3


def test_an_adjustment_down_to_exactly_what_is_held_is_fine(store, product):
    stock_up(store, product, 3)
    stock.reserve([(product, 2)], store, "order:1")

    assert stock.adjust(store, product, -1, "dañado").on_hand == 2
    with pytest.raises(BelowReserved) as error:
        stock.adjust(store, product, -1, "dañado")
    assert "Hay 2 unidades" in error.value.message


def test_a_counter_sale_is_one_line_per_product_named_venta_en_mostrador(store, product, user):
    other = ProductFactory()
    stock_up(store, product, 5)
    stock_up(store, other, 1)

    items = stock.record_sale(
        store, [(product, 1), (other, 1), (product, 2)], user, reference=("sale", 31)
    )

    assert [(i.product_id, i.on_hand) for i in items] == [(product.pk, 2), (other.pk, 0)]
    sales = StockMovement.objects.filter(kind="sale").order_by("pk")
    assert [(m.product_id, m.on_hand_delta) for m in sales] == [(product.pk, -3), (other.pk, -1)]
    assert {(m.reason, m.actor, m.reference_type, m.reference_id) for m in sales} == {
        ("Venta en mostrador", user, "sale", "31")
    }


def test_a_counter_sale_is_all_or_nothing_and_refuses_what_is_not_for_sale(store, product):
    gone = ProductFactory()
    stock_up(store, product, 5)
    stock_up(store, gone, 5)
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    with pytest.raises(InactiveProduct):
        stock.record_sale(store, [(product, 1), (gone, 1)])
    with pytest.raises(OutOfStock):
        stock.record_sale(store, [(product, 1), (ProductFactory(), 1)])

    assert item(store, product).on_hand == 5
    assert not StockMovement.objects.filter(kind="sale").exists()


def test_a_count_writes_what_was_found_with_a_readable_reason(store, product, user):
    stock_up(store, product, 5)
    new = ProductFactory()

    moves = stock.count(store, [(product, 3), (new, 2)], user, note="Inventario anual")

    by_product = {m.product_id: m for m in moves}
    assert by_product[product.pk].reason == (
        "Conteo: 3 contados, el sistema tenía 5 · Inventario anual"
    )
    assert by_product[new.pk].reason == "Conteo: 2 contados, el sistema tenía 0 · Inventario anual"
    assert by_product[new.pk].on_hand_delta == 2 and item(store, new).on_hand == 2
    assert {(m.kind, m.actor, m.reference_type) for m in moves} == {("count", user, "count")}
    assert all(len(m.reference_id) == 14 and m.reference_id.isdigit() for m in moves)
    assert StockMovement.objects.filter(kind="count").count() == 2


def test_a_count_without_a_note_has_just_the_figures(store, product):
    stock_up(store, product, 1)

    [move] = stock.count(store, [(product, 1)])

    assert move.reason == "Conteo: 1 contados, el sistema tenía 1"
    assert move.on_hand_delta == 0


@pytest.mark.parametrize("value", [-1, True, "3", 2.0])
def test_a_count_must_be_a_whole_number_not_below_zero(store, product, value):
    stock_up(store, product, 3)

    with pytest.raises(InvalidQuantity):
        stock.count(store, [(product, value)])
    with pytest.raises(InvalidQuantity):
        stock.count(store, [])
    assert item(store, product).on_hand == 3


def test_a_count_of_zero_or_of_exactly_the_held_copies_is_fine(store, product):
    stock_up(store, product, 5)
    stock.reserve([(product, 2)], store, "order:1")

    stock.count(store, [(product, 2)])
    assert item(store, product).on_hand == 2

    other = ProductFactory()
    stock_up(store, other, 4)
    stock.count(store, [(other, 0)])
    assert item(store, other).on_hand == 0


# Transfers


def test_a_transfer_request_checks_quantity_and_both_stores(store, other_store, product, user):
    with pytest.raises(InvalidQuantity):
        stock.request_transfer(store, other_store, product, 0)
    closed = StoreFactory(slug="cerrada", is_active=False)
    with pytest.raises(InactiveStore):
        stock.request_transfer(closed, other_store, product, 1)
    with pytest.raises(InactiveStore):
        stock.request_transfer(store, closed, product, 1)
    assert not Transfer.objects.exists()

    stock_up(store, product, 2)
    asked = stock.request_transfer(store, other_store, product, 2, user, note="n" * 300)

    asked.refresh_from_db()
    assert (asked.from_store, asked.to_store, asked.product, asked.quantity) == (
        store,
        other_store,
        product,
        2,
    )
    assert (asked.requested_by, asked.note, asked.state) == (user, "n" * 255, "requested")


def test_a_transfer_says_who_sent_and_received_it_and_where_it_went(
    store, other_store, product, user
):
    clerk = type(user).objects.create_user(email="rosa@librospepito.pe", password="x-Secreta-1")
    stock_up(store, product, 4)
    asked = stock.request_transfer(store, other_store, product, 3, user)

    with pytest.raises(InvalidTransferState):
        stock.receive_transfer(asked, clerk)  # not sent yet
    sent = stock.send_transfer(asked, user)
    assert (sent.state, sent.sent_by) == ("sent", user) and sent.sent_at is not None
    received = stock.receive_transfer(asked, clerk)
    with pytest.raises(InvalidTransferState) as error:
        stock.receive_transfer(asked, clerk)

    assert "Recibida" in error.value.message
    received.refresh_from_db()
    assert (received.state, received.sent_by, received.received_by) == ("received", user, clerk)
    assert received.sent_at is not None and received.received_at >= received.sent_at
    out, into = last("transfer_out"), last("transfer_in")
    assert (out.store, out.on_hand_delta, out.actor, out.reason) == (
        store,
        -3,
        user,
        f"A {other_store}",
    )
    assert (into.store, into.on_hand_delta, into.actor, into.reason) == (
        other_store,
        3,
        clerk,
        f"Desde {store}",
    )
    assert out.reference_id == into.reference_id == str(asked.pk)
    assert (item(store, product).on_hand, item(other_store, product).on_hand) == (1, 3)


def test_sending_uses_copies_an_expired_cart_left_but_not_held_ones(store, other_store, product):
    stock_up(store, product, 3)
    [lapsed] = stock.reserve([(product, 2)], store, "cart:1")
    stock.reserve([(product, 1)], store, "order:2")
    expire(lapsed)

    moved = stock.transfer(store, other_store, product, 2, note="Reposición")

    assert moved.state == "received" and moved.note == "Reposición"
    assert (item(store, product).on_hand, item(store, product).reserved) == (1, 1)
    with pytest.raises(OutOfStock):
        stock.transfer(store, other_store, product, 1)


# What the stock tells the rest of the shop


def test_stock_that_arrives_tells_those_waiting_and_a_fall_to_the_point_alerts(store, product):
    from inventory.alerts import request_back_in_stock

    request_back_in_stock(product=product, email="ana@example.pe")
    stock_up(store, product, 3, reorder_point=1)
    assert Event.objects.filter(name="stock.back_in_stock").count() == 1

    stock.record_sale(store, [(product, 1)])  # 2 left: above the point
    assert not Event.objects.filter(name="stock.low").exists()
    stock.record_sale(store, [(product, 1)])  # 1 left: at the point

    [low] = Event.objects.filter(name="stock.low")
    assert (low.payload["available"], low.payload["reorder_point"]) == (1, 1)
    assert item(store, product).low_stock_alerted_at is not None
    stock.restock_return(store, product, 1)  # back above: the alert is cleared
    assert item(store, product).low_stock_alerted_at is None


def test_a_hold_that_lapses_gives_nothing_new_to_those_waiting(store, product):
    from inventory.alerts import request_back_in_stock

    stock_up(store, product, 1)
    [held] = stock.reserve([(product, 1)], store, "cart:1")
    request_back_in_stock(product=product, email="ana@example.pe")
    expire(held)

    stock.release_expired_reservations()

    assert Event.objects.filter(name="stock.back_in_stock").count() == 0  # no copies arrived


def test_annulling_counts_every_hold_and_says_liberada_without_a_reason(store, product):
    other, third, fourth = ProductFactory(), ProductFactory(), ProductFactory()
    for p in (product, other, third, fourth):
        stock_up(store, p, 3)
    order = OrderFactory()
    holds = stock.reserve_for_order(
        [(product, 1), (other, 1), (third, 1), (fourth, 1)], store, order_id=order.pk
    )
    stock.consume(holds[0])
    stock.consume(holds[1])

    assert stock.release_order_holds(order.pk) == 2
    assert {m.reason for m in StockMovement.objects.filter(kind="release")} == {"Liberada"}
    assert stock.release_order_holds(order.pk, sold_reason="Anulado") == 2
    assert [item(store, p).on_hand for p in (product, other, third, fourth)] == [3, 3, 3, 3]


def test_a_transfer_in_one_go_is_requested_sent_and_received_by_its_actor(
    store, other_store, product, user
):
    stock_up(store, product, 2)

    moved = stock.transfer(store, other_store, product, 1, user)

    moved.refresh_from_db()
    assert (moved.requested_by, moved.sent_by, moved.received_by) == (user, user, user)
    assert moved.note == ""
    assert {m.actor for m in StockMovement.objects.filter(reference_type="transfer")} == {user}


def test_selling_an_orders_copies_consumes_its_live_holds_and_retakes_the_rest_by_the_actor(
    store, product, user
):
    other = ProductFactory()
    stock_up(store, product, 3)
    stock_up(store, other, 3)
    order = OrderFactory()
    [live] = stock.reserve_for_order([(product, 2)], store, order_id=order.pk)

    sold = stock.consume_order_holds(
        order.pk, store=store, lines=[(product, 2), (other, 1)], actor=user
    )

    assert sorted(h.product_id for h in sold) == sorted([product.pk, other.pk])
    live.refresh_from_db()
    assert live.state == "consumed"
    assert [(item(store, p).on_hand, item(store, p).reserved) for p in (product, other)] == [
        (1, 0),
        (2, 0),
    ]
    retaken = StockMovement.objects.get(kind="reservation", product=other)
    assert retaken.actor == user
    assert {m.reason for m in StockMovement.objects.filter(kind="sale")} == {f"order:{order.pk}"}


def test_an_adjustment_of_one_creates_the_row_and_a_missing_reason_is_refused(store, product):
    from inventory.exceptions import ReasonRequired

    with pytest.raises(ReasonRequired):
        stock.adjust(store, product, 1, None)
    with pytest.raises(InvalidQuantity) as error:
        stock.adjust(store, product, 0, "nada")
    assert error.value.quantity == 0

    assert stock.adjust(store, product, 1, "Encontrado").on_hand == 1


def test_an_adjustment_down_to_zero_is_fine_and_past_it_says_what_is_left(store, product):
    stock_up(store, product, 3)

    with pytest.raises(OutOfStock) as error:
        stock.adjust(store, product, -4, "robo")
    assert error.value.message == (
        f"Solo quedan 3 de «{product}» en {store} y pediste 4; reduce la cantidad o elige "
        "otra tienda."
    )
    assert stock.adjust(store, product, -3, "inundación").on_hand == 0

    missing = ProductFactory(title="Conversación en La Catedral")
    with pytest.raises(OutOfStock) as error:
        stock.adjust(store, missing, -1, "perdido")
    assert error.value.message.startswith(f"«Conversación en La Catedral» está agotado en {store}")


def test_an_adjustment_below_the_held_copies_names_the_book(store, product):
    stock_up(store, product, 3)
    stock.reserve([(product, 3)], store, "order:1")

    with pytest.raises(BelowReserved) as error:
        stock.adjust(store, product, -1, "dañado")

    assert f"Hay 3 unidades de «{product}» separadas" in error.value.message


def test_a_return_without_a_reason_leaves_it_blank(store, product):
    stock.restock_return(store, product, 1)

    assert last("return").reason == ""


def test_a_refused_count_carries_the_value_it_refused(store, product):
    with pytest.raises(InvalidQuantity) as error:
        stock.count(store, [(product, -2)])

    assert error.value.quantity == -2


def test_an_orders_holds_come_with_their_book_and_store_in_one_query(
    store, product, django_assert_num_queries
):
    other = ProductFactory()
    stock_up(store, product, 2)
    stock_up(store, other, 2)
    order = OrderFactory()
    stock.reserve_for_order([(product, 1), (other, 1)], store, order_id=order.pk)

    with django_assert_num_queries(1):
        holds = stock.order_holds(order.pk)
        assert [(h.product.title, h.store.name) for h in holds] == [
            (product.title, store.name),
            (other.title, store.name),
        ]
