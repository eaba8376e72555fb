"""The pago contra entrega journey on the embedded default (no Stripe): a guest on a phone orders
a Lima delivery paying on delivery, the warehouse clerk dispatches it on the board (tablet),
the courier marks it paid and delivered on a phone-sized page, and the customer's tracking page
shows every step. Then a failed delivery goes back to the store."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role, sync_roles
from orders.models import (
    CourierDayClose,
    DeliveryDistrict,
    DeliveryWindow,
    DeliveryZone,
    Order,
    Payment,
)
from tests.browser.conftest import PHONE
from tests.browser.orders.test_staff_orders import TABLET, _context, log_in
from tests.factories import StoreFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import WarehouseFactory, stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _embedded_default(settings):
    sync_roles()  # a transactional test before this one may have flushed the groups
    settings.STRIPE_ENABLED = False


@pytest.fixture
def shop(db):
    warehouse = WarehouseFactory(slug="almacen-central", name="Almacén central")
    rios = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(warehouse, rios, 4)
    stock_up(StoreFactory(slug="miraflores", name="Libros Pepito Miraflores"), rios, 1)
    zone = DeliveryZone.objects.create(name="Lima Moderna", fee=Decimal("10.00"))
    DeliveryDistrict.objects.create(name="Miraflores", zone=zone)
    DeliveryWindow.objects.create(label="9:00–13:00", starts_at="09:00", ends_at="13:00")
    return {
        "warehouse": warehouse,
        "clerk": UserFactory(email="almacen@librospepito.pe", store=warehouse, role=Role.CLERK),
        "rider": UserFactory(email="reparto@librospepito.pe", store=warehouse, role=Role.COURIER),
    }


def _guest_orders_cod(page) -> str:
    page.goto("/libros/")
    card = page.locator(".product-card", has_text="Los ríos profundos")
    card.get_by_role("button", name="Agregar al carrito").click()
    card.get_by_text("En tu carrito").wait_for()
    page.goto("/checkout/")
    # Before filling anything: which payments each way of receiving takes.
    summary = page.locator("#payment-summary")
    expect(summary).to_contain_text("Delivery en Lima")
    expect(summary).to_contain_text("pago contra entrega")
    expect(page.get_by_text("Tarjeta de crédito o débito")).to_have_count(0)

    page.get_by_label("Nombre y apellido").fill("Rosa Quispe")
    page.get_by_label("Correo electrónico").fill("rosa.quispe@example.pe")
    page.get_by_label("Celular").fill("987 654 321")
    page.get_by_text("Delivery a domicilio").click()
    # Pay-at-the-store is for pickup only: it is hidden once delivery is chosen.
    expect(page.get_by_text("Pago en tienda al recoger")).to_be_hidden()
    expect(page.locator("input[value=cod]")).to_be_checked()
    page.get_by_label("Dirección").fill("Calle Berlín 345")
    page.get_by_label("Distrito").fill("Miraflores")
    page.get_by_label("Distrito").press("Tab")
    expect(page.locator("#delivery-payments")).to_contain_text("Pago contra entrega")
    # The district's field also asks again after typing stops (600 ms): let that answer land
    # before choosing a window, or it would redraw the windows unchosen.
    page.wait_for_timeout(900)
    page.wait_for_load_state("networkidle")
    page.locator(".slot").first.click()
    expect(page.locator(".slot input").first).to_be_checked()
    page.get_by_role("button", name="Confirmar pedido").click()

    page.wait_for_url(re.compile(r"/pedidos/LP-\d{4}-\d{6}/$"))
    order = Order.objects.get()
    assert order.payment_method == "cod" and order.total == Decimal("55.90")
    expect(page.locator("#order-status")).to_have_text("En proceso")
    expect(page.locator("#cod-due")).to_contain_text("S/ 55.90")
    expect(page.get_by_text("Pagar ahora")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    return order.number


def _clerk_dispatches(browser, live_server, shop, order):
    tablet = _context(browser, live_server, **TABLET)
    page = tablet.new_page()
    log_in(page, shop["clerk"])
    page.goto("/tienda/pedidos/")
    card = page.locator(f"#order-{order.pk}")
    card.get_by_role("button", name="Marcar como embalado").click()
    expect(card.locator("[data-role=status]")).to_have_text("Embalado")
    card.get_by_role("button", name="Despachar").click()
    expect(card.locator("[data-role=status]")).to_have_text("Despachado")
    tablet.close()


def test_guest_pays_on_delivery_and_follows_every_step(browser, live_server, phone, shop):
    number = _guest_orders_cod(phone)
    order = Order.objects.get(number=number)

    _clerk_dispatches(browser, live_server, shop, order)

    rider = _context(browser, live_server, **PHONE).new_page()
    log_in(rider, shop["rider"])
    rider.get_by_role("button", name="Menú", exact=True).click()  # the phone's menu is a drawer
    rider.get_by_role("link", name="Reparto").first.click()
    stop = rider.locator(f"#stop-{number}")
    expect(stop).to_contain_text("Calle Berlín 345")
    expect(stop).to_contain_text("S/ 55.90")
    expect(stop.get_by_role("link", name=re.compile("Llamar"))).to_have_attribute(
        "href", "tel:+51987654321"
    )
    assert rider.evaluate("document.documentElement.scrollWidth") <= 390
    # Yape needs its operation number: refused with the reason, nothing recorded.
    stop.get_by_text("Yape", exact=True).click()
    stop.get_by_role("button", name=re.compile("Entregado y cobrado")).click()
    expect(rider.locator("#courier-error")).to_contain_text("número de operación de Yape")
    assert not Payment.objects.exists()
    stop = rider.locator(f"#stop-{number}")
    stop.get_by_text("Yape", exact=True).click()
    stop.get_by_label("N.º de operación").fill("12345678")
    stop.get_by_role("button", name=re.compile("Entregado y cobrado")).click()
    expect(rider.get_by_text(f"Entregaste el pedido {number}")).to_be_visible()
    expect(rider.locator(f"#stop-{number}")).to_have_count(0)
    rider.get_by_role("link", name="Caja del día").click()
    expect(rider.locator("#cashup-yape .expected")).to_have_text("S/ 55.90")
    assert rider.evaluate("document.documentElement.scrollWidth") <= 390

    phone.reload()
    expect(phone.locator("#order-status")).to_have_text("Entregado")
    timeline = phone.locator(".timeline")
    for step in ("En proceso", "Embalado", "Despachado", "Entregado"):
        expect(timeline).to_contain_text(step)
    expect(timeline).to_contain_text("cobrado S/ 55.90 en yape")
    expect(phone.locator("#cod-due")).to_have_count(0)
    payment = Payment.objects.get()
    assert (payment.means, payment.reference) == ("yape", "yape:12345678")


def test_a_failed_delivery_goes_back_to_the_store(browser, live_server, phone, shop):
    number = _guest_orders_cod(phone)
    _clerk_dispatches(browser, live_server, shop, Order.objects.get(number=number))

    rider = _context(browser, live_server, **PHONE).new_page()
    log_in(rider, shop["rider"])
    rider.goto("/tienda/reparto/")
    stop = rider.locator(f"#stop-{number}")
    stop.get_by_text("No entregado").click()
    stop.get_by_label("Motivo").select_option("ausente")
    stop.get_by_role("button", name="Devolver a la tienda").click()
    expect(rider.get_by_text("vuelve a la tienda")).to_be_visible()

    phone.reload()
    expect(phone.locator("#order-status")).to_have_text("Embalado")
    expect(phone.locator(".timeline")).to_contain_text("No entregado: No había nadie")


def test_the_manager_closes_the_couriers_day_on_a_phone(browser, live_server, shop):
    from orders import cart as carts
    from orders import courier, status
    from orders.checkout import Address, Contact, place_order
    from tests.factories import CustomerFactory

    window = DeliveryWindow.objects.get()
    cart = carts.cart_for_customer(CustomerFactory())
    carts.add_to_cart(cart=cart, product=ProductFactory._meta.model.objects.get(), quantity=1)
    order = place_order(
        cart=cart,
        contact=Contact("Lectora", "lectora@example.pe", "+51987654321"),
        fulfilment="delivery",
        payment_method="cod",
        channel="web",
        checkout_token="cashup-journey-0001",
        expected_subtotal=None,
        address=Address("Calle Berlín 345", "", "Miraflores", "Lima", "Lima"),
        slot=f"{(timezone.localdate() + timedelta(days=1)).isoformat()}|{window.pk}",
        customer=cart.customer,
    )
    status.advance(order=order, to=Order.Status.PACKED)
    status.advance(order=order, to=Order.Status.DISPATCHED)
    courier.deliver(order=order, courier=shop["rider"], means="efectivo")
    manager = UserFactory(store=shop["warehouse"], role=Role.STORE_MANAGER)

    page = _context(browser, live_server, **PHONE).new_page()
    log_in(page, manager)
    page.goto("/tienda/")
    page.get_by_role("link", name="Reparto").first.click()
    page.get_by_role("link", name="Caja del día").click()
    expect(page.locator("#cashup-efectivo .expected")).to_have_text("S/ 55.90")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("Entregado en Efectivo").fill("50.90")
    page.get_by_role("button", name="Cerrar la caja del día").click()
    expect(page.locator("#cashup-error")).to_contain_text("diferencia de S/ -5.00")
    page.get_by_label("Observaciones").fill("Faltan S/ 5 de vuelto")
    page.get_by_role("button", name="Cerrar la caja del día").click()
    expect(page.locator("#cashup-closed")).to_contain_text("Faltan S/ 5 de vuelto")
    assert CourierDayClose.objects.get().difference == Decimal("-5.00")
