"""Browser tests of the stock pages (tablet at the counter) and "Avísame" (phone)."""

import re

import pytest

from accounts.roles import Role
from inventory.models import BackInStockRequest, StockItem, StockMovement
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def tablet(new_page):
    return new_page(**TABLET)


def log_in(page, email):
    page.goto("/cuenta/login/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.locator("#account-link").wait_for()


def test_clerk_receives_stock_by_isbn_on_a_tablet(tablet, store, product):
    clerk = UserFactory(email="rosa@librospepito.pe", store=store, role=Role.CLERK)
    page = tablet
    log_in(page, clerk.email)

    page.get_by_role("link", name="Tienda", exact=True).click()
    page.get_by_role("link", name="Stock").first.click()
    page.wait_for_url(re.compile(r"/tienda/stock/"))

    # A wrong ISBN: a Spanish message, nothing written.
    page.get_by_label("ISBN").fill("978-0-306-40615-7")
    page.get_by_label("Cantidad").fill("3")
    page.get_by_role("button", name="Registrar ingreso").click()
    page.get_by_text("No encontramos ningún producto").wait_for()
    assert not StockMovement.objects.exists()

    page.get_by_label("ISBN").fill(product.isbn)
    page.get_by_label("Cantidad").fill("3")
    page.get_by_role("button", name="Registrar ingreso").click()
    page.get_by_text("Recibiste 3").wait_for()

    # The table refreshes by itself (htmx event) with the new row.
    row = page.locator("#stock-table tr", has_text=product.title)
    row.wait_for()
    assert "3" in row.inner_text()
    assert StockItem.objects.get(store=store, product=product).on_hand == 3
    assert StockMovement.objects.get().actor == clerk
    assert page.evaluate("document.documentElement.scrollWidth") <= 820


def test_store_page_links_to_its_books_on_a_phone(phone, store):
    page = phone
    page.goto("/tiendas/")
    page.get_by_role("link", name=store.name).first.click()
    page.wait_for_url(re.compile(r"/tiendas/miraflores/$"))

    link = page.get_by_role("link", name="Ver libros disponibles aquí")
    assert link.get_attribute("href") == "/libros/?tienda=miraflores&en_stock=1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_customer_asks_to_be_told_when_a_book_arrives_on_a_phone(phone, store, product):
    page = phone
    page.goto(product.get_absolute_url())  # agotado everywhere: the product page offers it
    form = page.locator(f"#back-in-stock-{product.pk}")

    form.get_by_label("Tu correo").fill("no-es-un-correo")
    form.get_by_role("button", name="Avísame").click()
    page.get_by_text("Revisa tu correo").wait_for()

    page.locator(f"#back-in-stock-{product.pk}").get_by_label("Tu correo").fill("ana@example.pe")
    page.locator(f"#back-in-stock-{product.pk}").get_by_role("button", name="Avísame").click()
    page.get_by_text("te escribiremos a").wait_for()

    assert BackInStockRequest.objects.get().email == "ana@example.pe"
