"""Checkouts racing on PostgreSQL: the last copies and the last delivery places are sold once."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from inventory.exceptions import OutOfStock
from inventory.models import StockItem
from orders import cart as carts
from orders import checkout, delivery
from orders.exceptions import SlotFull
from orders.models import DeliveryDistrict, DeliverySlot, DeliveryWindow, DeliveryZone, Order
from tests.conftest import USING_POSTGRES
from tests.factories import CustomerFactory, StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.inventory.test_concurrency import run_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.race,
    pytest.mark.skipif(not USING_POSTGRES, reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 50  # PostgreSQL allows 100 connections; two checkouts per thread make 100


def test_100_checkouts_for_the_last_3_copies_make_exactly_3_orders():
    store = StoreFactory(slug="miraflores")
    book = ProductFactory(title="La casa verde", price=Decimal("49.90"))
    stock_up(store, book, 3)
    carts_by_n = {}
    for n in range(THREADS * 2):
        cart = carts.cart_for_customer(CustomerFactory())
        carts.add_to_cart(cart=cart, product=book)
        carts_by_n[n] = cart

    def buy(cart):
        try:
            checkout.place_order(
                cart=cart,
                contact=checkout.Contact("Lectora", "lectora@example.pe", "+51987654321"),
                fulfilment="pickup",
                payment_method="at_pickup",
                channel="web",
                checkout_token=uuid.uuid4().hex,
                expected_subtotal=Decimal("49.90"),
                store=store,
                customer=cart.customer,
            )
        except OutOfStock as error:
            assert "La casa verde" in error.message  # a clear message for the others
            return "agotado"
        return "pedido"

    def work(n):
        return ",".join([buy(carts_by_n[n]), buy(carts_by_n[n + THREADS])])

    outcomes, errors = run_threads(THREADS, work)

    assert not errors, errors
    sold = sum(label.count("pedido") for label in outcomes.elements())
    assert sold == 3
    assert Order.objects.count() == 3
    item = StockItem.objects.get(store=store, product=book)
    assert (item.on_hand, item.reserved) == (3, 3)
    call_command("check_stock_ledger")


def test_a_window_of_capacity_5_never_takes_6():
    zone = DeliveryZone.objects.create(name="Lima Moderna", fee=Decimal("10"), lead_days=1)
    DeliveryDistrict.objects.create(name="Miraflores", zone=zone)
    window = DeliveryWindow.objects.create(
        label="9–13", starts_at="09:00", ends_at="13:00", capacity=5
    )
    day = timezone.localdate() + timedelta(days=1)

    def work(n):
        try:
            delivery.book_slot(zone=zone, day=day, window_id=window.pk)
        except SlotFull:
            return "lleno"
        return "ok"

    outcomes, errors = run_threads(30, work)

    assert not errors, errors
    assert outcomes == {"ok": 5, "lleno": 25}
    assert DeliverySlot.objects.get().booked == 5
