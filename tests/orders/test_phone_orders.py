"""Phone orders: find or register the customer, fill their cart, place the order with channel
"teléfono" and the clerk as actor; card orders send the payment link."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crm.models import Customer
from orders import phone_orders
from orders.models import Cart, Order
from outbox.models import Notification
from tests.factories import CustomerFactory
from tests.factories.catalog import ProductFactory

pytestmark = pytest.mark.django_db

NEW = "/tienda/pedidos/nuevo/"


@pytest.fixture
def caller(db):
    return CustomerFactory(
        name="Teresa Gonzales", phone="+51955111222", email="teresa@example.pe", dni="10293847"
    )


def _builder(customer):
    return f"{NEW}{customer.pk}/"


def _fill_cart(client, customer, *products, quantity=1):
    for product in products:
        response = client.post(
            f"{_builder(customer)}agregar/",
            {"producto": product.pk, "cantidad": quantity},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200


def test_find_customers_by_phone_email_dni_or_name(caller):
    CustomerFactory(name="Otro Cliente", phone="+51955000000")
    assert phone_orders.find_customers("955 111 222") == [caller]
    assert phone_orders.find_customers("+51955111222") == [caller]
    assert phone_orders.find_customers("TERESA@example.pe") == [caller]
    assert phone_orders.find_customers("10293847") == [caller]
    assert phone_orders.find_customers("gonzales") == [caller]
    assert phone_orders.find_customers("x") == []
    assert phone_orders.find_customers("12") == []


def test_the_search_page_lists_matches(clerk_client, caller):
    html = clerk_client.get(NEW, {"buscar": "955111222"}).content.decode()
    assert "Teresa Gonzales" in html and f'href="{_builder(caller)}' in html
    response = clerk_client.get(NEW, {"buscar": "<b>" * 100}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_a_new_customer_needs_name_and_a_valid_phone(clerk_client):
    response = clerk_client.post(NEW, {"name": "", "phone": "123"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ingresa un teléfono peruano válido" in html
    response = clerk_client.post(
        NEW, {"name": "Ana", "phone": "987 111 333", "email": "no-es-correo", "dni": "12"}
    )
    assert response.status_code == 400
    assert "El DNI debe tener 8 dígitos" in response.content.decode()
    assert not Customer.objects.filter(phone="+51987111333").exists()

    response = clerk_client.post(
        NEW, {"name": "  Ana   Flores ", "phone": "987 111 333", "email": "", "dni": "45871236"}
    )
    customer = Customer.objects.get(phone="+51987111333")
    assert response.status_code == 302 and response["Location"].startswith(_builder(customer))
    assert customer.name == "Ana Flores" and customer.dni == "45871236" and customer.email == ""


def test_registering_a_known_phone_finds_that_customer(clerk_client, caller):
    response = clerk_client.post(NEW, {"name": "Teresa G.", "phone": "955111222"})
    assert response.status_code == 302
    assert Customer.objects.filter(phone="+51955111222").count() == 1
    assert response["Location"].startswith(_builder(caller))


def test_a_dni_of_someone_else_is_refused(clerk_client, caller):
    response = clerk_client.post(NEW, {"name": "Impostor", "phone": "987000111", "dni": "10293847"})
    assert response.status_code == 400
    assert "ya es de Teresa Gonzales" in response.content.decode()
    assert not Customer.objects.filter(phone="+51987000111").exists()


def test_clerk_searches_the_catalog_and_fills_the_customers_cart(
    clerk_client, caller, books, miraflores
):
    rios, ciudad = books
    html = clerk_client.get(
        f"{_builder(caller)}productos/", {"buscar": "ríos profundos"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Los ríos profundos" in html and "5 en esta tienda" in html

    _fill_cart(clerk_client, caller, rios, quantity=2)
    _fill_cart(clerk_client, caller, ciudad)
    cart = Cart.objects.get(customer=caller, checked_out_at__isnull=True)
    assert {(line.product, line.quantity) for line in cart.lines.all()} == {(rios, 2), (ciudad, 1)}

    html = clerk_client.get(_builder(caller)).content.decode()
    assert "Los ríos profundos" in html and "S/ 150.80" in html
    assert "Libros Pepito Miraflores" in html

    line = cart.lines.get(product=ciudad)
    url = f"{_builder(caller)}linea/{line.pk}/"
    response = clerk_client.post(url, {"cantidad": "10000"}, HTTP_HX_REQUEST="true")
    assert "hasta 20 ejemplares" in response.content.decode()
    response = clerk_client.post(url, {"cantidad": "-1"}, HTTP_HX_REQUEST="true")
    assert "no puede ser negativa" in response.content.decode()
    clerk_client.post(url, {"quitar": "1"}, HTTP_HX_REQUEST="true")
    assert not cart.lines.filter(product=ciudad).exists()

    other = CustomerFactory()
    assert (
        clerk_client.post(f"{_builder(other)}linea/{line.pk}/", {"quitar": "1"}).status_code == 404
    )
    gone = ProductFactory(is_active=False)
    response = clerk_client.post(
        f"{_builder(caller)}agregar/", {"producto": gone.pk}, HTTP_HX_REQUEST="true"
    )
    assert "ya no está a la venta" in response.content.decode()
    response = clerk_client.post(
        f"{_builder(caller)}agregar/", {"producto": "abc"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "no existe" in response.content.decode()


def test_phone_order_with_pickup_and_pay_at_the_store(
    clerk_client, clerk, caller, books, miraflores
):
    _fill_cart(clerk_client, caller, books[0])
    response = clerk_client.get(_builder(caller))
    token = response.context["form"]["checkout_token"].value()
    data = {
        "fulfilment": "pickup",
        "store": miraflores.pk,
        "payment_method": "at_pickup",
        "checkout_token": token,
    }

    response = clerk_client.post(_builder(caller), data)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(f"/tienda/pedidos/{order.number}/")
    assert order.channel == "telefono" and order.created_by == clerk and order.customer == caller
    assert order.contact_phone == "+51955111222" and order.contact_email == "teresa@example.pe"
    assert order.status == Order.Status.PROCESSING and order.pickup_code
    assert order.events.get().actor == clerk
    # A second click with the same token does not make a second order.
    clerk_client.post(_builder(caller), data)
    assert Order.objects.count() == 1
    page = clerk_client.get(response["Location"]).content.decode()
    assert order.pickup_code in page and "registrado por" in page


def test_phone_order_by_card_sends_the_payment_link(
    settings, clerk_client, caller, books, miraflores
):
    settings.STRIPE_ENABLED = True
    settings.SITE_URL = "https://librospepito.pe"
    _fill_cart(clerk_client, caller, books[0])
    clerk_client.post(
        _builder(caller),
        {
            "fulfilment": "pickup",
            "store": miraflores.pk,
            "payment_method": "card",
            "checkout_token": "t" * 32,
        },
    )
    order = Order.objects.get()
    assert order.payment_method == "card" and order.status == Order.Status.PENDING_PAYMENT
    link = f"https://librospepito.pe/pedidos/{order.number}/pagar/"
    sms = Notification.objects.get(dedupe_key=f"order:{order.pk}:paylink:sms")
    mail = Notification.objects.get(dedupe_key=f"order:{order.pk}:paylink:email")
    assert link in sms.body and sms.to == "+51955111222"
    assert link in mail.body and mail.to == "teresa@example.pe"


def test_card_is_refused_when_stripe_is_off(settings, clerk_client, caller, books, miraflores):
    settings.STRIPE_ENABLED = False
    _fill_cart(clerk_client, caller, books[0])
    response = clerk_client.post(
        _builder(caller),
        {
            "fulfilment": "pickup",
            "store": miraflores.pk,
            "payment_method": "card",
            "checkout_token": "u" * 32,
        },
    )
    assert response.status_code == 400
    assert "tarjeta no está disponible" in response.content.decode()
    assert not Order.objects.exists()


def test_phone_order_with_delivery_in_a_window(
    settings, clerk_client, clerk, caller, books, zone, window
):
    settings.STRIPE_ENABLED = True
    _fill_cart(clerk_client, caller, books[0])
    html = clerk_client.get(
        f"{_builder(caller)}entrega/",
        {"district": "Miraflores", "province": "Lima", "region": "Lima"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "S/ 10.00" in html and "9:00–13:00" in html
    day = timezone.localdate() + timedelta(days=2)
    response = clerk_client.post(
        _builder(caller),
        {
            "fulfilment": "delivery",
            "street": "Calle Berlín 345",
            "district": "Miraflores",
            "province": "Lima",
            "region": "Lima",
            "slot": f"{day.isoformat()}|{window.pk}",
            "payment_method": "card",
            "checkout_token": "d" * 32,
        },
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.fulfilment == "delivery" and order.delivery_slot.date == day
    assert order.channel == "telefono" and order.created_by == clerk


def test_delivery_needs_an_address_and_card(clerk_client, caller, books):
    _fill_cart(clerk_client, caller, books[0])
    response = clerk_client.post(
        _builder(caller),
        {"fulfilment": "delivery", "payment_method": "at_pickup", "checkout_token": "e" * 32},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "necesario para el delivery" in html and "solo para recojo" in html
    html = clerk_client.get(
        f"{_builder(caller)}entrega/", {"district": "Marte"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Todavía no repartimos en Marte" in html
    assert not Order.objects.exists()


def test_a_store_that_lacks_a_book_is_refused_in_spanish(clerk_client, caller, books, arequipa):
    _fill_cart(clerk_client, caller, books[0])
    response = clerk_client.post(
        _builder(caller),
        {
            "fulfilment": "pickup",
            "store": arequipa.pk,
            "payment_method": "at_pickup",
            "checkout_token": "f" * 32,
        },
    )
    assert response.status_code == 400
    assert "no tiene stock en Libros Pepito Arequipa" in response.content.decode()
    assert not Order.objects.exists()


def test_an_empty_cart_is_refused(clerk_client, caller, miraflores):
    response = clerk_client.post(
        _builder(caller),
        {
            "fulfilment": "pickup",
            "store": miraflores.pk,
            "payment_method": "at_pickup",
            "checkout_token": "g" * 32,
        },
    )
    assert response.status_code == 400 and "carrito está vacío" in response.content.decode()
    assert clerk_client.get(f"{NEW}999999/").status_code == 404
