"""orders.pickup, rule by rule: what the clerk at the pickup desk reads when a payment or a
handover is refused (each sentence compared whole, with the order's number, store, status and
total in it), which desk may serve an order, and how a typed or scanned code is read.

Written for the module's mutation run (README "Mutation testing"): the desk's tests matched a
few words of each refusal, so a changed or shouted sentence passed them.
"""

from decimal import Decimal

import pytest

from accounts.roles import Role
from inventory import stock
from inventory.models import StockMovement
from orders import pickup, status
from orders.models import Order, OrderEvent, Payment
from orders.pickup import PickupRefused
from tests.factories.accounts import UserFactory
from tests.orders.staff_helpers import make_order, place_pickup

pytestmark = pytest.mark.django_db

S = Order.Status


@pytest.fixture
def order(customer_cart, miraflores):
    """Pay at pickup, 2 × 45.90 + 1 × 59.00 at Miraflores, "en proceso"."""
    return place_pickup(customer_cart, miraflores)


def ready(order, clerk):
    status.advance(order=order, to=S.PACKED, actor=clerk)
    return status.advance(order=order, to=S.READY, actor=clerk)


def refusal(call, **kwargs) -> str:
    with pytest.raises(PickupRefused) as refused:
        call(**kwargs)
    return refused.value.message


def nothing_written(order):
    return (
        Order.objects.get(pk=order.pk).status,
        Order.objects.get(pk=order.pk).payment_status,
        Payment.objects.filter(order=order).count(),
        OrderEvent.objects.filter(order=order).count(),
    )


# The code as typed or scanned
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("k7p 2qx", "K7P2QX"),
        (" K7P-2QX\n", "K7P2QX"),
        ("LP-2026-000123|k7p2qx", "K7P2QX"),  # the QR: the part after the last |
        ("a|b|k7p2qx", "K7P2QX"),
        ("", ""),
        (None, ""),
        ("X" * 100 + "|K7P2QX", "X" * 100),  # only the first 100 characters are read
    ],
)
def test_a_code_is_read_upper_case_without_spaces_or_the_qr_prefix(raw, code):
    assert pickup.normalize_code(raw) == code


# Which desk serves an order
# ------------------------------------------------------------------------------


def test_another_stores_desk_is_told_where_the_order_is_collected(order, arequipa_clerk):
    before = nothing_written(order)
    expected = (
        f"El pedido {order.number} no se recoge en esta tienda; el cliente debe ir a "
        "Libros Pepito Miraflores."
    )

    assert refusal(pickup.take_payment, order=order, means="efectivo", actor=arequipa_clerk) == (
        expected
    )
    assert refusal(pickup.hand_over, order=order, code=order.pickup_code, actor=arequipa_clerk) == (
        expected
    )
    assert nothing_written(order) == before


def test_the_desk_the_page_works_on_wins_over_the_clerks_own_store(
    order, arequipa_clerk, miraflores, arequipa
):
    """The store of the page decides, not the clerk's own: the Arequipa desk may not charge a
    Miraflores order, whoever works it; a clerk of Arequipa at the Miraflores desk may."""
    assert refusal(
        pickup.take_payment, order=order, means="efectivo", actor=None, store=arequipa
    ).startswith(f"El pedido {order.number} no se recoge en esta tienda")

    paid = pickup.take_payment(
        order=order, means="efectivo", actor=arequipa_clerk, store=miraflores
    )
    assert paid.is_paid


def test_the_handover_too_is_decided_by_the_desk_of_the_page(
    order, clerk, arequipa_clerk, miraflores, arequipa
):
    order = ready(order, clerk)
    pickup.take_payment(order=order, means="efectivo", actor=clerk)
    owner = UserFactory(email="dueno@librospepito.pe", store=None, role=Role.OWNER)

    # The owner may work any store, but at the Arequipa desk a Miraflores order is refused.
    assert refusal(
        pickup.hand_over, order=order, code=order.pickup_code, actor=owner, store=arequipa
    ).startswith(f"El pedido {order.number} no se recoge en esta tienda")
    handed = pickup.hand_over(
        order=order, code=order.pickup_code, actor=arequipa_clerk, store=miraflores
    )
    assert handed.status == S.DELIVERED


