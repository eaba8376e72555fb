"""Money rules through every path (issue #20): the IGV per line for each tax class and the
order's tax total, written out by hand; and a guest's e-mail in another case finds the same
customer at checkout.

The law as DESIGN.md and the settings state it: prices include IGV; merchandise pays the
standard 18%; books are exonerated (Ley 31053); the delivery fee is a service and pays 18%.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from crm.models import Customer
from orders import cart as carts
from orders import pricing
from orders.models import Order
from tests.factories import CustomerFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.conftest import place

pytestmark = pytest.mark.django_db


def test_the_rates_are_the_laws():
    from django.conf import settings

    assert settings.IGV_RATES == {"standard": "0.18", "exonerated": "0.00"}
    book = Product(kind=Product.Kind.BOOK)
    mug = Product(kind=Product.Kind.MERCHANDISE, tax_class=Product.TaxClass.STANDARD)
    assert pricing.igv_rate(book) == Decimal("0.00")  # a new book is exonerated by default
    assert pricing.igv_rate(mug) == Decimal("0.18")


def test_merchandise_cannot_be_exonerated():
    """Ley 31053 exonerates books, not a mug: the catalog refuses the wrong class."""
    from catalog.services import save_product

    mug = Product(
        kind=Product.Kind.MERCHANDISE,
        title="Taza Libros Pepito",
        price=Decimal("35.40"),
        tax_class=Product.TaxClass.EXONERATED,
    )
    with pytest.raises(ValidationError) as refused:
        save_product(product=mug, authors=[])
    assert "El merchandising paga IGV" in str(refused.value)
    assert not Product.objects.filter(title="Taza Libros Pepito").exists()
    mug.tax_class = Product.TaxClass.STANDARD
    assert save_product(product=mug, authors=[]).pk


@pytest.mark.parametrize(
    ("amount", "rate", "tax"),
    [
        ("118.00", "0.18", "18.00"),
        ("59.00", "0.18", "9.00"),
        ("10.00", "0.18", "1.53"),  # 10 - 10/1.18 = 1.5254…, half up
        ("45.90", "0.18", "7.00"),  # 45.90 - 38.8983… = 7.0016…
        ("45.90", "0.00", "0.00"),
        ("0.00", "0.18", "0.00"),
    ],
)
def test_the_igv_inside_a_tax_included_amount(amount, rate, tax):
    assert pricing.included_tax(Decimal(amount), Decimal(rate)) == Decimal(tax)


@pytest.fixture
def mixed_cart(customer, miraflores, warehouse):
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
        stock_up(warehouse, product, 5)
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=book, quantity=1)
    carts.add_to_cart(cart=cart, product=mug, quantity=2)
    return cart


def _lines(order):
    return {line.title: (line.tax_rate, line.line_total) for line in order.lines.all()}


def test_a_pickup_order_taxes_the_merchandise_lines_only(mixed_cart, miraflores):
    order = place(mixed_cart, store=miraflores)

    assert _lines(order) == {
        "Los ríos profundos": (Decimal("0.00"), Decimal("45.90")),
        "Taza Libros Pepito": (Decimal("0.18"), Decimal("118.00")),
    }
    assert order.subtotal == Decimal("163.90")
    assert order.tax_total == Decimal("18.00")  # the IGV inside the two mugs, none in the book
    assert order.total == Decimal("163.90")


def test_a_delivery_order_adds_the_fees_igv(mixed_cart, zone, window, settings):
    from orders.checkout import Address

    settings.STRIPE_ENABLED = True
    slot = f"{(timezone.localdate() + timedelta(days=1)).isoformat()}|{window.pk}"
    order = place(
        mixed_cart,
        fulfilment="delivery",
        payment_method="card",
        address=Address("Calle Berlín 345", "", "miraflores", "Lima", "Lima"),
        slot=slot,
    )

    assert order.delivery_fee == Decimal("10.00")
    assert order.tax_total == Decimal("19.53")  # 18.00 in the mugs + 1.53 in the fee
    assert order.total == Decimal("173.90")


def test_the_customers_order_page_shows_the_same_igv(client, customer, mixed_cart, miraflores):
    order = place(mixed_cart, store=miraflores)
    client.force_login(customer.user)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Incluye IGV: S/ 18.00." in page


# A guest's e-mail, in whatever case, finds the customer
# ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Ana@Example.PE", "ANA@EXAMPLE.PE", " ana@example.pe "])
def test_guest_checkout_with_the_email_in_another_case_finds_the_same_customer(
    client, miraflores, typed
):
    ana = CustomerFactory(name="Ana Torres", email="ana@example.pe", phone="")
    book = ProductFactory(price=Decimal("45.90"))
    stock_up(miraflores, book, 5)
    client.post(reverse("orders:cart_add", args=[book.pk]))
    form = client.get(reverse("orders:checkout")).context["form"]

    response = client.post(
        reverse("orders:checkout"),
        {
            "name": "Ana Torres",
            "email": typed,
            "phone": "987 654 321",
            "fulfilment": "pickup",
            "store": miraflores.pk,
            "payment_method": "at_pickup",
            "checkout_token": form.initial["checkout_token"],
            "expected_subtotal": str(form.initial["expected_subtotal"]),
            "region": "Lima",
        },
    )

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.customer_id == ana.pk
    assert Customer.objects.filter(email__iexact="ana@example.pe").count() == 1
    ana.refresh_from_db()
    assert ana.email == "ana@example.pe"  # kept as it was
