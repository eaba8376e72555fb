"""The courier's pages (/tienda/reparto/): who opens them, the route's stops, "entregado" and
"no entregado" with their 4xx answers, the cash-up a manager closes, the staff's
"reprogramar", the checkout's payment choices and constant query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from orders import courier
from orders.models import CourierDayClose, DeliveryAttempt, Order, Payment
from tests.factories.accounts import UserFactory
from tests.orders.courier_helpers import dispatch, place_cod, slot_in

pytestmark = pytest.mark.django_db

S = Order.Status
ROUTE = "/tienda/reparto/"
CASHUP = "/tienda/reparto/caja/"


@pytest.fixture(autouse=True)
def _no_stripe(settings):
    settings.STRIPE_ENABLED = False


@pytest.fixture
def rider(warehouse):
    return UserFactory(email="reparto@librospepito.pe", store=warehouse, role=Role.COURIER)


@pytest.fixture
def rider_client(client, rider):
    client.force_login(rider)
    return client


@pytest.fixture
def out_for_delivery(customer_cart, zone, window, warehouse):
    return dispatch(place_cod(customer_cart, window))


def test_the_route_is_for_couriers_and_store_staff(client, user, rider, clerk):
    assert client.get(ROUTE).status_code == 302  # to the login
    client.force_login(user)  # a customer
    assert client.get(ROUTE).status_code == 403
    assert client.get(CASHUP).status_code == 403
    client.force_login(rider)
    assert client.get(ROUTE).status_code == 200
    # The courier's job is the route: not the order board nor the stock.
    assert client.get("/tienda/pedidos/").status_code == 403
    assert client.get("/tienda/stock/").status_code == 403
    client.force_login(clerk)
    assert client.get(ROUTE).status_code == 200


def test_the_courier_finds_the_route_in_the_menu(rider_client):
    html = rider_client.get("/").content.decode()
    assert 'id="courier-link"' in html and 'href="/tienda/reparto/"' in html


def test_the_staff_console_has_a_reparto_tab(clerk_client):
    html = clerk_client.get("/tienda/pedidos/").content.decode()
    assert 'href="/tienda/reparto/?tienda=miraflores"' in html


def test_a_stop_shows_address_phone_to_call_and_amount_due(rider_client, out_for_delivery):
    html = rider_client.get(ROUTE).content.decode()
    order = out_for_delivery
    assert f'id="stop-{order.number}"' in html
    assert "Calle Berlín 345" in html and "Miraflores" in html and "Lima Moderna" in html
    assert f'href="tel:{order.contact_phone}"' in html
    assert f'data-due="{order.total}"' in html


def test_entregado_from_the_phone_page(rider_client, out_for_delivery, rider):
    number = out_for_delivery.number
    response = rider_client.post(
        f"{ROUTE}{number}/entregado/", {"means": "yape", "operation": "12345678"}
    )
    assert response.status_code == 302
    order = Order.objects.get(number=number)
    assert order.status == S.DELIVERED
    assert Payment.objects.get(order=order).means == "yape"
    html = rider_client.get(response.url).content.decode()
    assert f"Entregaste el pedido {number}" in html
    assert f'id="stop-{number}"' not in html  # off the route
    assert 'id="courier-done"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Elige cómo pagó el cliente"),
        ({"means": "yape", "operation": "abc"}, "número de operación de Yape"),
        ({"means": "x" * 500}, "Elige cómo pagó el cliente"),
    ],
)
def test_a_bad_entregado_is_a_400_with_the_reason(rider_client, out_for_delivery, data, message):
    response = rider_client.post(f"{ROUTE}{out_for_delivery.number}/entregado/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    out_for_delivery.refresh_from_db()
    assert out_for_delivery.status == S.DISPATCHED and not Payment.objects.exists()


def test_no_entregado_from_the_phone_page(rider_client, out_for_delivery):
    number = out_for_delivery.number
    response = rider_client.post(f"{ROUTE}{number}/no-entregado/", {"reason": "no_contesta"})
    assert response.status_code == 302
    assert Order.objects.get(number=number).status == S.PACKED
    bad = rider_client.post(f"{ROUTE}{number}/no-entregado/", {"reason": "nada"})
    assert bad.status_code == 400 and "Elige por qué" in bad.content.decode()


def test_another_stores_order_is_a_404(rider_client, out_for_delivery, miraflores):
    Order.objects.filter(pk=out_for_delivery.pk).update(store=miraflores)
    response = rider_client.post(
        f"{ROUTE}{out_for_delivery.number}/entregado/", {"means": "efectivo"}
    )
    assert response.status_code == 404
    assert rider_client.post(f"{ROUTE}LP-0000-000000/entregado/").status_code == 404


def test_the_staff_reschedule_a_failed_delivery_from_the_order_page(
    client, out_for_delivery, rider, warehouse, window
):
    courier.report_failed(order=out_for_delivery, courier=rider, reason="ausente")
    clerk = UserFactory(store=warehouse, role=Role.CLERK)
    client.force_login(clerk)
    page = f"/tienda/pedidos/{out_for_delivery.number}/"
    html = client.get(page).content.decode()
    assert 'id="reschedule"' in html and "No entregado: No había nadie" in html

    response = client.post(f"{page}reprogramar/", {"slot": slot_in(window, days=2)})

    assert response.status_code == 302
    out_for_delivery.refresh_from_db()
    assert out_for_delivery.delivery_slot.date == timezone.localdate() + timezone.timedelta(days=2)


def test_the_courier_sees_their_day_but_cannot_close_it(rider_client, out_for_delivery, rider):
    courier.deliver(order=out_for_delivery, courier=rider, means="efectivo")
    html = rider_client.get(CASHUP).content.decode()
    assert 'id="cashup-efectivo"' in html and str(out_for_delivery.total) in html
    assert "Cerrar la caja del día" not in html
    response = rider_client.post(CASHUP, {"contado_efectivo": "1"})
    assert response.status_code == 403
    assert not CourierDayClose.objects.exists()


def test_the_manager_closes_the_couriers_day(client, out_for_delivery, rider, warehouse):
    courier.deliver(order=out_for_delivery, courier=rider, means="efectivo")
    manager = UserFactory(store=warehouse, role=Role.STORE_MANAGER)
    client.force_login(manager)
    html = client.get(CASHUP).content.decode()
    assert "Cerrar la caja del día" in html and f'value="{rider.pk}"' in html

    short = client.post(CASHUP, {"repartidor": rider.pk, "contado_efectivo": "100.00", "note": ""})
    assert short.status_code == 400 and "anota qué pasó" in short.content.decode()
    bad = client.post(CASHUP, {"repartidor": rider.pk, "contado_efectivo": "cien"})
    assert bad.status_code == 400 and "como 45.90" in bad.content.decode()
    assert not CourierDayClose.objects.exists()

    done = client.post(
        CASHUP,
        {"repartidor": rider.pk, "contado_efectivo": "100,00", "note": "Faltó el vuelto"},
    )
    assert done.status_code == 302
    closed = CourierDayClose.objects.get()
    assert closed.difference == Decimal("100.00") - out_for_delivery.total
    assert closed.closed_by == manager
    html = client.get(done.url).content.decode()
    assert 'id="cashup-closed"' in html and "Faltó el vuelto" in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_route_and_the_cashup_make_a_constant_number_of_queries(
    rider_client, customer, customer_cart, zone, window, rider, books
):
    from orders import cart as carts

    window.capacity = 50
    window.save()

    def add(n):
        for _ in range(n):
            cart = carts.cart_for_customer(customer)
            carts.add_to_cart(cart=cart, product=books[0], quantity=1)
            order = dispatch(place_cod(cart, window))
            courier.deliver(order=order, courier=rider, means="efectivo")
            cart = carts.cart_for_customer(customer)
            carts.add_to_cart(cart=cart, product=books[1], quantity=1)
            dispatch(place_cod(cart, window))

    add(1)
    route_few, cashup_few = _count(rider_client, ROUTE), _count(rider_client, CASHUP)
    add(4)
    assert _count(rider_client, ROUTE) == route_few
    assert _count(rider_client, CASHUP) == cashup_few
    assert DeliveryAttempt.objects.count() == 5


def test_checkout_offers_pago_contra_entrega_and_no_card_without_stripe(
    client, user, customer_cart, zone
):
    client.force_login(user)
    html = client.get("/checkout/").content.decode()
    assert 'id="payment-summary"' in html
    assert 'value="cod"' in html and 'data-payment-for="delivery"' in html
    assert 'value="card"' not in html
    fragment = client.get(
        "/checkout/entrega/", {"district": "Miraflores", "province": "Lima", "region": "Lima"}
    ).content.decode()
    assert "Puedes pagar con: Pago contra entrega" in fragment


def test_a_pending_card_order_shows_no_pagar_ahora_without_stripe(client, settings, order_factory):
    order = order_factory()
    client.get(order.get_absolute_url())  # no access yet
    from orders import access

    url = access.signed_url(order)
    assert "Pagar ahora" not in client.get(url).content.decode()
    settings.STRIPE_ENABLED = True
    assert "Pagar ahora" in client.get(url).content.decode()


@pytest.fixture
def order_factory(miraflores):
    from tests.orders.staff_helpers import make_order

    def make():
        return make_order(
            miraflores, status=S.PENDING_PAYMENT, payment_method=Order.PaymentMethod.CARD
        )

    return make
