"""Browser tests of the staff side of orders: a clerk on a tablet works the order board and the
pickup desk; the customer's tracking page follows."""

import re
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.roles import Role, sync_roles
from orders import cart as carts
from orders import checkout, status
from orders.models import Order
from tests.browser.conftest import PHONE
from tests.factories import StoreFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}


@pytest.fixture(autouse=True)
def _roles():
    sync_roles()  # a transactional test before this one may have flushed the groups


@pytest.fixture
def shop(db):
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    rios = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(miraflores, rios, 4)
    clerk = UserFactory(email="rosa@librospepito.pe", store=miraflores, role=Role.CLERK)
    reader = UserFactory(email="lector@example.pe", first_name="Luis", last_name="Ramírez")
    cart = carts.cart_for_customer(reader.customer)
    carts.add_to_cart(cart=cart, product=rios, quantity=2)
    order = checkout.place_order(
        cart=cart,
        contact=checkout.Contact(
            name="Luis Ramírez", email="lector@example.pe", phone="+51987654321"
        ),
        fulfilment="pickup",
        payment_method="at_pickup",
        channel="web",
        checkout_token=uuid.uuid4().hex,
        expected_subtotal=None,
        store=miraflores,
        customer=reader.customer,
    )
    return {"store": miraflores, "clerk": clerk, "reader": reader, "order": order}


def _context(browser, live_server, **device):
    context = browser.new_context(base_url=live_server.url, locale="es-PE", **device)
    context.set_default_timeout(10_000)
    return context


def log_in(page, user):
    page.goto("/cuenta/login/")
    page.get_by_label("Correo electrónico").fill(user.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.wait_for_load_state()


def test_clerk_moves_the_order_to_ready_and_the_customer_sees_it(browser, live_server, shop):
    order = shop["order"]
    tablet = _context(browser, live_server, **TABLET)
    page = tablet.new_page()
    log_in(page, shop["clerk"])

    page.goto("/tienda/")
    page.get_by_role("link", name=re.compile("Pedidos")).first.click()
    card = page.locator(f"#order-{order.pk}")
    expect(card).to_contain_text("Luis Ramírez")
    expect(card.locator("[data-role=status]")).to_have_text("En proceso")

    card.get_by_role("button", name="Marcar como embalado").click()
    expect(card.locator("[data-role=status]")).to_have_text("Embalado")
    card.get_by_role("button", name="Listo para recoger").click()
    expect(card.locator("[data-role=status]")).to_have_text("Listo para recoger")
    expect(card.get_by_role("link", name="Entregar en el mostrador de recojo")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    assert Order.objects.get(pk=order.pk).status == Order.Status.READY

    phone_context = _context(browser, live_server, **PHONE)
    customer_page = phone_context.new_page()
    log_in(customer_page, shop["reader"])
    customer_page.goto(f"/pedidos/{order.number}/")
    expect(customer_page.locator("#order-status")).to_have_text("Listo para recoger")
    expect(customer_page.locator("#pickup-code")).to_have_text(order.pickup_code)
    phone_context.close()
    tablet.close()


def test_clerk_charges_and_hands_over_a_pickup_by_its_code(browser, live_server, shop):
    order = shop["order"]
    status.advance(order=order, to=Order.Status.PACKED, actor=shop["clerk"])
    status.advance(order=order, to=Order.Status.READY, actor=shop["clerk"])
    tablet = _context(browser, live_server, **TABLET)
    page = tablet.new_page()
    log_in(page, shop["clerk"])

    page.goto("/tienda/pedidos/recojo/")
    page.get_by_placeholder("Código, número de pedido, celular o DNI").fill("987 654 321")
    page.locator("#main").get_by_role("button", name="Buscar").click()
    result = page.locator("#desk-result")
    expect(result).to_contain_text(order.number)
    expect(page.locator("#desk-payment")).to_contain_text("Por cobrar: S/ 91.80")

    page.get_by_label("Código de recojo del cliente").fill("AAAAAA")
    page.get_by_role("button", name="Entregar").click()
    expect(result).to_contain_text("no corresponde al pedido")  # and nothing changed
    assert Order.objects.get(pk=order.pk).status == Order.Status.READY

    page.get_by_text("Efectivo").click()
    page.get_by_role("button", name="Cobrar S/ 91.80").click()
    expect(result).to_contain_text("Cobraste S/ 91.80")
    expect(page.locator("#desk-payment")).to_have_text("Pagado")

    page.get_by_label("Código de recojo del cliente").fill(order.pickup_code.lower())
    page.get_by_role("button", name="Entregar").click()
    expect(result).to_contain_text("Entregaste el pedido")
    expect(page.locator("#desk-status")).to_have_text("Entregado")
    order.refresh_from_db()
    assert order.status == Order.Status.DELIVERED and order.payment_status == "paid"
    assert order.events.last().note == "Recogido en tienda"
    tablet.close()


def test_clerk_takes_a_phone_order_for_a_new_customer(browser, live_server, shop):
    tablet = _context(browser, live_server, **TABLET)
    page = tablet.new_page()
    log_in(page, shop["clerk"])

    page.goto("/tienda/pedidos/nuevo/")
    page.get_by_placeholder("Celular, correo, DNI o nombre").fill("955 111 222")
    expect(page.locator("#customer-results")).to_contain_text("Nadie coincide")
    page.get_by_label("Nombre y apellido").fill("Teresa Gonzales")
    page.get_by_label("Celular").fill("955 111 222")
    page.get_by_role("button", name="Registrar y seguir").click()

    expect(page.locator("#phone-customer")).to_have_text("Teresa Gonzales")
    page.get_by_placeholder("Título, autor o ISBN").fill("rios profundos")
    results = page.locator("#product-results")
    expect(results).to_contain_text("2 en esta tienda")  # 2 of 4 held
    results.get_by_role("button", name="Agregar").click()
    expect(page.locator("#phone-cart")).to_contain_text("Los ríos profundos")
    expect(page.locator("#phone-subtotal")).to_have_text("S/ 45.90")

    page.get_by_role("button", name="Registrar pedido").click()
    expect(page.locator(".messages")).to_contain_text("registrado. Código de recojo")
    order = Order.objects.get(channel="telefono")
    assert order.created_by == shop["clerk"] and order.customer.name == "Teresa Gonzales"
    assert order.contact_phone == "+51955111222" and order.store == shop["store"]
    expect(page.get_by_role("heading", name=f"Pedido {order.number}")).to_be_visible()
    tablet.close()
