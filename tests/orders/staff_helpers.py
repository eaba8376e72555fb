"""Fixtures and helpers shared by the staff order tests (board, pickup desk, phone orders)."""

import uuid
from decimal import Decimal

from django.utils import timezone

from orders import checkout
from orders.models import Channel, DeliverySlot, DeliveryWindow, Order, OrderEvent, OrderLine
from tests.factories import CustomerFactory
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


_counter = {"n": 0}


def make_order(store, *, status=Order.Status.PROCESSING, fulfilment="pickup", slot=None, **kw):
    """An order row written directly (fast, for board listings); not for stock tests."""
    _counter["n"] += 1
    n = _counter["n"]
    customer = kw.pop("customer", None) or CustomerFactory()
    product = kw.pop("product", None) or ProductFactory()
    order = Order.objects.create(
        number=kw.pop("number", f"LP-2026-{900000 + n:06d}"),
        channel=kw.pop("channel", Channel.WEB),
        customer=customer,
        contact_name=kw.pop("contact_name", customer.name),
        contact_email=customer.email,
        contact_phone=kw.pop("contact_phone", customer.phone),
        status=status,
        fulfilment=fulfilment,
        store=store,
        delivery_slot=slot,
        address_street="Calle Berlín 345" if fulfilment == "delivery" else "",
        address_district="Miraflores" if fulfilment == "delivery" else "",
        pickup_code=kw.pop("pickup_code", f"K{n:05d}"[:6]) if fulfilment == "pickup" else "",
        subtotal=Decimal("45.90"),
        total=Decimal("45.90"),
        payment_method=kw.pop("payment_method", "at_pickup"),
        **kw,
    )
    OrderLine.objects.create(
        order=order,
        product=product,
        title=product.title,
        quantity=1,
        unit_price=Decimal("45.90"),
        line_total=Decimal("45.90"),
    )
    OrderEvent.objects.create(order=order, status=status, note="Pedido recibido")
    return order


def today_slot(label="9:00–13:00", starts="09:00", ends="13:00"):
    window, _ = DeliveryWindow.objects.get_or_create(
        label=label, defaults={"starts_at": starts, "ends_at": ends, "capacity": 50}
    )
    slot, _ = DeliverySlot.objects.get_or_create(window=window, date=timezone.localdate())
    return slot
