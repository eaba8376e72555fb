"""The storefront's header on a phone (issue #11): one compact row above one search box, the
main menu in a drawer (button, aria-expanded, focus, Esc), nothing wider than the screen on
the customer's pages, and the instant search usable with the keyboard (ARIA combobox)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from crm.models import Favorite
from tests.factories import StoreFactory
from tests.factories.accounts import PASSWORD
from tests.factories.catalog import AuthorFactory, ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"viewport": {"width": 820, "height": 1180}, "is_mobile": True, "has_touch": True}

# What a phone page must hold, measured in the page: no sideways scroll, the logo on one line,
# the header under 15% of the screen, and how many site search boxes a person sees.
MEASURE = """() => {
  const logo = document.querySelector(".logo-text");
  const range = document.createRange();
  range.selectNodeContents(logo);
  const visibleSearch = [...document.querySelectorAll("[role=search] input[type=search]")].filter(
    (el) => el.offsetParent !== null && el.getBoundingClientRect().width > 0);
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
    logoLines: range.getClientRects().length,
    header: document.querySelector(".site-header").getBoundingClientRect().height,
    innerHeight: window.innerHeight,
    searchBoxes: visibleSearch.length,
  };
}"""


@pytest.fixture
def shop(db):
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    vargas = AuthorFactory(name="Mario Vargas Llosa", nationality="peruana")
    books = [
        ProductFactory(title="La ciudad y los perros", authors=[vargas], price=Decimal("59.00")),
        ProductFactory(title="La casa verde", authors=[vargas], price=Decimal("49.00")),
        ProductFactory(title="Conversación en La Catedral", authors=[vargas]),
    ]
    for book in books:
        stock_up(miraflores, book, 3)
    return books


def log_in(page, user, next_url="/"):
    page.goto(f"/cuenta/login/?next={next_url}")
    page.get_by_label("Correo electrónico").fill(user.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.locator("#account-link").wait_for()


def assert_fits_a_phone(page, where):
    m = page.evaluate(MEASURE)
    # Both: a phone's browser widens its layout viewport to fit a page that overflows.
    assert m["scrollWidth"] <= m["innerWidth"] <= 390, f"{where}: {m['scrollWidth']} px wide"
    assert m["logoLines"] == 1, f"{where}: the logo is on {m['logoLines']} lines"
    assert m["header"] < 0.15 * m["innerHeight"], f"{where}: header {m['header']} px"
    return m


def test_every_customer_page_fits_a_phone(phone, shop, user):
    page = phone
    book = shop[0]
    for url in ("/", "/libros/", book.get_absolute_url(), "/buscar/?q=vargas"):
        page.goto(url)
        m = assert_fits_a_phone(page, f"visitor {url}")
        assert m["searchBoxes"] == 1, f"{url}: {m['searchBoxes']} search boxes"

    log_in(page, user)
    page.goto(book.get_absolute_url())
    page.get_by_role("button", name="Agregar al carrito").first.click()
    expect(page.locator("#cart-count")).to_have_text("1")
    for url in ("/", "/carrito/", "/checkout/", "/cuenta/perfil/", "/pedidos/", "/favoritos/"):
        page.goto(url)
        m = assert_fits_a_phone(page, f"customer {url}")
        assert m["searchBoxes"] == 1, f"{url}: {m['searchBoxes']} search boxes"


def test_the_cart_page_shows_one_count_in_the_header(phone, shop):
    page = phone
    page.goto(shop[0].get_absolute_url())
    page.get_by_role("button", name="Agregar al carrito").first.click()
    expect(page.locator("#cart-count")).to_have_text("1")

    page.goto("/carrito/")
    assert page.locator("#cart-count").count() == 1
    assert page.locator("main .count").count() == 0
    # A change still updates the header's count (out of band), down to none.
    page.get_by_role("button", name="Quitar").click()
    page.get_by_text("Tu carrito está vacío.").wait_for()
    expect(page.locator("#cart-count")).to_have_text("0")
    assert page.locator("#cart-count").count() == 1


def test_the_menu_is_a_drawer_opened_by_a_button(phone, shop, user):
    page = phone
    log_in(page, user)
    toggle = page.get_by_role("button", name="Menú", exact=True)
    favorites = page.get_by_role("link", name="Favoritos")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(favorites).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for name in ("Inicio", "Libros", "Tiendas", "Mis pedidos", "Favoritos", "Mi perfil"):
        link = page.get_by_role("navigation", name="Principal").get_by_role("link", name=name)
        expect(link).to_be_in_viewport(ratio=1)  # whole, once the drawer has slid in
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{name} cut off: {box}"
    expect(page.locator("#main-nav").get_by_role("link", name="Inicio", exact=True)).to_be_focused()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390

    # Esc closes it and gives the focus back to the button.
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(favorites).to_be_hidden()
    expect(toggle).to_be_focused()

    # Tab stays inside the open drawer.
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate("document.getElementById('main-nav').contains(document.activeElement)")
    # A tap outside it closes it too.
    page.mouse.click(380, 600)
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.click()
    favorites.click()
    page.get_by_role("heading", name="Mis favoritos").wait_for()


def test_a_tablet_keeps_the_menu_as_a_bar(new_page, shop):
    page = new_page(**TABLET)
    page.goto("/")
    expect(page.get_by_role("button", name="Menú", exact=True)).to_be_hidden()
    nav = page.get_by_role("navigation", name="Principal")
    for name in ("Inicio", "Libros", "Tiendas", "Sigue tu pedido", "Crear cuenta"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    m = page.evaluate(MEASURE)
    assert m["scrollWidth"] <= m["innerWidth"] and m["logoLines"] == 1
    assert m["searchBoxes"] == 1
    search = page.locator("#header-q").bounding_box()
    logo = page.locator(".logo").bounding_box()
    assert abs(search["y"] - logo["y"]) < 20  # the search box is in the logo's row


def test_the_instant_search_works_with_the_keyboard(phone, shop):
    page = phone
    page.goto("/")
    box = page.get_by_role("combobox", name="Buscar libros")
    box.fill("vargas")
    listbox = page.get_by_role("listbox", name="Sugerencias")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(4)  # three books and "Ver todos los resultados"

    box.press("ArrowDown")
    first = options.nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "false")
    box.press("ArrowUp")
    box.press("ArrowUp")  # from the first, up wraps to the last
    expect(options.nth(3)).to_have_attribute("aria-selected", "true")
    expect(box).to_be_focused()

    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile("."))

    box.fill("vargas llosa")
    expect(listbox).to_be_visible()
    box.press("ArrowDown")
    title = options.nth(0).locator("strong").inner_text()
    box.press("Enter")
    page.get_by_role("heading", name=title).wait_for()
    assert "/libros/" in page.url


def test_a_500_character_query_does_not_widen_the_page(phone, shop):
    page = phone
    query = "realismomagico" * 36  # 504 characters, no space to break at
    page.goto(f"/buscar/?q={query}")
    page.get_by_role("heading", name=re.compile("Resultados para")).wait_for()
    assert_fits_a_phone(page, "a long query")

    page.locator("#header-q").fill(query)  # the box keeps 200 of them
    page.locator("#search-suggestions .suggestions").wait_for()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


def test_a_visitors_heart_is_saved_after_logging_in(phone, shop, user):
    page = phone
    page.goto("/libros/")
    card = page.locator(".product-card", has_text="La casa verde")
    card.get_by_role("link", name="Guardar en favoritos").click()

    page.wait_for_url(re.compile(r"/cuenta/login/"))
    page.get_by_label("Correo electrónico").fill(user.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()

    page.get_by_text("Guardamos «La casa verde» en tus favoritos.").wait_for()
    assert page.url.endswith(shop[1].get_absolute_url())
    saved = page.get_by_role("button", pressed=True, name=re.compile("En favoritos"))
    expect(saved).to_be_visible()
    assert Favorite.objects.filter(customer=user.customer, product=shop[1]).count() == 1


def test_the_favicon_is_served(phone, live_server):
    response = phone.request.get(f"{live_server.url}/favicon.ico")
    assert response.status == 200 and response.headers["content-type"] == "image/x-icon"
