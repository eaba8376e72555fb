"""The order's life (orders.status), asserted from what staff and customers see.

Written for the mutants of orders/status.py that the rest of the suite let live (README,
"Mutation testing"). The allowed moves are written out by hand here, for pickup and for
delivery orders, instead of being computed from the table under test.
"""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders import status
from orders.exceptions import IllegalTransition, PaymentError
from orders.models import Channel, Order, OrderEvent, Payment
from outbox.models import Event
from tests.factories import StoreFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.factories.orders import OrderFactory
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db
S = Order.Status

# Every move a paid order may make, by hand (anulado is `cancel`'s, below).
PICKUP_MOVES = {
    (S.PENDING_PAYMENT, S.PROCESSING),
    (S.PROCESSING, S.PACKED),
    (S.PACKED, S.READY),
    (S.READY, S.DELIVERED),
    (S.DISPATCHED, S.DELIVERED),
    (S.DISPATCHED, S.RECEIVED),
    (S.DELIVERED, S.RECEIVED),
}
DELIVERY_MOVES = {
    (S.PENDING_PAYMENT, S.PROCESSING),
    (S.PROCESSING, S.PACKED),
    (S.PACKED, S.DISPATCHED),
    (S.READY, S.DELIVERED),
    (S.DISPATCHED, S.DELIVERED),
    (S.DISPATCHED, S.RECEIVED),
    (S.DELIVERED, S.RECEIVED),
}
CANCELLABLE = {S.PENDING_PAYMENT, S.PROCESSING, S.PACKED, S.READY}


def facts(name: str) -> list[dict]:
    return [event.payload for event in Event.objects.filter(name=name).order_by("pk")]


@pytest.mark.parametrize(
    ("fulfilment", "moves"), [("pickup", PICKUP_MOVES), ("delivery", DELIVERY_MOVES)]
)
def test_the_moves_a_paid_order_may_make_written_out(fulfilment, moves):
    for current, to in itertools.product(S.values, S.values):
        order = OrderFactory.build(status=current, fulfilment=fulfilment, payment_status="paid")
        expected = current in CANCELLABLE if to == S.CANCELLED else (current, to) in moves
        assert status.allowed(order, to) is expected, (fulfilment, current, to)


def test_an_unpaid_order_waits_in_pendiente_de_pago():
    for fulfilment in ("pickup", "delivery"):
        order = OrderFactory.build(status=S.PENDING_PAYMENT, fulfilment=fulfilment)
        assert status.allowed(order, S.PROCESSING) is False
        assert status.allowed(order, S.CANCELLED) is True


@pytest.mark.parametrize("fulfilment", ["pickup", "delivery"])
def test_a_refused_move_changes_nothing_and_says_why(fulfilment):
    order = OrderFactory(status=S.PROCESSING, fulfilment=fulfilment, payment_status="paid")
    before = (OrderEvent.objects.count(), Event.objects.count())

    for to in (S.READY, S.DISPATCHED, S.DELIVERED, S.RECEIVED, S.PENDING_PAYMENT):
        with pytest.raises(IllegalTransition) as refused:
            status.advance(order=order, to=to)
        assert str(refused.value) == (
            f"No se puede pasar el pedido {order.number} de «En proceso» a «{S(to).label}»."
        )

    order.refresh_from_db()
    assert order.status == S.PROCESSING
    assert (OrderEvent.objects.count(), Event.objects.count()) == before


def test_a_move_writes_its_event_with_actor_and_note_and_publishes_it():
    clerk = UserFactory()
    order = OrderFactory(status=S.PROCESSING, payment_status="paid")

    order = status.advance(order=order, to=S.PACKED, actor=clerk, note="Caja 2")

    assert Order.objects.get(pk=order.pk).status == S.PACKED
    event = OrderEvent.objects.get(order=order, status=S.PACKED)
    assert (event.actor, event.note) == (clerk, "Caja 2")
    [changed] = facts("order.status_changed")
    assert (changed["status"], changed["previous"], changed["number"]) == (
        S.PACKED,
        S.PROCESSING,
        order.number,
    )