def test_no_desk_at_all_is_refused_but_the_owner_may_work_any_store(order, miraflores):
    assert refusal(pickup.take_payment, order=order, means="efectivo", actor=None) == (
        f"El pedido {order.number} no se recoge en esta tienda; el cliente debe ir a "
        "Libros Pepito Miraflores."
    )
    unplaced = UserFactory(email="sin.tienda@librospepito.pe", store=None, role=Role.CLERK)
    assert refusal(pickup.take_payment, order=order, means="efectivo", actor=unplaced)

    owner = UserFactory(email="duena@librospepito.pe", store=None, role=Role.OWNER)
    assert pickup.take_payment(order=order, means="tarjeta", actor=owner).is_paid


def test_a_delivery_order_is_not_served_at_the_desk(miraflores, clerk):
    delivery = make_order(miraflores, fulfilment="delivery")

    assert refusal(pickup.take_payment, order=delivery, means="efectivo", actor=clerk) == (
        f"El pedido {delivery.number} es de delivery a domicilio, no de recojo en tienda."
    )
    assert refusal(pickup.hand_over, order=delivery, code=delivery.pickup_code, actor=clerk)
    assert Payment.objects.filter(order=delivery).count() == 0


# Taking the payment
# ------------------------------------------------------------------------------


def test_the_counter_payment_is_the_orders_total_with_its_means(order, clerk):
    paid = pickup.take_payment(order=order, means="tarjeta", actor=clerk)

    payment = Payment.objects.get(order=order)
    assert (payment.method, payment.amount, payment.currency, payment.reference) == (
        "at_pickup",
        Decimal("150.80"),
        "PEN",
        f"caja:{order.number}:tarjeta",
    )
    assert payment.received_by == clerk
    assert (paid.status, paid.payment_status) == (S.PROCESSING, Order.PaymentStatus.PAID)


def test_only_cash_or_the_counters_card_are_taken(order, clerk):
    for means in ("bitcoin", "", "EFECTIVO"):
        assert refusal(pickup.take_payment, order=order, means=means, actor=clerk) == (
            "Elige si el cliente paga en efectivo o con tarjeta en caja."
        )
    assert Payment.objects.filter(order=order).count() == 0


def test_a_card_order_is_sent_the_payment_link_instead(miraflores, clerk):
    card = make_order(miraflores, payment_method="card", status=S.PENDING_PAYMENT)

    assert refusal(pickup.take_payment, order=card, means="efectivo", actor=clerk) == (
        f"El pedido {card.number} se paga con tarjeta en la web; envía al cliente el enlace de "
        "pago en lugar de cobrar en caja."
    )


@pytest.mark.parametrize(
    ("state", "label"),
    [(S.CANCELLED, "Anulado"), (S.DELIVERED, "Entregado"), (S.RECEIVED, "Recibido por el cliente")],
)
def test_an_order_annulled_or_already_given_is_not_charged(miraflores, clerk, state, label):
    done = make_order(miraflores, status=state)

    assert refusal(pickup.take_payment, order=done, means="efectivo", actor=clerk) == (
        f"El pedido {done.number} está «{label}»; ya no se puede cobrar."
    )
    assert Payment.objects.filter(order=done).count() == 0


@pytest.mark.parametrize("state", [S.PROCESSING, S.PACKED, S.READY])
def test_an_order_on_its_way_to_the_counter_is_charged(miraflores, clerk, state):
    waiting = make_order(miraflores, status=state)

    assert pickup.take_payment(order=waiting, means="efectivo", actor=clerk).is_paid


# Handing the order over
# ------------------------------------------------------------------------------


def test_without_a_code_the_clerk_is_asked_for_it(order, clerk):
    order = ready(order, clerk)
    for code in ("", "   ", "-|-", None):
        assert refusal(pickup.hand_over, order=order, code=code, actor=clerk) == (
            "Escribe o escanea el código de recojo que tiene el cliente."
        )


