"""Pago contra entrega and the courier: checkout without Stripe, "entregado" with the payment,
"no entregado" with a reason, a second attempt or an annulment, and the day's cash-up."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role
from inventory.models import Reservation, StockItem, StockMovement
from orders import courier, status
from orders.courier import CourierRefused
from orders.exceptions import OrderError
from orders.fulfilment import delivery_options, payment_summary
from orders.models import CourierDayClose, DeliveryAttempt, Order, Payment
from outbox.models import Event, Notification
from tests.factories.accounts import UserFactory
from tests.orders.conftest import place
from tests.orders.courier_helpers import LIMA, dispatch, place_cod, slot_in

S = Order.Status


@pytest.fixture(autouse=True)
def _no_stripe(settings):
    settings.STRIPE_ENABLED = False  # the embedded default


@pytest.fixture
def rider(warehouse):
    return UserFactory(email="reparto@librospepito.pe", store=warehouse, role=Role.COURIER)


@pytest.fixture
def manager(warehouse):
    return UserFactory(email="jefe@librospepito.pe", store=warehouse, role=Role.STORE_MANAGER)


@pytest.fixture
def cod_order(customer_cart, zone, window, warehouse):
    return place_cod(customer_cart, window)


def _stock(store, product):
    return StockItem.objects.get(store=store, product=product)


# Checkout
# ------------------------------------------------------------------------------


def test_a_lima_delivery_with_pago_contra_entrega_is_placed_without_stripe(
    cod_order, warehouse, books
):
    assert cod_order.payment_method == Order.PaymentMethod.ON_DELIVERY
    assert cod_order.status == S.PROCESSING
    assert cod_order.store == warehouse
    assert cod_order.payment_status == Order.PaymentStatus.PENDING
    # The copies are held (not sold) until the door, beyond the delivery day.
    holds = Reservation.objects.filter(order_id=cod_order.pk, state=Reservation.State.ACTIVE)
    assert holds.count() == 2
    assert all(h.expires_at.date() > cod_order.delivery_slot.date for h in holds)
    assert _stock(warehouse, books[0]).reserved == 2
    assert _stock(warehouse, books[0]).on_hand == 10


def test_pago_contra_entrega_is_refused_for_pickup(customer_cart, miraflores):
    with pytest.raises(OrderError, match="contra entrega es solo para delivery"):
        place(customer_cart, store=miraflores, payment_method="cod")


def test_pago_contra_entrega_is_refused_outside_lima(customer_cart, warehouse):
    from orders.checkout import Address

    with pytest.raises(OrderError, match="contra entrega es solo para Lima"):
        place(
            customer_cart,
            fulfilment="delivery",
            payment_method="cod",
            address=Address("Av. Ejército 101", "", "Yanahuara", "Arequipa", "Arequipa"),
        )
    assert not Order.objects.exists()


def test_card_for_a_delivery_without_stripe_points_to_pago_contra_entrega(
    customer_cart, zone, window, warehouse
):
    with pytest.raises(OrderError, match="elige pago contra entrega"):
        place_cod(customer_cart, window, payment_method="card")


def test_the_checkout_says_which_payments_each_fulfilment_takes(settings, customer_cart, zone):
    summary = dict(payment_summary())
    assert "contra entrega" in summary["Delivery en Lima"]
    assert "no disponible" in summary["Envío al resto del Perú"]
    lima = delivery_options(customer_cart, district="Miraflores")
    assert [str(p) for p in lima["payments"]] == ["Pago contra entrega"]
    provinces = delivery_options(
        customer_cart, district="Yanahuara", province="Arequipa", region="Arequipa"
    )
    assert "solo enviamos con pago en línea" in provinces["error"]

    settings.STRIPE_ENABLED = True
    assert "en línea con tarjeta" in dict(payment_summary())["Envío al resto del Perú"]
    provinces = delivery_options(
        customer_cart, district="Yanahuara", province="Arequipa", region="Arequipa"
    )
    assert "error" not in provinces and [str(p) for p in provinces["payments"]] == ["Tarjeta"]


# Entregado
# ------------------------------------------------------------------------------


def test_entregado_records_the_cash_sells_the_copies_and_marks_delivered(
    cod_order, rider, warehouse, books
):
    dispatch(cod_order)

    order = courier.deliver(order=cod_order, courier=rider, means="efectivo", store=warehouse)

    assert order.status == S.DELIVERED
    assert order.payment_status == Order.PaymentStatus.PAID
    payment = Payment.objects.get(order=order)
    assert (payment.method, payment.means, payment.amount, payment.received_by) == (
        "cod",
        "efectivo",
        order.total,
        rider,
    )
    item = _stock(warehouse, books[0])
    assert (item.on_hand, item.reserved) == (8, 0)  # sold at the door, not before
    assert StockMovement.objects.filter(kind="sale", product=books[0], store=warehouse).count() == 1
    assert DeliveryAttempt.objects.get(order=order).outcome == "entregado"
    names = set(Event.objects.filter(key=f"order:{order.pk}").values_list("name", flat=True))
    assert {"order.paid", "order.delivered"} <= names
    assert Notification.objects.filter(body__contains="fue entregado").exists()


def test_entregado_twice_records_one_payment_and_one_sale(cod_order, rider, warehouse, books):
    dispatch(cod_order)
    courier.deliver(order=cod_order, courier=rider, means="efectivo", store=warehouse)

    again = courier.deliver(order=cod_order, courier=rider, means="yape", operation="12345678")

    assert again.status == S.DELIVERED
    assert Payment.objects.filter(order=cod_order).count() == 1
    assert StockMovement.objects.filter(kind="sale", product=books[0]).count() == 1


@pytest.mark.parametrize(
    ("means", "operation", "message"),
    [
        ("", "", "Elige cómo pagó"),
        ("bitcoin", "", "Elige cómo pagó"),
        ("yape", "", "número de operación de Yape"),
        ("plin", "12ab", "número de operación de Plin"),
        ("yape", "123", "número de operación"),
    ],
)
def test_entregado_refuses_a_bad_payment_and_writes_nothing(
    cod_order, rider, warehouse, means, operation, message
):
    dispatch(cod_order)

    with pytest.raises(CourierRefused, match=message):
        courier.deliver(order=cod_order, courier=rider, means=means, operation=operation)

    cod_order.refresh_from_db()
    assert cod_order.status == S.DISPATCHED
    assert not Payment.objects.exists() and not DeliveryAttempt.objects.exists()


def test_a_yape_operation_number_pays_one_order_only(
    customer_cart, zone, window, warehouse, rider, books, customer
):
    from orders import cart as carts

    first = place_cod(customer_cart, window)
    dispatch(first)
    courier.deliver(order=first, courier=rider, means="yape", operation="8765 4321")
    assert Payment.objects.get(order=first).reference == "yape:87654321"
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=books[0], quantity=1)
    second = place_cod(cart, window)
    dispatch(second)

    with pytest.raises(CourierRefused, match="ya se registró"):
        courier.deliver(order=second, courier=rider, means="yape", operation="87654321")
    second.refresh_from_db()
    assert second.status == S.DISPATCHED


def test_an_order_paid_online_collects_nothing(cod_order, rider, warehouse):
    Order.objects.filter(pk=cod_order.pk).update(payment_method="card")
    status.mark_paid(order=cod_order, amount=cod_order.total, currency="PEN", method="card")
    dispatch(cod_order)
    cod_order.refresh_from_db()
    assert courier.amount_due(cod_order) == Decimal("0.00")

    order = courier.deliver(order=cod_order, courier=rider)

    assert order.status == S.DELIVERED
    assert Payment.objects.filter(order=order).count() == 1  # the card's, no second one


def test_only_a_dispatched_order_is_delivered(cod_order, rider):
    with pytest.raises(CourierRefused, match="solo se entrega lo que salió a reparto"):
        courier.deliver(order=cod_order, courier=rider, means="efectivo")


def test_another_stores_order_is_not_on_the_route(cod_order, rider, miraflores):
    dispatch(cod_order)
    with pytest.raises(CourierRefused, match="otra tienda"):
        courier.deliver(order=cod_order, courier=rider, means="efectivo", store=miraflores)


# No entregado, second attempt, annulment
# ------------------------------------------------------------------------------


def test_no_entregado_sends_the_order_back_and_tells_the_customer(cod_order, rider, warehouse):
    dispatch(cod_order)

    order = courier.report_failed(order=cod_order, courier=rider, reason="ausente")

    assert order.status == S.PACKED
    attempt = DeliveryAttempt.objects.get(order=order)
    assert (attempt.outcome, attempt.reason) == ("no_entregado", "ausente")
    assert Reservation.objects.filter(order_id=order.pk, state="active").count() == 2
    assert Notification.objects.filter(
        channel="sms", body__contains="No pudimos entregar tu pedido"
    ).exists()
    assert Event.objects.filter(name="order.delivery_failed", key=f"order:{order.pk}").exists()
    # A second press changes nothing.
    courier.report_failed(order=order, courier=rider, reason="ausente")
    assert DeliveryAttempt.objects.count() == 1


def test_no_entregado_needs_a_reason_from_the_list(cod_order, rider):
    dispatch(cod_order)
    with pytest.raises(CourierRefused, match="Elige por qué"):
        courier.report_failed(order=cod_order, courier=rider, reason="aliens")
    with pytest.raises(CourierRefused, match="qué pasó"):
        courier.report_failed(order=cod_order, courier=rider, reason="otro")
    cod_order.refresh_from_db()
    assert cod_order.status == S.DISPATCHED


def test_a_failed_delivery_is_rescheduled_and_delivered_on_the_second_attempt(
    cod_order, rider, window, warehouse, clerk
):
    dispatch(cod_order)
    courier.report_failed(order=cod_order, courier=rider, reason="reprogramar")
    old_slot = cod_order.delivery_slot

    order = courier.reschedule(order=cod_order, slot=slot_in(window, days=3), actor=clerk)

    assert order.delivery_slot.date == timezone.localdate() + timedelta(days=3)
    old_slot.refresh_from_db()
    assert old_slot.booked == 0 and order.delivery_slot.booked == 1
    holds = Reservation.objects.filter(order_id=order.pk, state="active")
    assert all(h.expires_at.date() > order.delivery_slot.date for h in holds)
    assert Event.objects.filter(name="order.rescheduled").exists()
    assert Notification.objects.filter(channel="sms", body__contains="llega el").exists()

    status.advance(order=order, to=S.DISPATCHED)
    order = courier.deliver(order=order, courier=rider, means="tarjeta")
    assert order.status == S.DELIVERED
    assert DeliveryAttempt.objects.filter(order=order).count() == 2


def test_a_failed_delivery_can_be_annulled_and_its_copies_go_back(
    cod_order, rider, warehouse, books
):
    dispatch(cod_order)
    courier.report_failed(order=cod_order, courier=rider, reason="rechazado")

    status.cancel(order=cod_order, reason="El cliente ya no lo quiere")

    item = _stock(warehouse, books[0])
    assert (item.on_hand, item.reserved) == (10, 0)
    assert not Payment.objects.exists()


def test_reschedule_is_refused_once_dispatched(cod_order, window, clerk):
    dispatch(cod_order)
    with pytest.raises(CourierRefused, match="antes del despacho"):
        courier.reschedule(order=cod_order, slot=slot_in(window, days=2), actor=clerk)


# The day's cash-up
# ------------------------------------------------------------------------------


def test_the_day_adds_up_per_means_and_the_manager_closes_it(
    customer_cart, customer, zone, window, warehouse, rider, manager, books
):
    from orders import cart as carts

    first = place_cod(customer_cart, window)
    dispatch(first)
    courier.deliver(order=first, courier=rider, means="efectivo")
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=books[0], quantity=1)
    second = place_cod(cart, window)
    dispatch(second)
    courier.deliver(order=second, courier=rider, means="plin", operation="55566677")
    today = timezone.localdate()

    summary = courier.day_summary(courier=rider, day=today)

    assert summary.expected["efectivo"] == first.total
    assert summary.expected["plin"] == second.total
    assert summary.total == first.total + second.total
    assert (summary.delivered, summary.failed, summary.closed) == (2, 0, None)

    counted = {"efectivo": str(first.total - Decimal("10")), "plin": str(second.total)}
    with pytest.raises(CourierRefused, match="diferencia de S/ -10.00"):
        courier.close_day(
            courier=rider, day=today, store=warehouse, counted=counted, note="", actor=manager
        )
    closed = courier.close_day(
        courier=rider,
        day=today,
        store=warehouse,
        counted=counted,
        note="Faltó un vuelto",
        actor=manager,
    )
    assert closed.difference == Decimal("-10.00")
    assert closed.expected["efectivo"] == str(first.total)
    assert Event.objects.filter(name="courier.day_closed").exists()
    with pytest.raises(CourierRefused, match="ya está cerrado"):
        courier.close_day(
            courier=rider, day=today, store=warehouse, counted=counted, note="x", actor=manager
        )
    assert CourierDayClose.objects.count() == 1
    assert courier.day_summary(courier=rider, day=today).closed == closed


@pytest.mark.parametrize("typed", ["abc", "-5", "1e9", "NaN"])
def test_close_day_refuses_amounts_that_are_not_money(rider, manager, warehouse, typed):
    with pytest.raises(CourierRefused, match="como 45.90"):
        courier.close_day(
            courier=rider,
            day=timezone.localdate(),
            store=warehouse,
            counted={"efectivo": typed},
            note="",
            actor=manager,
        )
    assert not CourierDayClose.objects.exists()


def test_route_is_in_route_order_with_the_amount_due(
    customer_cart, customer, zone, window, warehouse, books
):
    from orders import cart as carts
    from orders.checkout import Address
    from orders.models import DeliveryDistrict, DeliveryWindow, DeliveryZone

    far = DeliveryZone.objects.create(name="Lima Este", fee=Decimal("15.00"))
    DeliveryDistrict.objects.create(name="La Molina", zone=far)
    early = DeliveryWindow.objects.create(
        label="8:00–9:00", starts_at="08:00", ends_at="09:00", capacity=5
    )
    molina = place_cod(
        customer_cart, early, address=Address("Av. La Fontana 1", "", "La Molina", "Lima", "Lima")
    )
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=books[0], quantity=1)
    miraflores_late = place_cod(cart, window)
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=books[1], quantity=1)
    miraflores_early = place_cod(cart, early, address=LIMA)
    for order in (molina, miraflores_late, miraflores_early):
        dispatch(order)

    stops = courier.route(store=warehouse)

    # Zone "Lima Este" before "Lima Moderna"; in one district, the earlier window first.
    assert [stop.order for stop in stops] == [molina, miraflores_early, miraflores_late]
    assert [stop.due for stop in stops] == [
        o.total for o in (molina, miraflores_early, miraflores_late)
    ]


def test_reschedule_holds_again_the_copies_whose_hold_ran_out(
    cod_order, rider, window, warehouse, books, clerk
):
    from inventory import stock

    dispatch(cod_order)
    courier.report_failed(order=cod_order, courier=rider, reason="ausente")
    Reservation.objects.filter(order_id=cod_order.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    stock.release_expired_reservations()
    assert _stock(warehouse, books[0]).reserved == 0

    courier.reschedule(order=cod_order, slot=slot_in(window, days=2), actor=clerk)

    live = Reservation.objects.filter(order_id=cod_order.pk, state="active")
    assert live.count() == 2 and all(h.expires_at > timezone.now() for h in live)
    assert _stock(warehouse, books[0]).reserved == 2
    status.advance(order=cod_order, to=S.DISPATCHED)
    courier.deliver(order=cod_order, courier=rider, means="efectivo")
    item = _stock(warehouse, books[0])
    assert (item.on_hand, item.reserved) == (8, 0)
