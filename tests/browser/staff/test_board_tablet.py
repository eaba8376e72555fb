"""A clerk on a tablet (820×1180) works the order board while others work too: the tab counts
follow each move, a move from a stale card says the order changed meanwhile, and a new order
appears by itself. Then the clerk asks another store for stock, is refused beyond its stock, and
annuls a request; the product's ledger reads in Spanish with links."""

import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.roles import Role, sync_roles
from inventory import stock
from orders import cart as carts
from orders import checkout, status
from orders.models import Order
from tests.browser.orders.test_staff_orders import log_in
from tests.factories import CustomerFactory, StoreFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}


@pytest.fixture(autouse=True)
def _roles():
    sync_roles()


@pytest.fixture
def shop(db):
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    arequipa = StoreFactory(slug="arequipa", name="Libros Pepito Arequipa", region="Arequipa")
    rios = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(miraflores, rios, 10)
    stock_up(arequipa, rios, 2)
    clerk = UserFactory(email="rosa@librospepito.pe", store=miraflores, role=Role.CLERK)
    other = UserFactory(email="juan@librospepito.pe", store=miraflores, role=Role.CLERK)
    return {"store": miraflores, "arequipa": arequipa, "book": rios, "clerk": clerk, "other": other}


def place(shop, name):
    customer = CustomerFactory(name=name)
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=shop["book"], quantity=1)
    return checkout.place_order(
        cart=cart,
        contact=checkout.Contact(name=name, email=f"{uuid.uuid4().hex[:8]}@example.pe", phone=""),
        fulfilment="pickup",
        payment_method="at_pickup",
        channel="web",
        checkout_token=uuid.uuid4().hex,
        expected_subtotal=None,
        store=shop["store"],
        customer=customer,
    )


def _count(page, key):
    return page.locator(f"#board-tabs [data-count={key}]")


def test_the_board_stays_true_while_others_work(browser, live_server, shop, settings):
    settings.STAFF_BOARD_POLL_SECONDS = 1
    first = place(shop, "Ana Torres")
    second = place(shop, "Luis Ramírez")
    context = browser.new_context(base_url=live_server.url, locale="es-PE", **TABLET)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, shop["clerk"])
    page.goto("/tienda/pedidos/")
    expect(_count(page, "en_proceso")).to_have_text("2")
    expect(_count(page, "embalado")).to_have_text("0")

    # A move: the card changes and so do the tab counts, without reloading.
    card = page.locator(f"#order-{first.pk}")
    card.get_by_role("button", name="Marcar como embalado").click()
    expect(card.locator("[data-role=status]")).to_have_text("Embalado")
    expect(_count(page, "en_proceso")).to_have_text("1")
    expect(_count(page, "embalado")).to_have_text("1")

    # Another clerk packs the second order; before the poll redraws, this card is stale. Its
    # button says why nothing happened, in words that make sense.
    settings.STAFF_BOARD_POLL_SECONDS = 600
    page.reload()
    status.advance_on_board(order=second, to=Order.Status.PACKED, actor=shop["other"])
    stale = page.locator(f"#order-{second.pk}")
    stale.get_by_role("button", name="Marcar como embalado").click()
    alert = stale.get_by_role("alert")
    expect(alert).to_contain_text("cambió mientras tanto: ahora está «Embalado»")
    assert "de «Embalado» a «Embalado»" not in alert.inner_text()
    expect(stale.locator("[data-role=status]")).to_have_text("Embalado")
    expect(_count(page, "embalado")).to_have_text("2")
    assert second.events.count() == 2  # placed, packed once: the stale click wrote nothing

    # A new order arrives: the board shows it by itself.
    settings.STAFF_BOARD_POLL_SECONDS = 1
    page.reload()
    newcomer = place(shop, "Pedro Castillo")
    expect(page.locator(f"#order-{newcomer.pk}")).to_contain_text("Pedro Castillo", timeout=8_000)
    expect(_count(page, "en_proceso")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["viewport"]["width"]
    context.close()


def test_a_transfer_beyond_the_senders_stock_is_refused_and_a_request_annulled(
    browser, live_server, shop
):
    book, arequipa = shop["book"], shop["arequipa"]
    order = place(shop, "Ana Torres")
    stock.consume_order_holds(order.pk, store=shop["store"], lines=[(book, 1)], reason=order.number)
    context = browser.new_context(base_url=live_server.url, locale="es-PE", **TABLET)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, shop["clerk"])
    page.goto("/tienda/stock/transferencias/")

    page.get_by_label("ISBN").fill(book.isbn)
    page.get_by_label("Cantidad").fill("5")
    page.get_by_label("Pedir a").select_option(label=str(arequipa))
    page.get_by_role("button", name="Pedir transferencia").click()
    expect(page.locator("main")).to_contain_text(
        "tiene solo 2 copias disponibles de «Los ríos profundos» y pediste 5"
    )

    page.get_by_label("Cantidad").fill("2")
    page.get_by_role("button", name="Pedir transferencia").click()
    expect(page.locator(".messages")).to_contain_text("Pediste 2 × «Los ríos profundos»")
    row = page.locator("tr", has_text="Los ríos profundos")
    expect(row).to_contain_text("Solicitada")
    row.get_by_role("button", name="Anular pedido").click()
    expect(page.locator(".messages")).to_contain_text("anulada")
    expect(page.locator("tr", has_text="Los ríos profundos")).to_contain_text("Anulada")

    # The product's ledger names the order and links to it.
    page.goto(f"/tienda/stock/producto/{book.pk}/")
    link = page.get_by_role("link", name=f"Pedido {order.number}").first
    expect(link).to_be_visible()
    body = page.locator("main").inner_text()
    assert "order:" not in body and "reservation" not in body
    link.click()
    expect(page.get_by_role("heading", name=f"Pedido {order.number}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["viewport"]["width"]
    context.close()
