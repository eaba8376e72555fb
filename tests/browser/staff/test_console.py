"""Browser test of the staff console's shared navigation on a phone: a clerk goes through the
tools by their tabs, the owner changes store with the picker."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.browser.conftest import PHONE
from tests.factories import StoreFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stores(db):
    return {
        "miraflores": StoreFactory(slug="miraflores", name="Libros Pepito Miraflores"),
        "arequipa": StoreFactory(slug="arequipa", name="Libros Pepito Arequipa"),
    }


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="es-PE", **PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def log_in(page, user):
    page.goto("/cuenta/login/")
    page.get_by_label("Correo electrónico").fill(user.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.wait_for_load_state()


def _tabs(page):
    return page.get_by_role("navigation", name="Consola de tienda")


def _current(nav):
    return nav.locator("a[aria-current=page]")


def _fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


def test_a_clerk_goes_through_the_console_by_its_tabs_on_a_phone(phone_page, stores):
    page = phone_page
    clerk = UserFactory(email="rosa@librospepito.pe", store=stores["miraflores"], role=Role.CLERK)
    log_in(page, clerk)
    page.goto("/tienda/")
    tabs = _tabs(page)
    expect(tabs.locator("a")).to_have_text(["Stock", "Pedidos", "Reparto", "Chat"])
    expect(tabs).to_contain_text("Mostrador — muy pronto")
    expect(page.locator("[data-store-picker]")).to_have_count(0)
    expect(page.locator(".staff-store")).to_have_text("Libros Pepito Miraflores")
    _fits_the_phone(page)

    tabs.get_by_role("link", name="Stock").click()
    expect(page).to_have_url(re.compile(r"/tienda/stock/\?tienda=miraflores$"))
    expect(_current(tabs)).to_have_text("Stock")
    stock_tabs = page.get_by_role("navigation", name="Stock")
    expect(_current(stock_tabs)).to_have_text("Stock")
    box = tabs.get_by_role("link", name="Pedidos").bounding_box()
    assert box["height"] >= 44  # a touch target
    _fits_the_phone(page)

    tabs.get_by_role("link", name="Pedidos").click()
    expect(page).to_have_url(re.compile(r"/tienda/pedidos/\?tienda=miraflores$"))
    expect(_current(tabs)).to_have_text("Pedidos")
    orders_tabs = page.get_by_role("navigation", name="Pedidos")
    expect(_current(orders_tabs)).to_have_text("Tablero")
    _fits_the_phone(page)

    orders_tabs.get_by_role("link", name="Recojo").click()
    expect(page).to_have_url(re.compile(r"/tienda/pedidos/recojo/\?tienda=miraflores$"))
    expect(_current(tabs)).to_have_text("Pedidos")
    expect(_current(orders_tabs)).to_have_text("Recojo")
    _fits_the_phone(page)

    tabs.get_by_role("link", name="Chat").click()
    expect(page).to_have_url(re.compile(r"/tienda/chat/"))
    expect(page.get_by_role("heading", name="Chat con clientes")).to_be_visible()
    expect(_current(tabs)).to_have_text("Chat")
    expect(page.get_by_role("navigation", name="Pedidos")).to_have_count(0)
    _fits_the_phone(page)


def test_the_owner_changes_store_with_the_picker(phone_page, stores):
    page = phone_page
    owner = UserFactory(email="pepito@librospepito.pe", role=Role.OWNER)
    log_in(page, owner)
    page.goto("/tienda/pedidos/?tienda=miraflores")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Miraflores")

    page.get_by_label("Tienda", exact=True).select_option("arequipa")

    expect(page).to_have_url(re.compile(r"/tienda/pedidos/\?tienda=arequipa$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arequipa")
    expect(page.get_by_label("Tienda", exact=True)).to_have_value("arequipa")
    # The other tabs now work on the picked store too.
    _tabs(page).get_by_role("link", name="Stock").click()
    expect(page).to_have_url(re.compile(r"/tienda/stock/\?tienda=arequipa$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arequipa")
    _fits_the_phone(page)
