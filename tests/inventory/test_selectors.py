import pytest
from django.template.loader import render_to_string

from catalog.models import Product
from inventory.selectors import StoreStock, availability, availability_many, filter_in_stock
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import WarehouseFactory, stock_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def stores(db):
    return {
        "miraflores": StoreFactory(slug="miraflores", name="Libros Pepito Miraflores"),
        "arequipa": StoreFactory(slug="arequipa", name="Libros Pepito Arequipa"),
        "cusco": StoreFactory(slug="cusco", name="Libros Pepito Cusco"),
    }


def test_availability_lists_every_customer_store_by_name_including_agotado(stores):
    product = ProductFactory()
    stock_up(stores["miraflores"], product, 3)
    stock_up(stores["arequipa"], product, 1, reorder_point=2)
    stock_up(WarehouseFactory(), product, 40)  # the warehouse is not a shop
    StoreFactory(slug="cerrada", name="Libros Pepito Cerrada", is_active=False)

    lines = availability(product)

    assert [(line.store.slug, line.available, line.low) for line in lines] == [
        ("arequipa", 1, True),
        ("cusco", 0, False),
        ("miraflores", 3, False),
    ]
    assert isinstance(lines[0], StoreStock)


def test_availability_many_makes_two_queries_for_a_page_of_24(stores, django_assert_num_queries):
    products = [ProductFactory() for _ in range(24)]
    for n, product in enumerate(products):
        for store in list(stores.values())[: n % 4]:
            stock_up(store, product, n + 1)

    with django_assert_num_queries(2):
        result = availability_many(products)

    assert len(result) == 24
    assert all(len(lines) == 3 for lines in result.values())
    assert sum(line.available for line in result[products[3].pk]) == 3 * 4


def test_availability_many_of_nothing_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert availability_many([]) == {}


def test_filter_in_stock_anywhere_or_at_a_store(stores):
    here, warehouse_only, sold_out, nowhere = (ProductFactory() for _ in range(4))
    stock_up(stores["cusco"], here, 2)
    stock_up(WarehouseFactory(), warehouse_only, 2)
    stock_up(stores["cusco"], sold_out, 1)
    from inventory.stock import reserve

    reserve([(sold_out, 1)], stores["cusco"], "cart:1")

    anywhere = set(filter_in_stock(Product.objects.all()))
    in_cusco = set(filter_in_stock(Product.objects.all(), store=stores["cusco"]))

    assert anywhere == {here, warehouse_only}
    assert in_cusco == {here}


def test_availability_partial_full_and_compact(stores):
    product = ProductFactory()
    stock_up(stores["miraflores"], product, 3)
    stock_up(stores["arequipa"], product, 1)
    stock = availability(product)

    full = " ".join(
        render_to_string("inventory/partials/availability.html", {"stock": stock}).split()
    )
    compact = render_to_string(
        "inventory/partials/availability.html", {"stock": stock, "compact": True}
    )

    assert "1 en Arequipa" in full and "3 en Miraflores" in full and "agotado en Cusco" in full
    assert full.index("Miraflores") < full.index("agotado en Cusco")
    assert "Disponible en 2 tiendas" in compact
    nothing = availability(ProductFactory())
    assert "Agotado" in render_to_string(
        "inventory/partials/availability.html", {"stock": nothing, "compact": True}
    )
    assert "Agotado en todas nuestras tiendas" in render_to_string(
        "inventory/partials/availability.html", {"stock": nothing}
    )
