"""Shared by the courier tests: a pago contra entrega order placed through checkout, and the
clerk's moves until it is out with the courier."""

from datetime import timedelta

from django.utils import timezone

from orders import status
from orders.checkout import Address
from orders.models import Order
from tests.orders.conftest import place

LIMA = Address("Calle Berlín 345", "Parque Kennedy", "Miraflores", "Lima", "Lima")


def slot_in(window, days=1) -> str:
    return f"{(timezone.localdate() + timedelta(days=days)).isoformat()}|{window.pk}"


def place_cod(cart, window, **overrides) -> Order:
    kwargs = {
        "fulfilment": "delivery",
        "payment_method": "cod",
        "address": LIMA,
        "slot": slot_in(window),
    }
    kwargs.update(overrides)
    return place(cart, **kwargs)


def dispatch(order: Order, actor=None) -> Order:
    status.advance(order=order, to=Order.Status.PACKED, actor=actor)
    return status.advance(order=order, to=Order.Status.DISPATCHED, actor=actor)