def test_advance_to_anulado_is_a_cancellation_with_its_reason():
    order = OrderFactory(status=S.PROCESSING)

    order = status.advance(order=order, to=S.CANCELLED, note="Cliente desistió")

    assert Order.objects.get(pk=order.pk).status == S.CANCELLED
    assert OrderEvent.objects.get(order=order, status=S.CANCELLED).note == "Cliente desistió"
    [cancelled] = facts("order.cancelled")
    assert cancelled["reason"] == "Cliente desistió" and cancelled["was_fulfilled"] is False


def test_a_courier_delivery_reaches_the_customer_once():
    order = OrderFactory(delivery=True, status=S.DISPATCHED, payment_status="paid")

    status.advance(order=order, to=S.DELIVERED)
    status.advance(order=order, to=S.RECEIVED)  # the customer's "recibido" afterwards

    [delivered] = facts("order.delivered")
    assert delivered["number"] == order.number
    assert delivered["total"] == str(order.total)
    assert [line["quantity"] for line in delivered["lines"]] == [1]


def test_received_straight_after_dispatch_is_the_delivery():
    order = OrderFactory(delivery=True, status=S.DISPATCHED, payment_status="paid")

    status.advance(order=order, to=S.RECEIVED)

    assert len(facts("order.delivered")) == 1


def test_a_pickup_handed_over_is_not_a_courier_delivery():
    order = OrderFactory(status=S.READY, payment_status="paid")

    status.advance(order=order, to=S.DELIVERED)
    status.advance(order=order, to=S.RECEIVED)

    assert facts("order.delivered") == []


def test_cancelling_a_paid_cash_order_records_the_refund_to_the_clerk():
    clerk = UserFactory()
    order = OrderFactory(status=S.READY, payment_status="paid", payment_method="at_pickup")

    status.cancel(order=order, actor=clerk, reason="Sin stock al final")

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (S.CANCELLED, "refunded")
    refund = Payment.objects.get(order=order, kind=Payment.Kind.REFUND)
    assert (refund.amount, refund.method, refund.received_by) == (order.total, "at_pickup", clerk)
    [refunded] = facts("order.refunded")
    assert refunded["amount"] == str(order.total)
    event = OrderEvent.objects.get(order=order, status=S.CANCELLED)
    assert (event.actor, event.note) == (clerk, "Sin stock al final")


def test_cancelling_an_unpaid_order_refunds_nothing():
    order = OrderFactory(status=S.PROCESSING)

    status.cancel(order=order, reason="x" * 400)

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (S.CANCELLED, "pending")
    assert not Payment.objects.exists() and facts("order.refunded") == []
    [cancelled] = facts("order.cancelled")
    assert cancelled["reason"] == "x" * 300
    assert [line["quantity"] for line in cancelled["lines"]] == [1]


@pytest.mark.parametrize("current", [S.DISPATCHED, S.DELIVERED, S.RECEIVED, S.CANCELLED])
def test_no_cancellation_after_dispatch_or_twice(current):
    order = OrderFactory(status=current, payment_status="paid")
    events = OrderEvent.objects.filter(order=order).count()

    with pytest.raises(IllegalTransition, match=order.number):
        status.cancel(order=order)

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (current, "paid")
    assert OrderEvent.objects.filter(order=order).count() == events


