"""orders.pricing, rule by rule: the IGV rate of a tax class, and what a cart's quote counts.

Written ahead of the module's mutation run (README "Mutation testing": pricing is not measured
yet); each test states what the customer sees at checkout.
"""

from decimal import Decimal

import pytest

from catalog.models import Product
from orders import cart as carts
from orders import pricing
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


def test_an_unknown_tax_class_pays_the_standard_rate():
    """A class the settings do not know is never taken for exonerated."""
    assert pricing.igv_rate(Product(tax_class="desconocida")) == Decimal("0.18")


def test_an_empty_rate_has_no_tax_inside():
    assert pricing.included_tax(Decimal("45.90"), Decimal("0")) == Decimal("0.00")
    assert str(pricing.included_tax(Decimal("45.90"), Decimal("0"))) == "0.00"


@pytest.fixture
def cart(customer, miraflores):
    book = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    mug = ProductFactory(
        kind=Product.Kind.MERCHANDISE,
        isbn="",
        authors=[],
        title="Taza Libros Pepito",
        price=Decimal("59.00"),
        tax_class=Product.TaxClass.STANDARD,
    )
    for product in (book, mug):
        stock_up(miraflores, product, 5)
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=book, quantity=1)
    carts.add_to_cart(cart=cart, product=mug, quantity=2)
    return cart


def test_a_quote_adds_the_fee_and_its_igv_to_the_lines(cart):
    quote = pricing.quote(cart, delivery_fee=Decimal("10.00"))

    assert [line.product.title for line in quote.lines] == [
        "Los ríos profundos",
        "Taza Libros Pepito",
    ]
    assert (quote.subtotal, quote.delivery_fee) == (Decimal("163.90"), Decimal("10.00"))
    assert quote.tax_total == Decimal("19.53")  # 18.00 in the two mugs + 1.53 in the fee
    assert quote.total == Decimal("173.90")
    assert quote.changes == []


def test_a_quote_without_a_fee_charges_none(cart):
    quote = pricing.quote(cart)

    assert (quote.delivery_fee, quote.tax_total, quote.total) == (
        Decimal("0.00"),
        Decimal("18.00"),
        Decimal("163.90"),
    )


def test_a_withdrawn_line_is_left_out_and_a_new_price_is_told(cart):
    book = Product.objects.get(title="Los ríos profundos")
    mug = Product.objects.get(title="Taza Libros Pepito")
    Product.objects.filter(pk=book.pk).update(price=Decimal("50.00"))
    Product.objects.filter(pk=mug.pk).update(is_active=False)

    quote = pricing.quote(cart, delivery_fee=Decimal("10.00"))

    assert [line.product.title for line in quote.lines] == ["Los ríos profundos"]
    assert (quote.subtotal, quote.tax_total, quote.total) == (
        Decimal("50.00"),
        Decimal("1.53"),  # the fee's only: the book is exonerated, the mug is gone
        Decimal("60.00"),
    )
    assert [line.product.title for line in quote.changes] == [
        "Los ríos profundos",
        "Taza Libros Pepito",
    ]
