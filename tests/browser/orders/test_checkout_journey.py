import re
from decimal import Decimal

import pytest

from orders.models import Order
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(db):
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    StoreFactory(slug="cusco", name="Libros Pepito Cusco")
    rios = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    ciudad = ProductFactory(title="La ciudad y los perros", price=Decimal("59.00"))
    for book in (rios, ciudad):
        stock_up(miraflores, book, 4)
    return miraflores


def test_guest_buys_two_books_with_pickup_and_pays_at_the_store(phone, shop):
    page = phone
    page.goto("/libros/")
    for title in ("Los ríos profundos", "La ciudad y los perros"):
        card = page.locator(".product-card", has_text=title)
        card.get_by_role("button", name="Agregar al carrito").click()
        card.get_by_text("En tu carrito").wait_for()
    assert page.locator("#cart-count").inner_text() == "2"

    page.locator("#cart-link").click()
    page.get_by_text("S/ 104.90").wait_for()
    page.get_by_role("link", name="Continuar con la compra").click()

    page.get_by_label("Nombre y apellido").fill("Rosa Quispe")
    page.get_by_label("Correo electrónico").fill("rosa.quispe@example.pe")
    page.get_by_label("Celular").fill("987 654 321")
    page.get_by_text("Recojo en tienda (gratis)").click()
    page.locator(".store-choice", has_text="Libros Pepito Miraflores").click()
    # Cusco lacks the books: it is shown, but cannot be chosen.
    assert page.locator(".store-choice", has_text="Cusco").locator("input").is_disabled()
    page.get_by_text("Pago en tienda al recoger").click()
    page.get_by_role("button", name="Confirmar pedido").click()

    page.wait_for_url(re.compile(r"/pedidos/LP-\d{4}-\d{6}/$"))
    order = Order.objects.get()
    page.get_by_role("heading", name=f"Pedido {order.number}").wait_for()
    assert page.locator("#pickup-code").inner_text() == order.pickup_code
    assert page.locator("#order-status").inner_text() == "En proceso"
    assert order.contact_phone == "+51987654321" and order.total == Decimal("104.90")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
