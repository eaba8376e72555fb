"""Checkouts of one customer racing on PostgreSQL for the same points: spent once."""

import uuid
from decimal import Decimal

import pytest
from django.db.models import Sum

from loyalty.models import PointsEntry, Redemption
from orders import cart as carts
from orders import checkout
from orders.exceptions import TenderRefused
from orders.models import Cart, Order
from tests.conftest import USING_POSTGRES
from tests.factories import CustomerFactory, StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.inventory.test_concurrency import run_threads
from tests.orders.tender_helpers import balances, fund

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.race,
    pytest.mark.skipif(not USING_POSTGRES, reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 10


def test_checkouts_spending_the_same_points_at_once_spend_them_once():
    store = StoreFactory(slug="miraflores")
    book = ProductFactory(title="La casa verde", price=Decimal("80.00"))
    stock_up(store, book, THREADS)
    customer = CustomerFactory()
    fund(customer, points=400)
    # One open cart per customer: the other checkouts are the same customer's from carts
    # of other browsers (anonymous carts), each placed for that customer.
    carts_by_n = {0: carts.cart_for_customer(customer)}
    for n in range(1, THREADS):
        carts_by_n[n] = Cart.objects.create()
    for cart in carts_by_n.values():
        carts.add_to_cart(cart=cart, product=book)

    def work(n):
        try:
            checkout.place_order(
                cart=carts_by_n[n],
                contact=checkout.Contact("Luis", "luis@example.pe", "+51987654321"),
                fulfilment="pickup",
                payment_method="at_pickup",
                channel="web",
                checkout_token=uuid.uuid4().hex,
                expected_subtotal=Decimal("80.00"),
                store=store,
                customer=customer,
                points=400,  # S/ 20.00: under the 50% cap of S/ 80.00
            )
        except TenderRefused as error:
            assert "saldo es de 0" in error.message  # the Spanish reason for the others
            return "rechazado"
        return "pedido"

    outcomes, errors = run_threads(THREADS, work)

    assert not errors, errors
    assert outcomes == {"pedido": 1, "rechazado": THREADS - 1}
    assert Order.objects.count() == 1 and Redemption.objects.count() == 1
    account = balances(customer)
    assert account.points_balance == 0
    ledger = PointsEntry.objects.filter(account=account).aggregate(total=Sum("points"))["total"]
    assert ledger == account.points_balance