def test_a_payment_is_recorded_once_with_its_details_and_moves_the_order_on():
    clerk = UserFactory()
    store = StoreFactory()
    book = ProductFactory()
    stock_up(store, book, 2)  # a card order's copies are sold at payment
    order = OrderFactory(
        status=S.PENDING_PAYMENT, payment_method="card", store=store, lines=[(book, 1)]
    )

    status.mark_paid(
        order=order,
        amount=order.total,
        currency="pen",
        method="card",
        reference="pi_1",
        actor=clerk,
    )
    status.mark_paid(
        order=order, amount=order.total, currency="PEN", method="card", reference="pi_1"
    )

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (S.PROCESSING, "paid")
    assert order.paid_at is not None
    [charge] = Payment.objects.filter(order=order)
    assert (charge.kind, charge.amount, charge.currency, charge.method, charge.reference) == (
        Payment.Kind.CHARGE,
        order.total,
        "PEN",
        "card",
        "pi_1",
    )
    assert charge.received_by == clerk
    event = OrderEvent.objects.get(order=order, status=S.PROCESSING)
    assert (event.note, event.actor) == ("Pago recibido", clerk)
    [paid] = facts("order.paid")
    assert (paid["amount"], paid["method"]) == (str(order.total), "card")
    [changed] = facts("order.status_changed")
    assert changed["previous"] == S.PENDING_PAYMENT


def test_a_payment_at_the_desk_keeps_the_status_it_finds():
    order = OrderFactory(status=S.READY, payment_method="at_pickup")
    events = OrderEvent.objects.filter(order=order).count()

    status.mark_paid(order=order, amount=order.total, currency="PEN", method="cash")

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (S.READY, "paid")
    assert OrderEvent.objects.filter(order=order).count() == events


def test_an_annulled_order_takes_no_payment():
    order = OrderFactory(status=S.CANCELLED, payment_method="card")

    with pytest.raises(PaymentError, match="anulado"):
        status.mark_paid(order=order, amount=order.total, currency="PEN", method="card")

    assert not Payment.objects.exists() and facts("order.paid") == []


def test_a_payment_off_by_a_cent_is_refused_with_the_order_number():
    order = OrderFactory(status=S.PENDING_PAYMENT, payment_method="card")

    with pytest.raises(PaymentError, match=order.number):
        status.mark_paid(
            order=order, amount=order.total + Decimal("0.01"), currency="PEN", method="card"
        )

    order.refresh_from_db()
    assert order.payment_status == "pending" and order.paid_at is None


def _age(order, **ago):
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(**ago))


def test_unpaid_card_orders_are_annulled_when_their_hold_runs_out(settings):
    settings.ORDER_PAYMENT_HOLD_MINUTES = 30
    settings.ORDER_PAYMENT_LINK_HOLD_HOURS = 24
    card = {"status": S.PENDING_PAYMENT, "payment_method": "card", "pickup_deadline": None}
    web_late = OrderFactory(channel=Channel.WEB, **card)
    web_in_time = OrderFactory(channel=Channel.WEB, **card)
    phone_in_time = OrderFactory(channel=Channel.PHONE, **card)
    chat_late = OrderFactory(channel=Channel.CHAT, **card)
    _age(web_late, minutes=31)
    _age(web_in_time, minutes=20)
    _age(phone_in_time, hours=23)
    _age(chat_late, hours=25)

    assert status.annul_expired_orders() == 2

    annulled = set(Order.objects.filter(status=S.CANCELLED).values_list("pk", flat=True))
    assert annulled == {web_late.pk, chat_late.pk}
    note = OrderEvent.objects.get(order=web_late, status=S.CANCELLED).note
    assert note == "No recibimos el pago a tiempo"


def test_only_unpaid_pickups_past_their_deadline_are_annulled():
    past = timezone.now() - timedelta(minutes=5)
    late = OrderFactory(status=S.PACKED, pickup_deadline=past)
    paid_late = OrderFactory(status=S.READY, pickup_deadline=past, payment_status="paid")
    in_time = OrderFactory(status=S.READY, pickup_deadline=timezone.now() + timedelta(hours=1))
    courier = OrderFactory(delivery=True, status=S.PACKED, pickup_deadline=past)

    assert status.annul_expired_orders() == 1

    for order, expected in ((late, S.CANCELLED), (paid_late, S.READY), (in_time, S.READY)):
        order.refresh_from_db()
        assert order.status == expected
    courier.refresh_from_db()
    assert courier.status == S.PACKED
    cancelled = OrderEvent.objects.get(order=late, status=S.CANCELLED)
    assert cancelled.note == "No se recogió dentro del plazo"


