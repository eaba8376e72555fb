"""Every public page makes the same number of queries with 10 and with 100 books (with stock in
five stores, authors, genres, co-purchases and the product page's lists), for an anonymous
visitor and for a logged-in customer, within the bounds of issue #19.

A logged-in customer costs a few queries more on every page, whatever the page's size (see
LOGGED_IN). Both backends give the same counts.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop import recommendations
from tests.factories import StoreFactory
from tests.factories.catalog import AuthorFactory, GenreFactory, ProductFactory
from tests.factories.inventory import stock_up
from tests.factories.orders import OrderFactory

pytestmark = pytest.mark.django_db

# What a page costs an anonymous visitor (issue #19: list, genre, home ≤ 6, search ≤ 5, product
# ≤ 8; author, stores, cart and checkout as they were measured before it). Cart and checkout
# are measured with a cart (its session and lines); the others without one.
ANONYMOUS = {
    "home": 6,  # three shelves, their authors, the stores, the stock
    "list": 5,  # count, page, authors, stores, stock
    "genre": 6,  # the genre, then as the list
    "search": 5,
    "product": 6,  # book, genres, the lists with their books, authors, stores, stock
    "author": 5,
    "stores": 1,
    "store": 1,
    "cart": 8,
    "checkout": 8,
}
# A logged-in customer's own queries: session, user, roles, the cart badge and the Club Pepito
# badge (issue #13: one query, loyalty.context_processors.badge) on every page, and their
# favorites among the cards on pages with cards; home adds "Para ti" (their favorites,
# purchases, authors and genres, and the books it picks). Cart and checkout add the points
# this order earns and the tenders the customer may use (orders.tenders, issue #13).
LOGGED_IN = {
    "home": 20,
    "list": 10,
    "genre": 11,
    "search": 10,
    "product": 11,
    "author": 10,
    "stores": 6,
    "store": 6,
    "cart": 16,
    "checkout": 16,
}
BOUNDS = {"anonymous": ANONYMOUS, "customer": LOGGED_IN}


class Catalog:
    """Books by one author in one genre (a child genre), with stock in five stores."""

    def __init__(self):
        self.stores = [StoreFactory(slug="miraflores")] + StoreFactory.create_batch(4)
        self.author = AuthorFactory(name="Julio Ramón Ribeyro", slug="ribeyro")
        literatura = GenreFactory(name="Literatura", slug="literatura")
        self.genre = GenreFactory(name="Cuento", slug="cuento", parent=literatura)
        self.books = []

    def grow_to(self, n):
        new = ProductFactory.create_batch(
            n - len(self.books), authors=[self.author], genres=[self.genre]
        )
        for book in new:
            for store in self.stores:
                stock_up(store, book, 3)
        self.books += new
        # Co-purchases: the first book goes with every other one.
        for other in new[1:] if len(self.books) == len(new) else new:
            OrderFactory(paid=True, store=self.stores[0], lines=[(self.books[0], 1), (other, 1)])
        recommendations.rebuild()

    def urls(self):
        return {
            "home": "/",
            "list": "/libros/",
            "genre": f"/libros/?genero={self.genre.slug}",
            "search": "/buscar/?q=ribeyro",
            "product": self.books[0].get_absolute_url(),
            "author": self.author.get_absolute_url(),
            "stores": "/tiendas/",
            "store": self.stores[0].get_absolute_url(),
            "cart": "/carrito/",
            "checkout": "/checkout/",
        }


def _fill_cart(client, books):
    for book in books:
        response = client.post(f"/carrito/agregar/{book.pk}/", {"cantidad": 1})
        assert response.status_code in (200, 302)


CART_PAGES = {"cart", "checkout"}


def _queries(client, catalog, pages) -> dict[str, int]:
    counts = {}
    for page, url in catalog.urls().items():
        if page not in pages:
            continue
        client.get(url)  # warm the menus' caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (page, url, response.status_code)
        counts[page] = len(queries)
    return counts


def _measure(catalog, visitor, shopper, customer) -> dict[str, dict[str, int]]:
    """The pages of a visitor without a cart, of one with a cart (cart, checkout), and of a
    logged-in customer with a cart (every page)."""
    pages = set(catalog.urls())
    return {
        "anonymous": {
            **_queries(visitor, catalog, pages - CART_PAGES),
            **_queries(shopper, catalog, CART_PAGES),
        },
        "customer": _queries(customer, catalog, pages),
    }


def test_every_public_page_makes_the_same_queries_for_10_and_100_books(user):
    catalog = Catalog()
    visitor, shopper, customer = Client(), Client(), Client()
    customer.force_login(user)
    user.customer.favorite_authors.add(catalog.author)
    catalog.grow_to(10)
    for client in (shopper, customer):
        _fill_cart(client, catalog.books[:2])
    few = _measure(catalog, visitor, shopper, customer)

    catalog.grow_to(100)
    for client in (shopper, customer):
        _fill_cart(client, catalog.books[2:10])
    many = _measure(catalog, visitor, shopper, customer)

    assert many == few
    over = {
        who: {page: n for page, n in counts.items() if n > BOUNDS[who][page]}
        for who, counts in many.items()
    }
    assert over == {"anonymous": {}, "customer": {}}, many


def test_the_product_page_reads_its_genres_once_and_computes_no_list(client):
    catalog = Catalog()
    catalog.grow_to(10)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(catalog.books[0].get_absolute_url())

    sql = [query["sql"] for query in queries.captured_queries]
    assert response.status_code == 200
    assert sum('"catalog_product_genres"' in s for s in sql) == 1
    assert not any('"orders_orderline"' in s for s in sql)  # no co-purchase query per request
