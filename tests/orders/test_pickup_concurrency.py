"""Clerks clicking at once on PostgreSQL: one payment, one handover, copies sold once."""

import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.roles import Role, sync_roles
from inventory.models import StockItem, StockMovement
from orders import cart as carts
from orders import checkout, pickup, status
from orders.models import Order, OrderEvent, Payment
from tests.conftest import USING_POSTGRES
from tests.factories import CustomerFactory, StoreFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.inventory.test_concurrency import run_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.race,
    pytest.mark.skipif(not USING_POSTGRES, reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 20


@pytest.fixture
def ready_order():
    sync_roles()  # a transactional test before this one may have flushed the groups
    store = StoreFactory(slug="miraflores")
    clerk = UserFactory(store=store, role=Role.CLERK)
    book = ProductFactory(title="La casa verde", price=Decimal("49.90"))
    stock_up(store, book, 3)
    cart = carts.cart_for_customer(CustomerFactory())
    carts.add_to_cart(cart=cart, product=book, quantity=2)
    order = checkout.place_order(
        cart=cart,
        contact=checkout.Contact("Lectora", "lectora@example.pe", "+51987654321"),
        fulfilment="pickup",
        payment_method="at_pickup",
        channel="web",
        checkout_token=uuid.uuid4().hex,
        expected_subtotal=None,
        store=store,
        customer=cart.customer,
    )
    status.advance(order=order, to=Order.Status.PACKED, actor=clerk)
    status.advance(order=order, to=Order.Status.READY, actor=clerk)
    return order, clerk, store, book


def test_many_clicks_on_cobrar_and_entregar_pay_once_and_sell_once(ready_order):
    order, clerk, store, book = ready_order

    def pay(_n):
        pickup.take_payment(order=order, means="efectivo", actor=clerk)
        return "ok"

    outcomes, errors = run_threads(THREADS, pay)
    assert not errors, errors
    assert Payment.objects.filter(order=order).count() == 1

    def hand_over(_n):
        pickup.hand_over(order=order, code=order.pickup_code, actor=clerk)
        return "ok"

    outcomes, errors = run_threads(THREADS, hand_over)
    assert not errors, errors
    assert outcomes["ok"] == THREADS  # the late clicks find it delivered, no error
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED
    assert OrderEvent.objects.filter(order=order, status=Order.Status.DELIVERED).count() == 1
    assert StockMovement.objects.filter(kind="sale", store=store).count() == 1
    item = StockItem.objects.get(store=store, product=book)
    assert (item.on_hand, item.reserved) == (1, 0)
    call_command("check_stock_ledger")
