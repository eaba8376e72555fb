"""A customer (or a guest who proved the order) annuls their own order before it is packed:
the staff's annulment (stock back, card refunded, one `order.cancelled`), a confirmation page,
Spanish messages; packed orders say why not and whom to call; anybody else gets a 404."""

# ruff: noqa: F811

import pytest
from django.urls import reverse

from inventory.models import StockItem
from orders import payments, status
from orders.models import Order, Payment
from outbox.models import Event
from tests.factories import UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.conftest import place
from tests.orders.stripe_fixtures import (  # noqa: F401 (fixtures)
    card_order,
    localstripe,
    pay_with_card,
    stripe_settings,
)

pytestmark = pytest.mark.django_db

S = Order.Status


def cancel_url(order):
    return reverse("orders:order_cancel", args=[order.number])


def held(store, product) -> int:
    return StockItem.objects.get(store=store, product=product).reserved


def cancelled_facts(order) -> int:
    return Event.objects.filter(name="order.cancelled", key=f"order:{order.pk}").count()


@pytest.fixture
def order(customer_cart, miraflores):
    return place(customer_cart, store=miraflores)


def test_the_customer_confirms_and_the_order_is_annulled_with_its_stock_back(
    client, order, miraflores, books
):
    client.force_login(order.customer.user)
    assert held(miraflores, books[0]) == 2

    page = client.get(order.get_absolute_url()).content.decode()
    assert cancel_url(order) in page  # the tracking page links to the confirmation
    confirm = client.get(cancel_url(order))
    assert confirm.status_code == 200
    assert "¿Anular el pedido" in confirm.content.decode()
    order.refresh_from_db()
    assert order.status == S.PROCESSING  # the GET changes nothing

    response = client.post(cancel_url(order), {"reason": "Lo compré en otra tienda"})

    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert held(miraflores, books[0]) == 0 and held(miraflores, books[1]) == 0
    event = order.events.latest("pk")
    assert event.status == S.CANCELLED and event.actor == order.customer.user
    assert event.note == "Anulado por el cliente: Lo compré en otra tienda"
    assert cancelled_facts(order) == 1
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Anulaste tu pedido" in page and "No se te cobró nada" in page
    assert cancel_url(order) not in page


def test_a_second_post_changes_nothing_and_publishes_nothing_more(client, order):
    client.force_login(order.customer.user)
    client.post(cancel_url(order))
    response = client.post(cancel_url(order), follow=True)

    assert "Este pedido ya está anulado." in response.content.decode()
    assert cancelled_facts(order) == 1
    assert order.events.filter(status=S.CANCELLED).count() == 1


def test_an_unpaid_card_order_can_be_annulled(client, customer_cart, miraflores, settings):
    settings.STRIPE_ENABLED = True  # placing it asks Stripe nothing; annulling it neither
    order = place(customer_cart, store=miraflores, payment_method="card")
    assert order.status == S.PENDING_PAYMENT
    client.force_login(order.customer.user)

    client.post(cancel_url(order))

    order.refresh_from_db()
    assert order.status == S.CANCELLED and not order.payments.exists()


@pytest.mark.parametrize("reached", [S.PACKED, S.READY])
def test_a_packed_order_says_why_not_and_whom_to_call(client, order, miraflores, reached):
    miraflores.phone = "01 444 5555"
    miraflores.save()
    status.advance(order=order, to=S.PACKED)
    if reached == S.READY:
        status.advance(order=order, to=S.READY)
    client.force_login(order.customer.user)

    page = client.get(order.get_absolute_url()).content.decode()
    assert cancel_url(order) not in page
    assert "ya está embalado" in page and "01 444 5555" in page and order.number in page

    response = client.post(cancel_url(order), follow=True)
    assert "ya está embalado" in response.content.decode()
    order.refresh_from_db()
    assert order.status == reached and cancelled_facts(order) == 0
    # The confirmation page itself sends back to the order with the same explanation.
    assert client.get(cancel_url(order))["Location"] == order.get_absolute_url()


def test_a_dispatched_order_cannot_be_annulled(client, order):
    order.fulfilment = Order.Fulfilment.DELIVERY
    order.save(update_fields=["fulfilment"])
    status.advance(order=order, to=S.PACKED)
    status.advance(order=order, to=S.DISPATCHED)
    client.force_login(order.customer.user)

    response = client.post(cancel_url(order), follow=True)

    assert "ya salió o ya fue entregado" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.DISPATCHED and cancelled_facts(order) == 0
    with pytest.raises(status.IllegalTransition):
        status.cancel_by_customer(order=order)


def test_someone_elses_order_is_a_404(client, order):
    client.force_login(UserFactory())
    assert client.get(cancel_url(order)).status_code == 404
    assert client.post(cancel_url(order)).status_code == 404
    client.logout()
    assert client.post(cancel_url(order)).status_code == 404
    order.refresh_from_db()
    assert order.status == S.PROCESSING


def test_a_guest_cancels_after_the_lookup(client, order):
    assert client.post(cancel_url(order)).status_code == 404
    client.post(
        reverse("orders:order_lookup"), {"number": order.number, "email": order.contact_email}
    )

    client.post(cancel_url(order))

    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert order.events.latest("pk").actor is None


def test_a_reason_too_long_is_refused_with_a_message(client, order):
    client.force_login(order.customer.user)

    response = client.post(cancel_url(order), {"reason": "x" * 201})

    assert response.status_code == 400
    assert "200" in response.content.decode()  # Django's Spanish max_length message
    order.refresh_from_db()
    assert order.status == S.PROCESSING


def test_the_confirmation_page_makes_constant_queries(
    client, customer, miraflores, django_assert_num_queries
):
    from orders import cart as carts

    def order_of(count):
        cart = carts.cart_for_customer(customer)
        for _ in range(count):
            book = ProductFactory()
            stock_up(miraflores, book, 3)
            carts.add_to_cart(cart=cart, product=book, quantity=1)
        return place(cart, store=miraflores)

    client.force_login(customer.user)
    small, big = order_of(1), order_of(6)
    client.get(cancel_url(small))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(cancel_url(small))
    with django_assert_num_queries(len(one)):
        response = client.get(cancel_url(big))
    assert response.status_code == 200


def test_a_paid_card_order_is_refunded_through_stripe(client, stripe_settings, customer):
    order = card_order(customer=customer)
    intent = pay_with_card(order)
    payments.confirm_payment(order)  # what the pay page's confirm step does
    order.refresh_from_db()
    assert order.status == S.PROCESSING and order.is_paid
    client.force_login(customer.user)

    page = client.get(cancel_url(order)).content.decode()
    assert "Te devolvemos S/ 91.80" in page
    response = client.post(cancel_url(order), follow=True)

    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert order.payment_status == Order.PaymentStatus.REFUNDED
    refund = Payment.objects.get(order=order, kind=Payment.Kind.REFUND)
    assert refund.amount == order.total
    stripe_refunds = payments.client().refunds.list(params={"payment_intent": intent}).data
    assert [r.amount for r in stripe_refunds] == [9180]
    assert "Te devolvimos el pago a tu tarjeta" in response.content.decode()
    assert Event.objects.filter(name="order.refunded", key=f"order:{order.pk}").count() == 1
    assert cancelled_facts(order) == 1
