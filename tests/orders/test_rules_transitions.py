"""The order's status transitions, written out by hand (issue #20): a wrong entry in
orders.models.TRANSITIONS or a wrong branch in orders.status.allowed fails here.

The expected pairs are literal lists, never computed from the table under test. Every pair
not listed is refused: the status stays, no order event is written and nothing is published.
Phone, chat and wholesale orders share the web's table (one Order model, one `allowed`); the
only channel rule is the wholesale customer's "recibido", checked at its view below.
"""

import itertools

import pytest

from orders import status
from orders.exceptions import IllegalTransition
from orders.models import Order, OrderEvent
from outbox.models import Event
from tests.orders.staff_helpers import make_order

pytestmark = pytest.mark.django_db

PENDING = "pendiente_pago"
PROCESSING = "en_proceso"
PACKED = "embalado"
READY = "listo_recoger"
DISPATCHED = "despachado"
DELIVERED = "entregado"
RECEIVED = "recibido"
CANCELLED = "anulado"
ALL = [PENDING, PROCESSING, PACKED, READY, DISPATCHED, DELIVERED, RECEIVED, CANCELLED]

# A paid order (or pay-at-pickup, marked paid) through orders.status.advance.
PICKUP_ALLOWED = [
    (PENDING, PROCESSING),
    (PENDING, CANCELLED),
    (PROCESSING, PACKED),
    (PROCESSING, CANCELLED),
    (PACKED, READY),
    (PACKED, CANCELLED),
    (READY, DELIVERED),  # the handover (orders.pickup calls this)
    (READY, CANCELLED),
    (DELIVERED, RECEIVED),
]
DELIVERY_ALLOWED = [
    (PENDING, PROCESSING),
    (PENDING, CANCELLED),
    (PROCESSING, PACKED),
    (PROCESSING, CANCELLED),
    (PACKED, DISPATCHED),
    (PACKED, CANCELLED),
    (DISPATCHED, DELIVERED),
    (DISPATCHED, RECEIVED),  # the customer confirms before the courier's "entregado"
    (DELIVERED, RECEIVED),
]
# States an order of that kind never reaches (a pickup order is never dispatched, a delivery
# order never "listo para recoger"): as a starting point they are not part of the rule.
UNREACHABLE = {"pickup": {DISPATCHED}, "delivery": {READY}}

# The board's one button per order.
BOARD_ALLOWED = {
    "pickup": [(PROCESSING, PACKED), (PACKED, READY)],
    "delivery": [(PROCESSING, PACKED), (PACKED, DISPATCHED), (DISPATCHED, DELIVERED)],
}

TABLES = {"pickup": PICKUP_ALLOWED, "delivery": DELIVERY_ALLOWED}
PAIRS = [
    (fulfilment, current, to)
    for fulfilment in ("pickup", "delivery")
    for current, to in itertools.product(ALL, ALL)
    if current not in UNREACHABLE[fulfilment]
]
MOVE_FACTS = {"order.status_changed", "order.cancelled", "order.delivered", "order.refunded"}


def _order(store, fulfilment, current, *, paid=True):
    order = make_order(store, fulfilment=fulfilment, status=current)
    Order.objects.filter(pk=order.pk).update(
        payment_status="paid" if paid else "pending",
        payment_method="card" if fulfilment == "delivery" else "at_pickup",
    )
    order.refresh_from_db()
    return order


def _trace(order):
    return (
        OrderEvent.objects.filter(order=order).count(),
        Event.objects.filter(key=f"order:{order.pk}", name__in=MOVE_FACTS).count(),
    )


def test_the_tables_name_every_status():
    assert sorted(ALL) == sorted(Order.Status.values)


@pytest.mark.parametrize(("fulfilment", "current", "to"), PAIRS)
def test_advance_allows_exactly_the_listed_pairs(miraflores, fulfilment, current, to):
    order = _order(miraflores, fulfilment, current)
    events_before, facts_before = _trace(order)

    if (current, to) in TABLES[fulfilment]:
        moved = status.advance(order=order, to=to)
        assert moved.status == to
        order.refresh_from_db()
        assert order.status == to
        assert OrderEvent.objects.filter(order=order, status=to).exists()
        assert Event.objects.filter(key=f"order:{order.pk}", name__in=MOVE_FACTS).count() > (
            facts_before
        )
    else:
        with pytest.raises(IllegalTransition, match="No se puede pasar el pedido"):
            status.advance(order=order, to=to)
        order.refresh_from_db()
        assert order.status == current
        assert _trace(order) == (events_before, facts_before)


