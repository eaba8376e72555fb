"""A logged-in customer pays a card order on a phone through localstripe's Stripe.js."""

# The localstripe fixtures are imported here, so pytest sees them; ruff takes them for unused
# imports shadowed by test arguments.
# ruff: noqa: F811

import pytest
from django.conf import settings
from django.test import Client

from orders.models import Order, Payment
from tests.orders.stripe_fixtures import (  # noqa: F401 (fixtures)
    card_order,
    localstripe,
    stripe_settings,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_a_customer_pays_a_card_order_and_lands_on_the_tracking_page(
    phone, live_server, stripe_settings, user
):
    page = phone
    order = card_order(customer=user.customer)
    log_in(page, user, live_server)

    page.goto(f"/pedidos/{order.number}/")
    page.get_by_role("link", name="Pagar ahora").click()
    page.get_by_role("heading", name=f"Pagar el pedido {order.number}").wait_for()
    assert page.locator("#pay-total").inner_text() == "S/ 91.80"

    # localstripe's card element: one plain input per field, named by its placeholder.
    card = page.locator("#card-element")
    card.get_by_placeholder("number").fill("4242424242424242")
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("34")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("15074")
    page.get_by_role("button", name="Pagar S/ 91.80").click()

    page.wait_for_url(f"**{order.get_absolute_url()}")
    page.get_by_text("¡Pago recibido!").wait_for()
    assert page.locator("#order-status").inner_text() == "En proceso"
    assert page.get_by_text("Pagado", exact=True).is_visible()
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (Order.Status.PROCESSING, "paid")
    charge = Payment.objects.get(order=order)
    assert charge.reference == order.stripe_payment_intent
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_card_that_needs_3d_secure_is_authenticated_in_the_page(
    phone, live_server, stripe_settings, user
):
    page = phone
    order = card_order(customer=user.customer)
    log_in(page, user, live_server)

    page.goto(f"/pedidos/{order.number}/pagar/")
    card = page.locator("#card-element")
    card.get_by_placeholder("number").fill("4000002760003184")  # asks for 3-D Secure
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("34")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("15074")
    page.get_by_role("button", name="Pagar S/ 91.80").click()
    # confirmCardPayment shows localstripe's 3-D Secure prompt.
    page.get_by_role("button", name="Complete authentication").click()

    page.wait_for_url(f"**{order.get_absolute_url()}")
    assert page.locator("#order-status").inner_text() == "En proceso"
    assert Order.objects.get(pk=order.pk).payment_status == "paid"


def test_a_declined_card_is_explained_and_nothing_is_paid(
    phone, live_server, stripe_settings, user
):
    page = phone
    order = card_order(customer=user.customer)
    log_in(page, user, live_server)

    page.goto(f"/pedidos/{order.number}/pagar/")
    card = page.locator("#card-element")
    card.get_by_placeholder("number").fill("4000000000000341")  # charge declined
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("34")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("15074")
    page.get_by_role("button", name="Pagar S/ 91.80").click()

    page.get_by_text("Tu tarjeta fue rechazada; prueba con otra.").wait_for()
    assert page.get_by_role("button", name="Pagar S/ 91.80").is_enabled()
    assert Order.objects.get(pk=order.pk).payment_status == "pending"
