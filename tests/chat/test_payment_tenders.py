"""The chat's payment request with Club Pepito points and store credit: checked against the
customer's balance, carried to the checkout the customer opens with "Pagar"."""

from decimal import Decimal

import pytest
from django.urls import reverse

from chat import frames, selling
from chat.exceptions import ChatError
from orders.models import Order
from tests.chat.conftest import logged_in, online, visitor
from tests.factories import UserFactory
from tests.orders.tender_helpers import balances, fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def luis_chat(rosa, book):
    online(rosa)
    luis = UserFactory(email="luis@example.pe", first_name="Luis", last_name="Ramírez")
    fund(luis.customer, points=300, credit="10.00")
    browser = logged_in(luis)
    started = browser.post(reverse("chat:start"), {"name": "Luis"})
    conversation_id = started.json()["conversation"]
    selling.clerk_cart_add(
        user=rosa, conversation_id=conversation_id, product_id=book.pk, quantity=2
    )  # S/ 91.80
    return luis, browser, conversation_id


def test_the_payment_request_carries_the_points_to_the_checkout(luis_chat, rosa, miraflores):
    luis, browser, conversation_id = luis_chat

    request = selling.send_payment_request(
        user=rosa, conversation_id=conversation_id, points="200", credit="5"
    )

    assert request.payload["points"] == 200
    assert (request.payload["points_value"], request.payload["credit"]) == ("10.00", "5.00")
    assert request.payload["due"] == "76.80"
    assert "Usas 200 puntos" in request.text and "pagas S/ 76.80" in request.text
    assert frames.message_frame(request)["message"]["payload"]["due"] == "S/ 76.80"

    browser.get(reverse("chat:pay"))
    page = browser.get(reverse("orders:checkout"))
    form = page.context["form"]
    assert str(form["points"].value()) == "200" and str(form["credit"].value()) == "5.00"
    response = browser.post(
        reverse("orders:checkout"),
        {
            "name": "Luis Ramírez",
            "email": "luis@example.pe",
            "phone": "987 654 321",
            "fulfilment": "pickup",
            "store": miraflores.pk,
            "payment_method": "at_pickup",
            "checkout_token": form.initial["checkout_token"],
            "expected_subtotal": str(form.initial["expected_subtotal"]),
            "loyalty_account": form.initial["loyalty_account"],
            "points": "200",
            "credit": "5.00",
            "region": "Lima",
        },
    )

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.channel == "chat" and order.points_used == 200
    assert order.amount_due == Decimal("76.80")
    assert balances(luis.customer).points_balance == 100


@pytest.mark.parametrize(
    ("points", "credit", "words"),
    [
        ("400", "", "de 100 a 300 puntos"),
        ("50", "", "de 100 a 300 puntos"),
        ("1.5", "", "número entero"),
        ("", "-3", "sin montos negativos"),
        ("", "11", "S/ 10.00"),
    ],
)
def test_the_clerk_cannot_offer_more_than_the_customer_has(luis_chat, rosa, points, credit, words):
    _, _, conversation_id = luis_chat

    with pytest.raises(ChatError) as refused:
        selling.send_payment_request(
            user=rosa, conversation_id=conversation_id, points=points, credit=credit
        )

    assert words in refused.value.message


def test_a_visitor_without_an_account_cannot_pay_with_points(rosa, book):
    online(rosa)
    _, conversation_id = visitor("Ana")
    selling.clerk_cart_add(user=rosa, conversation_id=conversation_id, product_id=book.pk)

    with pytest.raises(ChatError) as refused:
        selling.send_payment_request(user=rosa, conversation_id=conversation_id, points=100)

    assert refused.value.code == "invalid_tender"
    assert "Club Pepito" in refused.value.message
