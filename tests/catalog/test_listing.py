from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.catalog import AuthorFactory, GenreFactory, ProductFactory, PublisherFactory
from tests.factories.inventory import StoreFactory, WarehouseFactory, stock_up

pytestmark = pytest.mark.django_db


def listed(client, **params):
    response = client.get(reverse("catalog:product_list"), params)
    assert response.status_code == 200
    return response, [p.title for p in response.context["page"].object_list]


@pytest.fixture
def shelf():
    literatura = GenreFactory(name="Literatura", slug="literatura")
    poesia = GenreFactory(name="Poesía", slug="poesia", parent=literatura)
    historia = GenreFactory(name="Historia del Perú", slug="historia-del-peru")
    vallejo = AuthorFactory(name="César Vallejo", slug="cesar-vallejo")
    peisa = PublisherFactory(name="Peisa", slug="peisa")
    return {
        "heraldos": ProductFactory(
            title="Los heraldos negros",
            authors=[vallejo],
            genres=[poesia],
            price=Decimal("35.00"),
            format="bolsillo",
            publisher=peisa,
            sold_count=10,
        ),
        "trilce": ProductFactory(
            title="Trilce",
            authors=[vallejo],
            genres=[poesia],
            price=Decimal("49.90"),
            format="tapa_blanda",
            sold_count=30,
        ),
        "historia": ProductFactory(
            title="Historia de la República",
            genres=[historia],
            price=Decimal("120.00"),
            format="tapa_dura",
            language="es",
            sold_count=20,
        ),
        "english": ProductFactory(title="The Black Heralds", price=Decimal("80.00"), language="en"),
    }


def test_parent_genre_includes_its_children(client, shelf):
    _, titles = listed(client, genero="literatura")
    assert set(titles) == {"Los heraldos negros", "Trilce"}


def test_filters_by_author_publisher_language_format_and_price(client, shelf):
    assert set(listed(client, autor="cesar-vallejo")[1]) == {"Los heraldos negros", "Trilce"}
    assert listed(client, editorial="peisa")[1] == ["Los heraldos negros"]
    assert listed(client, idioma="en")[1] == ["The Black Heralds"]
    assert listed(client, formato="tapa_dura")[1] == ["Historia de la República"]
    assert set(listed(client, precio_min="40", precio_max="100")[1]) == {
        "Trilce",
        "The Black Heralds",
    }


def test_store_and_in_stock_filters(client, shelf):
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    cusco = StoreFactory(slug="cusco", name="Libros Pepito Cusco")
    stock_up(miraflores, shelf["trilce"], 2)
    stock_up(cusco, shelf["heraldos"], 1)
    stock_up(WarehouseFactory(), shelf["historia"], 5)

    response, titles = listed(client, tienda="miraflores")
    assert titles == ["Trilce"]
    assert "Libros en Libros Pepito Miraflores" in response.content.decode()
    assert listed(client, tienda="cusco", en_stock="1")[1] == ["Los heraldos negros"]
    # Anywhere, the warehouse included (online orders ship from it).
    assert set(listed(client, en_stock="1")[1]) == {
        "Trilce",
        "Los heraldos negros",
        "Historia de la República",
    }
    assert len(listed(client, en_stock="no")[1]) == 4


def test_sorting(client, shelf):
    assert listed(client, orden="precio-asc")[1][0] == "Los heraldos negros"
    assert listed(client, orden="precio-desc")[1][0] == "Historia de la República"
    assert listed(client, orden="mas-vendidos")[1][0] == "Trilce"
    assert listed(client, orden="novedades")[1][0] == "The Black Heralds"


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"genero": "no-existe"}, "No encontramos ese género"),
        ({"precio_min": "-5"}, "no puede ser negativo"),
        ({"precio_max": "barato"}, "debe ser un número"),
        ({"tienda": "marte"}, "No encontramos esa tienda"),
        ({"autor": "x" * 500}, "No encontramos ese autor"),
    ],
)
def test_bad_filters_are_ignored_with_a_notice(client, shelf, params, notice):
    response, titles = listed(client, **params)

    assert len(titles) == 4
    assert notice in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, shelf):
    response, titles = listed(client, pagina="999")
    assert len(titles) == 4
    response, titles = listed(client, pagina="abc")
    assert len(titles) == 4


def test_htmx_filter_changes_return_only_the_results(client, shelf):
    response = client.get(
        reverse("catalog:product_list"),
        {"genero": "literatura"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<section id="results"')
    assert "<html" not in html
    assert "Trilce" in html


def test_pagination_keeps_the_filters(client, settings, monkeypatch):
    from catalog import selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    poesia = GenreFactory(slug="poesia")
    ProductFactory.create_batch(5, genres=[poesia])

    response = client.get(reverse("catalog:product_list"), {"genero": "poesia"})

    assert "genero=poesia&amp;pagina=2" in response.content.decode()
