"""Web checkout with Club Pepito points and store credit: offered, re-checked, never forged."""

from decimal import Decimal

import pytest
from django.urls import reverse

from loyalty.models import Redemption
from orders.models import Order
from tests.factories import UserFactory
from tests.orders.tender_helpers import balances, fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def luis(client, books):
    user = UserFactory(email="luis@example.pe", first_name="Luis", last_name="Ramírez")
    client.force_login(user)
    client.post(reverse("orders:cart_add", args=[books[0].pk]), {"cantidad": "2"})  # 91.80
    return user


def checkout_data(client, miraflores, **overrides):
    page = client.get(reverse("orders:checkout"))
    form = page.context["form"]
    data = {
        "name": "Luis Ramírez",
        "email": "luis@example.pe",
        "phone": "987 654 321",
        "fulfilment": "pickup",
        "store": miraflores.pk,
        "payment_method": "at_pickup",
        "checkout_token": form.initial["checkout_token"],
        "expected_subtotal": str(form.initial["expected_subtotal"]),
        "loyalty_account": form.initial["loyalty_account"],
        "region": "Lima",
    }
    data.update(overrides)
    return data


def test_checkout_offers_the_balance_the_points_and_the_credit(client, luis, miraflores):
    fund(luis.customer, points=500, credit="12.00")

    page = client.get(reverse("orders:checkout")).content.decode()

    assert "Tienes 500 puntos" in page and "vale de S/ 12.00" in page
    assert 'name="points"' in page and 'max="500"' in page  # 50% of 91.80 is 918 points
    assert "Usar mi vale (S/ 12.00)" in page
    assert "Este pedido te da 91 puntos" in page
    assert "Pagas con tarjeta" in page or "Te queda por pagar" in page


def test_the_cart_says_what_the_order_earns(client, luis):
    fund(luis.customer)

    page = client.get(reverse("orders:cart")).content.decode()

    assert "Este pedido te da 91 puntos" in page


def test_a_guest_sees_no_points(client, books):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))

    page = client.get(reverse("orders:checkout")).content.decode()

    assert 'name="points"' not in page and "Este pedido te da" not in page


def test_paying_with_points_places_the_order_with_the_rest_to_pay(client, luis, miraflores):
    fund(luis.customer, points=500, credit="12.00")

    response = client.post(
        reverse("orders:checkout"),
        checkout_data(client, miraflores, points="400", credit="10.50"),
    )

    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert (order.points_used, order.points_value, order.credit_used) == (
        400,
        Decimal("20.00"),
        Decimal("10.50"),
    )
    assert order.amount_due == Decimal("61.30")
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Pagado con 400 puntos Club Pepito" in page and "S/ 61.30" in page
    assert "Pagado con vale de compra" in page
    account = balances(luis.customer)
    assert (account.points_balance, account.credit_balance) == (100, Decimal("1.50"))


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"points": "900"}, "saldo es de 500"),  # more than the balance
        ({"points": "-100"}, "número entero"),  # negative
        ({"points": "150.5"}, "número entero"),  # fractional
        ({"points": "1e3"}, "número entero"),
        ({"points": "99999999999999999999"}, "número entero"),
        ({"points": "50"}, "desde 100"),  # under the minimum
        ({"credit": "-5"}, "sin montos negativos"),
        ({"credit": "1.005"}, "en soles"),
        ({"credit": "50.00"}, "saldo a favor"),  # more credit than the balance
    ],
)
def test_a_forged_amount_is_refused_with_nothing_written(client, luis, miraflores, fields, words):
    fund(luis.customer, points=500, credit="12.00")

    response = client.post(reverse("orders:checkout"), checkout_data(client, miraflores, **fields))

    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Order.objects.exists() and not Redemption.objects.exists()
    account = balances(luis.customer)
    assert (account.points_balance, account.credit_balance) == (500, Decimal("12.00"))


def test_points_above_the_share_of_the_order_are_refused(client, luis, miraflores):
    fund(luis.customer, points=5000)

    # 50% of S/ 91.80 = S/ 45.90: 918 points at most.
    response = client.post(
        reverse("orders:checkout"), checkout_data(client, miraflores, points="1000")
    )

    assert response.status_code == 400 and "918" in response.content.decode()
    assert not Order.objects.exists()
    assert balances(luis.customer).points_balance == 5000


def test_points_on_a_guest_checkout_are_refused(client, books, miraflores):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))
    data = checkout_data(client, miraflores, points="100", email="rosa@example.pe")

    response = client.post(reverse("orders:checkout"), data)

    assert response.status_code == 400
    assert "inicia sesión" in response.content.decode()
    assert not Order.objects.exists()


def test_another_customers_account_is_refused(client, luis, miraflores):
    fund(luis.customer, points=500)
    other = UserFactory(email="otra@example.pe")
    other_account = fund(other.customer, points=900)

    response = client.post(
        reverse("orders:checkout"),
        checkout_data(client, miraflores, points="300", loyalty_account=other_account.number),
    )

    assert response.status_code == 403
    assert "no es la tuya" in response.content.decode()
    assert not Order.objects.exists()
    assert balances(other.customer).points_balance == 900
    assert balances(luis.customer).points_balance == 500


def test_the_checkout_query_count_does_not_grow_with_the_ledger(
    client, luis, miraflores, django_assert_max_num_queries
):
    fund(luis.customer, points=500, credit="5.00")
    client.get(reverse("orders:checkout"))

    with django_assert_max_num_queries(60) as few:
        client.get(reverse("orders:checkout"))
        client.get(reverse("orders:cart"))
    fund(luis.customer, points=300, credit="7.00")
    fund(luis.customer, points=200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("orders:checkout"))
        client.get(reverse("orders:cart"))
