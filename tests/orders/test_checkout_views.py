from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from orders.models import Order
from tests.factories import UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db


def guest_checkout(client, miraflores, **overrides):
    data = checkout_data(client, miraflores, **overrides)
    return client.post(reverse("orders:checkout"), data)


def checkout_data(client, miraflores, **overrides):
    page = client.get(reverse("orders:checkout"))
    form = page.context["form"]
    data = {
        "name": "Rosa Quispe",
        "email": "rosa@example.pe",
        "phone": "987 654 321",
        "fulfilment": "pickup",
        "store": miraflores.pk,
        "payment_method": "at_pickup",
        "checkout_token": form.initial["checkout_token"],
        "expected_subtotal": str(form.initial["expected_subtotal"]),
        "region": "Lima",
    }
    data.update(overrides)
    return data


def test_guest_checks_out_with_pickup_and_sees_the_tracking_page(client, books, miraflores):
    client.post(reverse("orders:cart_add", args=[books[0].pk]), {"cantidad": "2"})

    response = guest_checkout(client, miraflores)

    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.customer.email == "rosa@example.pe" and order.channel == "web"
    page = client.get(order.get_absolute_url()).content.decode()
    assert order.number in page and order.pickup_code in page
    assert "Libros Pepito Miraflores" in page and "En proceso" in page
    assert client.get(reverse("orders:pickup_qr", args=[order.number]))["Content-Type"] == (
        "image/svg+xml"
    )


def test_double_submit_makes_one_order(client, books, miraflores):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))
    data = checkout_data(client, miraflores)

    client.post(reverse("orders:checkout"), data)
    second = client.post(reverse("orders:checkout"), data)

    assert Order.objects.count() == 1
    assert second.status_code in (200, 302)


def test_price_change_between_page_and_payment_is_shown(client, books, miraflores):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))
    Product.objects.filter(pk=books[0].pk).update(price=Decimal("99.00"))

    response = guest_checkout(client, miraflores, expected_subtotal="45.90")

    assert response.status_code == 200
    assert "precios o la disponibilidad cambiaron" in response.content.decode()
    assert "S/ 99.00" in response.content.decode()
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12", "teléfono peruano válido"),
        ("email", "no-es-correo", "correo electrónico válid"),
        ("store", "", "Elige la tienda"),
        ("expected_subtotal", "-1", ""),
        ("checkout_token", "x", ""),
        ("fulfilment", "teletransporte", ""),
    ],
)
def test_bad_checkout_input_is_explained_and_nothing_is_created(
    client, books, miraflores, field, value, message
):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))

    response = guest_checkout(client, miraflores, **{field: value})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Order.objects.exists()


def test_delivery_options_show_fee_and_windows(client, books, zone, window):
    client.post(reverse("orders:cart_add", args=[books[0].pk]))

    html = client.get(
        reverse("orders:checkout_fulfilment"), {"district": "Miraflores", "province": "Lima"}
    ).content.decode()
    assert "S/ 10.00" in html and "9:00–13:00" in html and "S/ 55.90" in html

    html = client.get(
        reverse("orders:checkout_fulfilment"), {"district": "Pucusana", "province": "Lima"}
    ).content.decode()
    assert "Todavía no repartimos en Pucusana" in html


def test_empty_cart_checkout_goes_back_to_the_cart(client, db):
    response = client.get(reverse("orders:checkout"))

    assert response.status_code == 302 and response["Location"] == reverse("orders:cart")


def test_nobody_sees_another_customers_order(client, customer_cart, miraflores):
    order = place(customer_cart, store=miraflores)

    assert client.get(order.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(order.get_absolute_url()).status_code == 404
    assert client.get(reverse("orders:pickup_qr", args=[order.number])).status_code == 404
    assert client.get("/pedidos/LP-0000-000000/").status_code == 404


def test_the_customer_sees_their_orders(client, user, customer_cart, miraflores):
    order = place(customer_cart, store=miraflores)
    client.force_login(user)

    assert order.number in client.get(reverse("orders:order_list")).content.decode()
    assert client.get(order.get_absolute_url()).status_code == 200


def test_guest_lookup_needs_number_and_email(client, customer_cart, miraflores):
    order = place(customer_cart, store=miraflores)

    bad = client.post(reverse("orders:order_lookup"), {"number": order.number, "email": "x@y.pe"})
    assert "No encontramos un pedido" in bad.content.decode()
    good = client.post(
        reverse("orders:order_lookup"), {"number": order.number.lower(), "email": "LUIS@example.pe"}
    )
    assert good["Location"] == order.get_absolute_url()
    assert client.get(order.get_absolute_url()).status_code == 200


def test_wholesale_customer_marks_the_order_received(client, user, customer_cart, miraflores):
    order = place(customer_cart, store=miraflores, channel="mayorista")
    Order.objects.filter(pk=order.pk).update(status="despachado")
    client.force_login(user)

    client.post(reverse("orders:order_received", args=[order.number]))

    order.refresh_from_db()
    assert order.status == "recibido"


def test_cart_and_checkout_pages_make_constant_queries(client, user, miraflores, warehouse):
    client.force_login(user)

    def measure(n):
        for _ in range(n):
            book = ProductFactory()
            stock_up(miraflores, book, 3)
            client.post(reverse("orders:cart_add", args=[book.pk]))
        counts = []
        for url in (reverse("orders:cart"), reverse("orders:checkout")):
            client.get(url)  # warm caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    few = measure(2)
    many = measure(10)

    assert few == many
    assert max(many) <= 20


def test_the_signed_link_of_an_email_opens_the_order_on_another_phone(
    client, customer_cart, miraflores
):
    from orders.access import signed_url, token_for

    order = place(customer_cart, store=miraflores)
    link = signed_url(order)
    assert link.startswith("http") and "?t=" in link

    assert client.get(order.get_absolute_url(), {"t": "falso"}).status_code == 404
    assert client.get(order.get_absolute_url(), {"t": token_for(order) + "x"}).status_code == 404
    assert client.get(order.get_absolute_url(), {"t": token_for(order)}).status_code == 200
    # The browser keeps access afterwards, for this order only.
    assert client.get(order.get_absolute_url()).status_code == 200


def test_status_emails_carry_the_signed_link(customer_cart, miraflores):
    from outbox.models import Notification

    order = place(customer_cart, store=miraflores)

    email = Notification.objects.filter(channel="email").first()
    assert f"{order.get_absolute_url()}?t=" in email.body


def test_a_failing_handler_never_fails_the_checkout_that_published(
    client, books, miraflores, monkeypatch, django_capture_on_commit_callbacks
):
    """The order commits, the customer sees it; the broken reaction waits for its retry."""
    from outbox import spine
    from outbox.models import Delivery

    def broken_reaction(event):
        raise RuntimeError("a subscriber's bug")

    monkeypatch.setattr(spine, "_handlers", {k: dict(v) for k, v in spine._handlers.items()})
    spine.subscribe("order.placed", broken_reaction)
    client.post(reverse("orders:cart_add", args=[books[0].pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = guest_checkout(client, miraflores)

    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    failed = Delivery.objects.get(handler__endswith="broken_reaction")
    assert failed.status == "pending" and "a subscriber's bug" in failed.last_error
    # The other reactions to the same order went on.
    others = Delivery.objects.filter(event__name="order.placed").exclude(pk=failed.pk)
    assert others.exists() and set(others.values_list("status", flat=True)) == {"done"}
