"""Signed links are bound both ways (issue #20): a valid link for order A never opens order B,
on any URL shape that takes one, and leaves nothing in the session."""

import pytest

from orders import access
from orders.models import Order
from tests.factories import UserFactory
from tests.orders.staff_helpers import make_order

pytestmark = pytest.mark.django_db

# Every customer URL that answers to orders.access (tracking_views.order_for_request).
GET_SHAPES = ["", "qr.svg", "pagar/", "anular/"]
POST_SHAPES = ["recibido/", "pagar/confirmar/", "pagar/tarjeta/", "anular/"]


@pytest.fixture
def two_orders(miraflores):
    a = make_order(miraflores, contact_email="ana@example.pe")
    b = make_order(miraflores, contact_email="beto@example.pe", channel="mayorista")
    # B could be paid and confirmed, so only the access check stands in the way.
    Order.objects.filter(pk=b.pk).update(
        status=Order.Status.PENDING_PAYMENT, payment_method="card", pickup_code="123456"
    )
    return a, b


@pytest.fixture
def stripe_on(settings):
    settings.STRIPE_ENABLED = True
    settings.STRIPE_API_BASE = "http://127.0.0.1:1"  # never reached: the 404 comes first


def _nothing_granted(client):
    assert access.SESSION_KEY not in client.session


@pytest.mark.parametrize("suffix", GET_SHAPES)
def test_a_valid_link_for_a_does_not_open_b(client, two_orders, stripe_on, suffix):
    a, b = two_orders

    response = client.get(f"/pedidos/{b.number}/{suffix}", {"t": access.token_for(a)})

    assert response.status_code == 404
    _nothing_granted(client)
    assert client.get(f"/pedidos/{b.number}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", POST_SHAPES)
def test_a_valid_link_for_a_does_not_act_on_b(client, two_orders, stripe_on, suffix):
    a, b = two_orders

    response = client.post(f"/pedidos/{b.number}/{suffix}?t={access.token_for(a)}")

    assert response.status_code == 404
    _nothing_granted(client)
    b.refresh_from_db()
    assert b.status == Order.Status.PENDING_PAYMENT


def test_the_link_still_opens_its_own_order_and_only_that_one(client, two_orders):
    a, b = two_orders

    assert client.get(f"/pedidos/{a.number}/", {"t": access.token_for(a)}).status_code == 200
    assert client.session[access.SESSION_KEY] == [a.number]
    # Holding A in the session opens neither B nor B with A's token.
    assert client.get(f"/pedidos/{b.number}/").status_code == 404
    assert client.get(f"/pedidos/{b.number}/", {"t": access.token_for(a)}).status_code == 404
    assert client.session[access.SESSION_KEY] == [a.number]


def test_a_token_names_its_order_exactly(two_orders):
    a, b = two_orders
    assert access.number_in_token(access.token_for(a)) == a.number
    assert access.number_in_token(access.token_for(a)) != b.number
    # Another salt (another kind of signed value) is not an order link.
    from django.core import signing

    assert access.number_in_token(signing.dumps(b.number, salt="otra-cosa")) is None
    assert access.number_in_token(signing.dumps(b.number)) is None


def test_a_customer_logged_in_does_not_open_another_customers_order(client, two_orders):
    a, b = two_orders
    someone = UserFactory(email="otro@example.pe")  # a customer with orders of their own
    make_order(b.store, customer=someone.customer)
    client.force_login(someone)

    assert client.get(f"/pedidos/{b.number}/").status_code == 404
    _nothing_granted(client)


def test_the_guest_lookup_with_as_email_does_not_grant_b(client, two_orders):
    a, b = two_orders

    response = client.post("/pedidos/buscar/", {"number": b.number, "email": "ana@example.pe"})

    assert response.status_code == 200
    assert "No encontramos un pedido" in response.content.decode()
    _nothing_granted(client)
