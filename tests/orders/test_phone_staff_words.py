"""A phone order speaks to the clerk, not to the customer: a refusal says what the clerk can
offer, a short cart line says "Sin stock en esta tienda" and where the book is, and the pickup
store list marks the stores that lack a book."""

import re
from decimal import Decimal

import pytest

from orders.models import Order
from tests.factories import CustomerFactory, StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.test_phone_orders import _builder, _fill_cart

pytestmark = pytest.mark.django_db


@pytest.fixture
def caller(db):
    return CustomerFactory(name="Teresa Gonzales", phone="+51955111222", email="t@example.pe")


@pytest.fixture
def rayuela(miraflores, arequipa):
    book = ProductFactory(title="Rayuela", price=Decimal("49.00"))
    stock_up(arequipa, book, 2)  # none at Miraflores
    return book


def _place(client, caller, store):
    return client.post(
        _builder(caller),
        {
            "fulfilment": "pickup",
            "store": store.pk,
            "payment_method": "at_pickup",
            "checkout_token": "a" * 32,
        },
    )


def test_the_refusal_is_worded_for_the_clerk_and_names_the_stores_that_have_it(
    clerk_client, caller, rayuela, miraflores
):
    _fill_cart(clerk_client, caller, rayuela)

    response = _place(clerk_client, caller, miraflores)

    assert response.status_code == 400
    html = response.content.decode()
    assert "avisemos" not in html and "elige otra tienda" not in html
    assert "«Rayuela» no tiene stock en Libros Pepito Miraflores" in html
    assert "Ofrécele al cliente otra tienda" in html
    assert "Tienen stock: Arequipa (2)." in html
    assert not Order.objects.exists()


def test_a_partial_refusal_counts_in_the_singular(clerk_client, caller, miraflores, arequipa):
    book = ProductFactory(title="Rayuela")
    stock_up(miraflores, book, 1)
    _fill_cart(clerk_client, caller, book, quantity=3)

    html = _place(clerk_client, caller, miraflores).content.decode()

    assert "queda solo 1 copia de «Rayuela» y el cliente pide 3" in html
    assert "Ninguna otra tienda tiene esa cantidad ahora." in html


def test_a_line_without_stock_here_says_so_and_where_it_is(
    clerk_client, caller, rayuela, miraflores
):
    _fill_cart(clerk_client, caller, rayuela)
    html = clerk_client.get(_builder(caller)).content.decode()
    note = re.search(r'data-role="line-stock">(.*?)</small>', html, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", "", note).split())
    assert "Solo 0" not in text
    assert text == "Sin stock en esta tienda · Hay en Arequipa (2)"


def test_a_short_line_counts_in_the_singular(clerk_client, caller, miraflores, arequipa):
    book = ProductFactory(title="Rayuela")
    stock_up(miraflores, book, 1)
    _fill_cart(clerk_client, caller, book, quantity=2)
    html = clerk_client.get(_builder(caller)).content.decode()
    note = re.search(r'data-role="line-stock">(.*?)</small>', html, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", "", note).split())
    assert text == "Solo queda 1 en esta tienda · ninguna otra tienda lo tiene"


def test_the_store_list_marks_the_stores_that_lack_a_book(
    clerk_client, caller, rayuela, miraflores, arequipa
):
    cusco = StoreFactory(slug="cusco", name="Libros Pepito Cusco")
    _fill_cart(clerk_client, caller, rayuela)

    html = clerk_client.get(_builder(caller)).content.decode()
    select = re.search(r'<select name="store".*?</select>', html, re.S).group(0)
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", select)
    labels = [label for _attrs, label in options]
    # The store that has everything first and chosen; the others disabled, saying why.
    assert labels[1] == str(arequipa)
    assert "selected" in options[1][0] and "disabled" not in options[1][0]
    lacking = {label: attrs for attrs, label in options[2:]}
    assert set(lacking) == {
        f"{cusco} — sin stock de «Rayuela»",
        f"{miraflores} — sin stock de «Rayuela»",
    }
    assert all("disabled" in attrs for attrs in lacking.values())
