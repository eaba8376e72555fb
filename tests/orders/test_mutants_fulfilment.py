"""orders.fulfilment, rule by rule: which stores a cart may be picked up at (complete ones
first) and where a delivery leaves from.

Written ahead of the module's mutation run (README "Mutation testing": fulfilment is not
measured yet); each test states what the customer or the warehouse would see.
"""

from decimal import Decimal

import pytest

from orders import cart as carts
from orders.fulfilment import delivery_store, pickup_options
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import WarehouseFactory, stock_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(db):
    return (
        ProductFactory(title="Los ríos profundos", price=Decimal("45.90")),
        ProductFactory(title="La ciudad y los perros", price=Decimal("39.90")),
    )


def cart_of(customer, books):
    """Two copies of the first book and one of the second (added once they are in stock)."""
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=books[0], quantity=2)
    carts.add_to_cart(cart=cart, product=books[1], quantity=1)
    return cart


def stock(store, books, first, second):
    if first:
        stock_up(store, books[0], first)
    if second:
        stock_up(store, books[1], second)


def test_complete_stores_come_first_by_name_and_a_short_one_names_what_it_lacks(customer, books):
    surco = StoreFactory(slug="surco", name="Libros Pepito Surco")
    barranco = StoreFactory(slug="barranco", name="Libros Pepito Barranco")
    arequipa = StoreFactory(slug="arequipa", name="Libros Pepito Arequipa", region="Arequipa")
    no_pickup = StoreFactory(slug="kiosko", name="Libros Pepito Kiosko", pickup_enabled=False)
    stock(surco, books, 5, 5)
    stock(barranco, books, 2, 1)  # exactly enough
    stock(arequipa, books, 1, 5)  # one copy short of two
    stock(no_pickup, books, 5, 5)
    stock(WarehouseFactory(), books, 50, 50)

    options = pickup_options(cart_of(customer, books))

    assert [(o.store, o.missing, o.complete) for o in options] == [
        (barranco, [], True),
        (surco, [], True),
        (arequipa, ["Los ríos profundos"], False),
    ]


def test_a_store_without_a_line_at_all_lists_it_as_missing(customer, books):
    cusco = StoreFactory(slug="cusco", name="Libros Pepito Cusco", region="Cusco")
    stock(cusco, books, 0, 3)
    kiosk = StoreFactory(slug="kiosko", name="Libros Pepito Kiosko", pickup_enabled=False)
    stock(kiosk, books, 5, 0)  # the first book is for sale, only not at Cusco

    assert [(o.store, o.missing) for o in pickup_options(cart_of(customer, books))] == [
        (cusco, ["Los ríos profundos"])
    ]


def test_a_delivery_leaves_from_the_warehouse_when_it_holds_everything(customer, books):
    stock(StoreFactory(slug="barranco", name="Libros Pepito Barranco"), books, 5, 5)
    warehouse = WarehouseFactory(slug="almacen", name="Almacén central")
    stock(warehouse, books, 2, 1)

    assert delivery_store(cart_of(customer, books)) == warehouse


def test_else_from_a_complete_store_of_the_region_then_by_name(customer, books):
    stock(WarehouseFactory(slug="almacen", name="Almacén central"), books, 1, 1)  # short
    arequipa = StoreFactory(slug="arequipa", name="Libros Pepito Yanahuara", region="Arequipa")
    surco = StoreFactory(slug="surco", name="Libros Pepito Surco")
    barranco = StoreFactory(slug="barranco", name="Libros Pepito Barranco")
    closed = StoreFactory(slug="cerrada", name="Libros Pepito Abancay", is_active=False)
    stock(arequipa, books, 5, 5)
    stock(surco, books, 5, 5)
    stock(barranco, books, 5, 5)
    stock(closed, books, 5, 5)

    cart = cart_of(customer, books)
    assert delivery_store(cart, region="Lima") == barranco
    assert delivery_store(cart, region="arequipa") == arequipa  # the region's name as typed
    assert delivery_store(cart) == barranco  # Lima by default


def test_no_store_holding_every_line_means_no_delivery(customer, books):
    stock(StoreFactory(slug="surco", name="Libros Pepito Surco"), books, 5, 0)
    stock(StoreFactory(slug="barranco", name="Libros Pepito Barranco"), books, 0, 5)

    cart = cart_of(customer, books)
    assert delivery_store(cart) is None
    empty = carts.cart_for_customer(customer)
    empty.lines.all().delete()
    assert delivery_store(empty) is None
