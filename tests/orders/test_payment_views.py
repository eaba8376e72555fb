"""The pay page, its confirmation and the localstripe card step (views), against localstripe."""

# The localstripe fixtures are imported here, so pytest sees them; ruff takes them for unused
# imports shadowed by test arguments.
# ruff: noqa: F811

import json

import pytest
from django.urls import reverse

from orders import payments
from orders.models import Order
from tests.factories import UserFactory
from tests.orders.stripe_fixtures import (  # noqa: F401 (fixtures)
    CARD,
    card_order,
    localstripe,
    pay_with_card,
    stripe_settings,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(stripe_settings, customer):
    return card_order(customer=customer)


def pay_url(order):
    return reverse("orders:pay", args=[order.number])


def test_the_customer_sees_the_pay_page_with_stripe_js_and_the_order_total(
    client, user, order, settings
):
    client.force_login(user)

    response = client.get(pay_url(order))

    assert response.status_code == 200
    page = response.content.decode()
    order.refresh_from_db()
    assert order.stripe_payment_intent
    assert f'data-client-secret="{order.stripe_payment_intent}_secret_' in page
    assert f'src="{settings.STRIPE_JS_URL}"' in page
    assert settings.STRIPE_JS_URL.endswith("/js.stripe.com/v3/")
    assert "S/ 91.80" in page
    assert "js/pay.js" in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_reloading_the_pay_page_keeps_the_same_payment_intent(client, user, order):
    client.force_login(user)
    client.get(pay_url(order))
    first = Order.objects.get(pk=order.pk).stripe_payment_intent

    client.get(pay_url(order))

    assert Order.objects.get(pk=order.pk).stripe_payment_intent == first


def test_a_guest_with_access_in_the_session_may_pay(client, order):
    session = client.session
    session["orders_access"] = [order.number]
    session.save()

    assert client.get(pay_url(order)).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "someone_else"])
def test_nobody_else_may_open_the_pay_page(client, order, who):
    if who == "someone_else":
        client.force_login(UserFactory())

    assert client.get(pay_url(order)).status_code == 404
    assert client.post(reverse("orders:pay_confirm", args=[order.number])).status_code == 404
    assert Order.objects.get(pk=order.pk).stripe_payment_intent == ""


def test_an_unknown_or_absurd_order_number_is_a_404(client, user, stripe_settings):
    client.force_login(user)

    assert client.get("/pedidos/LP-2026-999999/pagar/").status_code == 404
    assert client.get("/pedidos/" + "x" * 300 + "/pagar/").status_code == 404


def test_a_paid_order_goes_to_its_tracking_page(client, user, order):
    client.force_login(user)
    pay_with_card(order)
    payments.confirm_payment(order)

    response = client.get(pay_url(order))

    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()


def test_without_stripe_the_page_says_so(client, user, order, settings):
    settings.STRIPE_ENABLED = False
    client.force_login(user)

    response = client.get(pay_url(order))

    assert response.status_code == 200
    assert "El pago con tarjeta no está disponible en este momento" in response.content.decode()
    assert "js/pay.js" not in response.content.decode()


def test_stripe_unreachable_shows_a_message_not_an_error_page(client, user, order, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    client.force_login(user)

    response = client.get(pay_url(order))

    assert response.status_code == 200
    assert "no se te cobró nada" in response.content.decode()


def test_confirming_after_paying_marks_paid_and_shows_tracking(client, user, order):
    client.force_login(user)
    pay_with_card(order)

    response = client.post(reverse("orders:pay_confirm", args=[order.number]), follow=True)

    assert response.redirect_chain[-1][0] == order.get_absolute_url()
    assert "¡Pago recibido!" in response.content.decode()
    order.refresh_from_db()
    assert order.payment_status == "paid"
    assert order.status == Order.Status.PROCESSING


def test_confirming_without_paying_changes_nothing(client, user, order):
    client.force_login(user)
    client.get(pay_url(order))

    response = client.post(reverse("orders:pay_confirm", args=[order.number]), follow=True)

    assert "Estamos confirmando tu pago" in response.content.decode()
    assert Order.objects.get(pk=order.pk).payment_status == "pending"


def test_confirm_only_accepts_post(client, user, order):
    client.force_login(user)

    assert client.get(reverse("orders:pay_confirm", args=[order.number])).status_code == 405


def test_the_local_card_step_charges_the_order_total(client, user, order):
    client.force_login(user)
    client.get(pay_url(order))
    token = payments.client().tokens.create(params={"card": dict(CARD)})

    response = client.post(
        reverse("orders:pay_test_card", args=[order.number]), {"token": token.id}
    )

    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "succeeded"
    intent = payments.client().payment_intents.retrieve(
        Order.objects.get(pk=order.pk).stripe_payment_intent
    )
    assert (intent.status, intent.amount) == ("succeeded", 9180)


@pytest.mark.parametrize("token", ["", "tok_doesnotexist", "pm_card_visa", "x" * 500])
def test_the_local_card_step_refuses_bad_tokens(client, user, order, token):
    client.force_login(user)

    response = client.post(reverse("orders:pay_test_card", args=[order.number]), {"token": token})

    assert response.status_code == 400
    assert json.loads(response.content)["error"]


def test_the_local_card_step_does_not_exist_with_real_stripe(client, user, order, settings):
    settings.STRIPE_API_BASE = ""
    client.force_login(user)

    response = client.post(reverse("orders:pay_test_card", args=[order.number]), {"token": "t"})

    assert response.status_code == 404
