"""Phone orders: the clerk sees the customer's Club Pepito balance and tier and applies the
points or store credit the customer asks for (checked like the web checkout)."""

from decimal import Decimal

import pytest

from loyalty.models import Redemption
from orders.models import Order
from tests.factories import CustomerFactory
from tests.orders.tender_helpers import balances, fund
from tests.orders.test_phone_orders import _builder, _fill_cart

pytestmark = pytest.mark.django_db


@pytest.fixture
def caller(db):
    return CustomerFactory(name="Teresa Gonzales", phone="+51955111222", email="t@example.pe")


def _data(clerk_client, caller, miraflores, **more):
    token = clerk_client.get(_builder(caller)).context["form"]["checkout_token"].value()
    return {
        "fulfilment": "pickup",
        "store": miraflores.pk,
        "payment_method": "at_pickup",
        "checkout_token": token,
        **more,
    }


def test_the_phone_page_shows_the_balance_and_takes_points(clerk_client, caller, books, miraflores):
    account = fund(caller, points=300, credit="5.00")
    _fill_cart(clerk_client, caller, books[0])  # 45.90: up to 459 points

    page = clerk_client.get(_builder(caller)).content.decode()
    response = clerk_client.post(
        _builder(caller), _data(clerk_client, caller, miraflores, points="200", credit="5")
    )

    assert account.number in page and "300 puntos" in page and "vale de S/ 5.00" in page
    assert 'name="points"' in page
    order = Order.objects.get()
    assert response.status_code == 302
    assert (order.points_used, order.credit_used, order.amount_due) == (
        200,
        Decimal("5.00"),
        Decimal("30.90"),
    )
    assert balances(caller).points_balance == 100


def test_a_phone_order_paid_whole_with_credit_is_paid(clerk_client, caller, books, miraflores):
    fund(caller, credit="50.00")
    _fill_cart(clerk_client, caller, books[0])

    response = clerk_client.post(
        _builder(caller), _data(clerk_client, caller, miraflores, credit="45.90")
    )

    order = Order.objects.get()
    assert response.status_code == 302 and order.is_paid
    assert "pagado con Club Pepito" in clerk_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"points": "400"}, "saldo es de 300"),
        ({"points": "-1"}, "número entero"),
        ({"points": "2.5"}, "número entero"),
        ({"credit": "9.00"}, "saldo a favor"),
    ],
)
def test_the_clerk_cannot_apply_more_than_the_customer_has(
    clerk_client, caller, books, miraflores, fields, words
):
    fund(caller, points=300, credit="5.00")
    _fill_cart(clerk_client, caller, books[0])

    response = clerk_client.post(
        _builder(caller), _data(clerk_client, caller, miraflores, **fields)
    )

    assert response.status_code == 400 and words in response.content.decode()
    assert not Order.objects.exists() and not Redemption.objects.exists()
    assert balances(caller).points_balance == 300


def test_a_customer_without_an_account_is_said_so(clerk_client, caller, books):
    _fill_cart(clerk_client, caller, books[0])

    page = clerk_client.get(_builder(caller)).content.decode()

    assert "Sin cuenta Club Pepito" in page and 'name="points"' not in page
