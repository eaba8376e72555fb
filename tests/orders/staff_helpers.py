"""Helpers shared by the staff order tests (board, pickup desk, phone orders)."""

import uuid
from decimal import Decimal

from django.utils import timezone

from orders import checkout
from orders.models import DeliverySlot, DeliveryWindow, Order
from tests.factories import CustomerFactory, OrderFactory
from tests.factories.catalog import ProductFactory


def place_pickup(cart, store, **overrides):
    kwargs = {
        "cart": cart,
        "contact": checkout.Contact(
            name="Luis Ramírez", email="luis@example.pe", phone="+51987654321"
        ),
        "fulfilment": "pickup",
        "payment_method": "at_pickup",
        "channel": "web",
        "checkout_token": uuid.uuid4().hex,
        "expected_subtotal": None,
        "store": store,
        "customer": cart.customer,
    }
    kwargs.update(overrides)
    return checkout.place_order(**kwargs)


def make_order(store, *, status=Order.Status.PROCESSING, fulfilment="pickup", slot=None, **kw):
    """An order row written directly (fast, for board listings); not for stock tests."""
    customer = kw.pop("customer", None) or CustomerFactory()
    product = kw.pop("product", None) or ProductFactory()
    kw.setdefault("contact_name", customer.name)
    kw.setdefault("contact_phone", customer.phone)
    kw.setdefault("payment_method", "at_pickup")
    return OrderFactory(
        store=store,
        customer=customer,
        status=status,
        delivery=fulfilment == "delivery",
        delivery_fee=Decimal("0.00"),
        delivery_slot=slot,
        lines=[(product, 1, Decimal("45.90"))],
        charge=False,  # the board's tests record payments themselves
        **kw,
    )


def today_slot(label="9:00–13:00", starts="09:00", ends="13:00"):
    window, _ = DeliveryWindow.objects.get_or_create(
        label=label, defaults={"starts_at": starts, "ends_at": ends, "capacity": 50}
    )
    slot, _ = DeliverySlot.objects.get_or_create(window=window, date=timezone.localdate())
    return slot