def test_a_wrong_code_is_named_in_the_refusal_cut_to_eight(order, clerk):
    order = ready(order, clerk)
    pickup.take_payment(order=order, means="efectivo", actor=clerk)
    before = nothing_written(order)

    for typed, shown in (("zzzzzz", "ZZZZZZ"), ("abcdefghjkmn", "ABCDEFGH")):
        assert refusal(pickup.hand_over, order=order, code=typed, actor=clerk) == (
            f"El código {shown} no corresponde al pedido {order.number}. Pide al cliente que "
            "muestre el código de su correo o SMS; no entregues el pedido."
        )
    assert nothing_written(order) == before


def test_an_order_without_a_code_is_never_handed_over(miraflores, clerk):
    order = make_order(miraflores, status=S.READY, pickup_code="")

    assert refusal(pickup.hand_over, order=order, code="K7P2QX", actor=clerk).startswith(
        "El código K7P2QX no corresponde al pedido"
    )


def test_a_code_stored_in_lower_case_still_matches(order, clerk):
    order = ready(order, clerk)
    pickup.take_payment(order=order, means="efectivo", actor=clerk)
    Order.objects.filter(pk=order.pk).update(pickup_code=order.pickup_code.lower())

    handed = pickup.hand_over(order=order, code=order.pickup_code, actor=clerk)

    assert handed.status == S.DELIVERED


def test_an_order_not_ready_names_its_status(order, clerk):
    pickup.take_payment(order=order, means="efectivo", actor=clerk)
    message = (
        "El pedido {number} todavía no está listo para recoger (está «{label}»). Prepáralo y "
        "márcalo como listo en el tablero antes de entregarlo."
    )

    assert refusal(pickup.hand_over, order=order, code=order.pickup_code, actor=clerk) == (
        message.format(number=order.number, label="En proceso")
    )
    status.advance(order=order, to=S.PACKED, actor=clerk)
    assert refusal(pickup.hand_over, order=order, code=order.pickup_code, actor=clerk) == (
        message.format(number=order.number, label="Embalado")
    )


def test_an_annulled_order_is_not_handed_over(order, clerk):
    status.cancel(order=order, actor=clerk, reason="prueba")

    assert refusal(pickup.hand_over, order=order, code=order.pickup_code, actor=clerk) == (
        f"El pedido {order.number} está anulado; no se puede entregar."
    )


def test_an_unpaid_order_says_what_is_left_to_charge(order, clerk):
    order = ready(order, clerk)

    assert refusal(pickup.hand_over, order=order, code=order.pickup_code, actor=clerk) == (
        f"Falta cobrar S/ 150.80 del pedido {order.number}: registra el pago antes de entregar."
    )


def test_a_received_order_is_returned_as_it_is(miraflores, clerk):
    received = make_order(miraflores, status=S.RECEIVED)
    before = nothing_written(received)

    again = pickup.hand_over(order=received, code=received.pickup_code, actor=clerk)

    assert again.status == S.RECEIVED and nothing_written(received) == before


def test_copies_gone_refuse_the_handover_with_the_stores_reason(order, clerk, miraflores, books):
    order = ready(order, clerk)
    pickup.take_payment(order=order, means="efectivo", actor=clerk)
    stock.release_order_holds(order.pk, actor=clerk, reason="prueba")
    stock.adjust(miraflores, books[0], -5, "libros dañados", clerk)

    message = refusal(pickup.hand_over, order=order, code=order.pickup_code, actor=clerk)

    assert message.startswith(f"No se puede entregar el pedido {order.number}: ")
    assert "Los ríos profundos" in message
    assert Order.objects.get(pk=order.pk).status == S.READY


def test_the_sale_at_the_counter_is_signed_by_the_clerk_with_the_orders_number(
    order, clerk, miraflores, books
):
    """The ledger says who handed the copies over and for which order (the stock history)."""
    order = ready(order, clerk)
    pickup.take_payment(order=order, means="efectivo", actor=clerk)

    pickup.hand_over(order=order, code=order.pickup_code, actor=clerk)

    sales = StockMovement.objects.filter(kind=StockMovement.Kind.SALE, store=miraflores)
    assert sorted((m.product.title, m.on_hand_delta, m.actor, m.reason) for m in sales) == [
        ("La ciudad y los perros", -1, clerk, order.number),
        ("Los ríos profundos", -2, clerk, order.number),
    ]