@pytest.mark.parametrize("fulfilment", ["pickup", "delivery"])
def test_leaving_pendiente_de_pago_needs_the_payment(miraflores, fulfilment):
    order = _order(miraflores, fulfilment, PENDING, paid=False)
    before = _trace(order)

    with pytest.raises(IllegalTransition, match="No se puede pasar el pedido"):
        status.advance(order=order, to=PROCESSING)

    order.refresh_from_db()
    assert order.status == PENDING and _trace(order) == before


def test_a_delivered_order_never_goes_back_and_a_delivery_is_never_ready(miraflores):
    """The two wrong entries issue #20 names, spelled out."""
    delivered = _order(miraflores, "delivery", DELIVERED)
    with pytest.raises(IllegalTransition):
        status.advance(order=delivered, to=PROCESSING)
    packed = _order(miraflores, "delivery", PACKED)
    with pytest.raises(IllegalTransition):
        status.advance(order=packed, to=READY)
    packed_pickup = _order(miraflores, "pickup", PACKED)
    with pytest.raises(IllegalTransition):
        status.advance(order=packed_pickup, to=DISPATCHED)


@pytest.mark.parametrize(("fulfilment", "current", "to"), PAIRS)
def test_the_board_moves_only_the_listed_pairs_and_shows_the_error(
    clerk_client, miraflores, fulfilment, current, to
):
    order = _order(miraflores, fulfilment, current)
    before = _trace(order)

    response = clerk_client.post(
        f"/tienda/pedidos/{order.number}/avanzar/",
        {"to": to, "tienda": "miraflores"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"order-{order.pk}",
    )

    assert response.status_code == 200  # htmx swaps the card, with its error when refused
    html = response.content.decode()
    order.refresh_from_db()
    if (current, to) in BOARD_ALLOWED[fulfilment]:
        assert order.status == to
        assert 'role="alert"' not in html
        assert _trace(order) != before
    else:
        assert order.status == current
        assert _trace(order) == before
        assert 'class="field-error" role="alert"' in html
        if current == to:
            # A move to where the order already is comes from a stale card (issue #11): it
            # says the order changed meanwhile, never «de «Embalado» a «Embalado»».
            assert "cambió mientras tanto" in html
            assert "No se puede pasar el pedido" not in html
        else:
            assert "No se puede pasar el pedido" in html or "se entrega en el mostrador" in html


@pytest.mark.parametrize("fulfilment", ["pickup", "delivery"])
def test_a_refused_board_move_without_htmx_says_why_on_the_next_page(
    clerk_client, miraflores, fulfilment
):
    order = _order(miraflores, fulfilment, DELIVERED)

    response = clerk_client.post(
        f"/tienda/pedidos/{order.number}/avanzar/", {"to": PROCESSING}, follow=True
    )

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == DELIVERED
    assert "No se puede pasar el pedido" in response.content.decode()


@pytest.mark.parametrize(
    ("channel", "current", "expected"),
    [
        ("mayorista", DISPATCHED, RECEIVED),
        ("mayorista", DELIVERED, RECEIVED),
        ("mayorista", PACKED, PACKED),  # not yet sent: refused
        ("mayorista", CANCELLED, CANCELLED),
        ("web", DELIVERED, DELIVERED),  # only wholesale customers confirm: 404
    ],
)
def test_the_wholesale_customers_recibido(client, miraflores, channel, current, expected):
    from orders import access

    order = _order(miraflores, "delivery", current)
    Order.objects.filter(pk=order.pk).update(channel=channel)

    response = client.post(
        f"/pedidos/{order.number}/recibido/?t={access.token_for(order)}", follow=True
    )

    order.refresh_from_db()
    assert order.status == expected
    if channel != "mayorista":
        assert response.status_code == 404
    elif expected == current:
        assert "No se puede pasar el pedido" in response.content.decode()