def test_a_move_or_a_cancellation_without_a_note_leaves_none():
    order = OrderFactory(status=S.PROCESSING)

    status.advance(order=order, to=S.PACKED)
    status.cancel(order=order)

    notes = OrderEvent.objects.filter(order=order, status__in=[S.PACKED, S.CANCELLED])
    assert list(notes.values_list("note", flat=True)) == ["", ""]
    [cancelled] = facts("order.cancelled")
    assert cancelled["reason"] == ""


def test_cancelling_puts_held_and_sold_copies_back_with_the_reason(customer_cart, miraflores):
    from inventory.models import StockMovement

    clerk = UserFactory()
    held = place(customer_cart, store=miraflores)
    status.cancel(order=held, actor=clerk)

    release = StockMovement.objects.filter(kind=StockMovement.Kind.RELEASE)
    assert set(release.values_list("reason", "actor")) == {("Pedido anulado", clerk.pk)}

    book = ProductFactory()
    stock_up(miraflores, book, 2)
    paid = OrderFactory(
        status=S.PENDING_PAYMENT, payment_method="card", store=miraflores, lines=[(book, 1)]
    )
    status.mark_paid(order=paid, amount=paid.total, currency="PEN", method="card", actor=clerk)
    sale = StockMovement.objects.get(kind=StockMovement.Kind.SALE, product=book)
    assert (sale.reason, sale.actor) == (paid.number, clerk)

    status.cancel(order=paid, actor=clerk)

    back = StockMovement.objects.get(kind=StockMovement.Kind.RETURN, product=book)
    assert (back.reason, back.actor) == (f"Pedido {paid.number} anulado", clerk)


def test_cancelling_a_delivery_gives_its_window_place_back(zone, window):
    from orders.models import DeliverySlot

    day = timezone.localdate() + timedelta(days=3)
    slot = DeliverySlot.objects.create(window=window, date=day, booked=2)
    order = OrderFactory(delivery=True, status=S.PROCESSING, delivery_slot=slot)

    status.cancel(order=order)

    slot.refresh_from_db()
    assert slot.booked == 1


def test_a_chat_payment_link_waits_a_day_not_minutes(settings):
    settings.ORDER_PAYMENT_HOLD_MINUTES = 30
    settings.ORDER_PAYMENT_LINK_HOLD_HOURS = 24
    order = OrderFactory(
        channel=Channel.CHAT, status=S.PENDING_PAYMENT, payment_method="card", pickup_deadline=None
    )
    _age(order, hours=2)

    assert status.annul_expired_orders() == 0
    order.refresh_from_db()
    assert order.status == S.PENDING_PAYMENT


def test_the_board_says_exactly_why_it_refuses_a_move():
    ready = OrderFactory.build(status=S.READY, number="LP-2026-000321")
    packed = OrderFactory.build(status=S.PACKED, fulfilment="pickup", number="LP-2026-000322")
    refusals = [
        (ready, "nada", "Esa acción no existe; recarga la página."),
        (
            ready,
            S.DELIVERED,
            "Un pedido de recojo se entrega en el mostrador de recojo, con el código del cliente.",
        ),
        (
            packed,
            S.DISPATCHED,
            "No se puede pasar el pedido LP-2026-000322 de «Embalado» a «Despachado». Ahora está "
            "«Embalado»; revisa el pedido.",
        ),
    ]
    for order, wanted, message in refusals:
        with pytest.raises(IllegalTransition) as refused:
            status.check_board_move(order, wanted)
        assert str(refused.value) == message
