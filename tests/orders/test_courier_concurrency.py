"""Two (or twenty) "entregado" presses at once on PostgreSQL: one payment, one sale, one
delivery; and two managers closing the same day get one close."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import Role, sync_roles
from inventory.models import StockItem, StockMovement
from orders import cart as carts
from orders import checkout, courier, status
from orders.courier import CourierRefused
from orders.models import (
    CourierDayClose,
    DeliveryAttempt,
    DeliveryDistrict,
    DeliveryWindow,
    DeliveryZone,
    Order,
    OrderEvent,
    Payment,
)
from tests.conftest import USING_POSTGRES
from tests.factories import CustomerFactory, StoreFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import WarehouseFactory, stock_up
from tests.inventory.test_concurrency import run_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.race,
    pytest.mark.skipif(not USING_POSTGRES, reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 12


@pytest.fixture
def out_for_delivery(settings):
    settings.STRIPE_ENABLED = False
    sync_roles()  # a transactional test before this one may have flushed the groups
    warehouse = WarehouseFactory(slug="almacen-central")
    rider = UserFactory(store=warehouse, role=Role.COURIER)
    book = ProductFactory(title="La casa verde", price=Decimal("49.90"))
    stock_up(warehouse, book, 3)
    stock_up(StoreFactory(slug="miraflores"), book, 1)  # the cart sells what a store shows
    zone = DeliveryZone.objects.create(name="Lima Moderna", fee=Decimal("10.00"))
    DeliveryDistrict.objects.create(name="Miraflores", zone=zone)
    window = DeliveryWindow.objects.create(
        label="9:00–13:00", starts_at="09:00", ends_at="13:00", capacity=5
    )
    cart = carts.cart_for_customer(CustomerFactory())
    carts.add_to_cart(cart=cart, product=book, quantity=2)
    order = checkout.place_order(
        cart=cart,
        contact=checkout.Contact("Lectora", "lectora@example.pe", "+51987654321"),
        fulfilment="delivery",
        payment_method="cod",
        channel="web",
        checkout_token=uuid.uuid4().hex,
        expected_subtotal=None,
        address=checkout.Address("Calle Berlín 345", "", "Miraflores", "Lima", "Lima"),
        slot=f"{(timezone.localdate() + timedelta(days=1)).isoformat()}|{window.pk}",
        customer=cart.customer,
    )
    status.advance(order=order, to=Order.Status.PACKED)
    status.advance(order=order, to=Order.Status.DISPATCHED)
    return order, rider, warehouse, book


def test_many_entregado_presses_record_one_payment_and_one_sale(out_for_delivery):
    order, rider, warehouse, book = out_for_delivery
    means = ["efectivo", "yape", "tarjeta", "plin"]

    def press(n):
        courier.deliver(
            order=order,
            courier=rider,
            means=means[n % 4],
            operation=f"{10000000 + n}",
            store=warehouse,
        )
        return "ok"

    outcomes, errors = run_threads(THREADS, press)

    assert not errors, errors
    assert outcomes["ok"] == THREADS  # the late presses find it delivered, no error
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
    assert Payment.objects.filter(order=order).count() == 1
    assert DeliveryAttempt.objects.filter(order=order).count() == 1
    assert OrderEvent.objects.filter(order=order, status=Order.Status.DELIVERED).count() == 1
    assert StockMovement.objects.filter(kind="sale", store=warehouse).count() == 1
    item = StockItem.objects.get(store=warehouse, product=book)
    assert (item.on_hand, item.reserved) == (1, 0)
    call_command("check_stock_ledger")


def test_two_managers_closing_the_same_day_make_one_close(out_for_delivery):
    order, rider, warehouse, _book = out_for_delivery
    courier.deliver(order=order, courier=rider, means="efectivo")
    managers = [UserFactory(store=warehouse, role=Role.STORE_MANAGER) for _ in range(2)]

    def close(n):
        try:
            courier.close_day(
                courier=rider,
                day=timezone.localdate(),
                store=warehouse,
                counted={"efectivo": str(order.total)},
                note="",
                actor=managers[n % 2],
            )
        except CourierRefused:
            return "refused"
        return "closed"

    outcomes, errors = run_threads(6, close)

    assert not errors, errors
    assert outcomes["closed"] == 1 and outcomes["refused"] == 5
    assert CourierDayClose.objects.count() == 1
