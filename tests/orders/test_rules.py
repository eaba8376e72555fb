"""The order's rules, each owned by one method, with the expected answers written out by hand
(not computed from the tables under test), so a changed rule fails here."""

import pytest

from orders import status
from orders.models import Order

S = Order.Status

# (status, fulfilment, payment_method, payment_status)
CARD_UNPAID = ("card", "pending")
AT_PICKUP_UNPAID = ("at_pickup", "pending")
PAID_CARD = ("card", "paid")


def order(state, fulfilment="pickup", payment=AT_PICKUP_UNPAID):
    """An unsaved order: the rules read only its fields."""
    method, paid = payment
    return Order(
        number="LP-2026-000001",
        status=state,
        fulfilment=fulfilment,
        payment_method=method,
        payment_status=paid,
    )


@pytest.mark.parametrize(
    ("state", "payment", "expected"),
    [
        (S.PENDING_PAYMENT, CARD_UNPAID, True),
        (S.PENDING_PAYMENT, PAID_CARD, False),  # paid, the move is on its way
        (S.PENDING_PAYMENT, AT_PICKUP_UNPAID, False),
        (S.PROCESSING, CARD_UNPAID, False),
        (S.CANCELLED, CARD_UNPAID, False),
        (S.CANCELLED, ("card", "refunded"), False),
    ],
)
def test_can_pay_online(state, payment, expected):
    assert order(state, payment=payment).can_pay_online() is expected


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (S.PENDING_PAYMENT, True),
        (S.PROCESSING, True),
        (S.PACKED, True),
        (S.READY, True),
        (S.DISPATCHED, False),  # anulado only before dispatch
        (S.DELIVERED, False),
        (S.RECEIVED, False),
        (S.CANCELLED, False),
    ],
)
def test_can_be_cancelled(state, expected):
    assert order(state).can_be_cancelled() is expected


@pytest.mark.parametrize(
    ("state", "fulfilment", "expected"),
    [
        (S.PENDING_PAYMENT, "pickup", False),
        (S.PROCESSING, "pickup", True),
        (S.PACKED, "pickup", True),
        (S.READY, "pickup", True),
        (S.DELIVERED, "pickup", False),
        (S.CANCELLED, "pickup", False),
        (S.PROCESSING, "delivery", False),
        (S.PACKED, "delivery", False),
    ],
)
def test_is_waiting_at_desk(state, fulfilment, expected):
    assert order(state, fulfilment).is_waiting_at_desk() is expected


@pytest.mark.parametrize(
    ("payment_status", "label", "ok", "pending"),
    [
        ("paid", "Pagado", True, False),
        ("refunded", "Reembolsado", False, False),
        ("pending", "Por cobrar", False, True),
    ],
)
def test_payment_badge(payment_status, label, ok, pending):
    badge = order(S.PROCESSING, payment=("card", payment_status)).payment_badge
    assert (str(badge.label), badge.ok, badge.pending) == (label, ok, pending)


@pytest.mark.parametrize(
    ("state", "fulfilment", "expected"),
    [
        (S.PENDING_PAYMENT, "pickup", True),
        (S.PROCESSING, "pickup", True),
        (S.READY, "pickup", True),
        (S.DELIVERED, "pickup", False),
        (S.CANCELLED, "pickup", False),
        (S.PROCESSING, "delivery", False),
    ],
)
def test_shows_pickup_code(state, fulfilment, expected):
    assert order(state, fulfilment).shows_pickup_code() is expected


@pytest.mark.parametrize(
    ("state", "fulfilment", "expected", "label"),
    [
        (S.PENDING_PAYMENT, "pickup", None, ""),  # waits for the card
        (S.PROCESSING, "pickup", S.PACKED, "Marcar como embalado"),
        (S.PROCESSING, "delivery", S.PACKED, "Marcar como embalado"),
        (S.PACKED, "pickup", S.READY, "Listo para recoger"),
        (S.PACKED, "delivery", S.DISPATCHED, "Despachar"),
        (S.READY, "pickup", None, ""),  # handed over at the desk, with the code
        (S.DISPATCHED, "delivery", S.DELIVERED, "Marcar como entregado"),
        (S.DELIVERED, "delivery", None, ""),
        (S.CANCELLED, "pickup", None, ""),
    ],
)
def test_the_boards_next_move(state, fulfilment, expected, label):
    current = order(state, fulfilment)
    assert status.next_board_status(current) == expected
    assert status.next_board_label(current) == label


@pytest.mark.parametrize(
    ("state", "fulfilment", "wanted", "message"),
    [
        (S.PROCESSING, "pickup", "nada", "Esa acción no existe"),
        (S.PROCESSING, "pickup", S.READY, "No se puede pasar el pedido"),
        (S.READY, "pickup", S.DELIVERED, "mostrador de recojo"),
        (S.PACKED, "pickup", S.DISPATCHED, "No se puede pasar el pedido"),
    ],
)
def test_the_board_refuses_any_other_move(state, fulfilment, wanted, message):
    with pytest.raises(status.IllegalTransition, match=message):
        status.check_board_move(order(state, fulfilment), wanted)


def test_the_board_accepts_its_own_move():
    status.check_board_move(order(S.PACKED, "delivery"), S.DISPATCHED)  # no exception
