import re

import pytest

from crm.models import Favorite
from tests.factories import StoreFactory
from tests.factories.accounts import PASSWORD
from tests.factories.catalog import AuthorFactory, GenreFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shelf(db):
    StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    garcia = AuthorFactory(name="Gabriel García Márquez", nationality="colombiana")
    arguedas = AuthorFactory(name="José María Arguedas", nationality="peruana")
    novela = GenreFactory(name="Novela", slug="novela")
    poesia = GenreFactory(name="Poesía", slug="poesia")
    ProductFactory(title="Cien años de soledad", authors=[garcia], genres=[novela])
    ProductFactory(title="Los ríos profundos", authors=[arguedas], genres=[novela])
    ProductFactory(title="Trilce", genres=[poesia])


def test_search_from_the_header_on_a_phone(phone, shelf):
    page = phone
    page.goto("/")

    page.locator("#header-q").fill("garcia marquez")
    suggestion = page.locator("#search-suggestions").get_by_text("Cien años de soledad")
    suggestion.wait_for()
    page.locator("#header-q").press("Enter")

    page.wait_for_url(re.compile(r"/buscar/\?q=garcia"))
    page.get_by_role("heading", name="Resultados para «garcia marquez»").wait_for()
    page.locator(".product-card").get_by_role(
        "link", name="Cien años de soledad", exact=True
    ).click()
    page.get_by_role("heading", name="Cien años de soledad").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_filter_the_catalog_without_reloading(phone, shelf):
    page = phone
    page.goto("/libros/")
    page.wait_for_selector(".product-card")
    assert page.locator(".product-card").count() == 3
    page.evaluate("window.notReloaded = true")

    page.get_by_text("Filtrar y ordenar").click()
    page.get_by_label("Género").select_option("poesia")

    page.wait_for_url(re.compile(r"genero=poesia"))
    page.wait_for_function("document.querySelectorAll('.product-card').length === 1")
    assert page.locator(".product-card").inner_text().startswith("Trilce")
    assert page.evaluate("window.notReloaded") is True  # htmx swapped only the results


def test_add_a_favorite(phone, shelf, user):
    page = phone
    page.goto("/cuenta/login/")
    page.get_by_label("Correo electrónico").fill(user.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.locator("#account-link").wait_for()

    page.goto("/libros/")
    card = page.locator(".product-card", has_text="Los ríos profundos")
    card.get_by_role("button", name="Guardar en favoritos").click()
    card.get_by_role("button", name="En favoritos").wait_for()

    page.get_by_role("button", name="Menú", exact=True).click()  # the phone's menu is a drawer
    page.get_by_role("link", name="Favoritos").click()
    page.get_by_role("heading", name="Mis favoritos").wait_for()
    assert page.locator(".product-card").count() == 1
    assert Favorite.objects.filter(
        customer=user.customer, product__title="Los ríos profundos"
    ).exists()


def test_home_shelves_scroll_inside_the_phone_screen(phone, shelf):
    page = phone
    page.goto("/")
    page.wait_for_selector(".product-card")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
