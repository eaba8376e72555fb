"""orders.fulfilment, rule by rule: which stores a cart may be picked up at (complete ones
first), where a delivery leaves from, which payments each way of receiving takes, and what the
checkout shows for a district (fee, windows, total).

Written ahead of the module's mutation run (README "Mutation testing": fulfilment is not
measured yet); each test states what the customer or the warehouse would see.
"""

from decimal import Decimal

import pytest

from orders import cart as carts
from orders import delivery
from orders.fulfilment import (
    delivery_options,
    delivery_store,
    payment_summary,
    payments_for,
    pickup_options,
)
from orders.models import DeliveryDistrict, DeliveryWindow, DeliveryZone
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


def test_stock_of_other_books_does_not_count_for_the_cart(customer, books):
    surco = StoreFactory(slug="surco", name="Libros Pepito Surco")
    stock(surco, books, 5, 5)
    stock_up(surco, ProductFactory(title="Conversación en La Catedral"), 3)  # not in the cart

    assert delivery_store(cart_of(customer, books)) == surco


def test_no_store_holding_every_line_means_no_delivery(customer, books):
    stock(StoreFactory(slug="surco", name="Libros Pepito Surco"), books, 5, 0)
    stock(StoreFactory(slug="barranco", name="Libros Pepito Barranco"), books, 0, 5)

    cart = cart_of(customer, books)
    assert delivery_store(cart) is None
    empty = carts.cart_for_customer(customer)
    empty.lines.all().delete()
    assert delivery_store(empty) is None


# What the checkout says about payments (orders.fulfilment.payments_for / payment_summary)
# ------------------------------------------------------------------------------


def test_each_way_of_receiving_takes_its_payments_card_only_with_stripe(settings):
    settings.STRIPE_ENABLED = True
    assert payments_for("pickup") == ["at_pickup", "card"]
    assert payments_for("lima") == ["cod", "card"]
    assert payments_for("provincias") == ["card"]

    settings.STRIPE_ENABLED = False
    assert payments_for("pickup") == ["at_pickup"]
    assert payments_for("lima") == ["cod"]
    assert payments_for("provincias") == []


def test_the_checkout_names_the_payments_of_each_way_whole(settings):
    """Compared whole: a substring check lets a changed or shouted sentence pass."""
    settings.STRIPE_ENABLED = True
    assert payment_summary() == [
        (
            "Recojo en tienda",
            "pagas al recoger, en efectivo o con tarjeta, o en línea con tarjeta.",
        ),
        (
            "Delivery en Lima",
            "pago contra entrega (efectivo, tarjeta, Yape o Plin) o en línea con tarjeta.",
        ),
        ("Envío al resto del Perú", "en línea con tarjeta."),
    ]

    settings.STRIPE_ENABLED = False
    assert payment_summary() == [
        ("Recojo en tienda", "pagas al recoger, en efectivo o con tarjeta."),
        ("Delivery en Lima", "pago contra entrega: efectivo, tarjeta, Yape o Plin al recibir."),
        (
            "Envío al resto del Perú",
            "por ahora no disponible (necesita pago en línea con tarjeta).",
        ),
    ]


# A district's fee, windows and total (orders.fulfilment.delivery_options)
# ------------------------------------------------------------------------------


@pytest.fixture
def lima_zone(db):
    zone = DeliveryZone.objects.create(name="Lima Moderna", fee=Decimal("10.00"), lead_days=1)
    DeliveryDistrict.objects.create(name="Miraflores", zone=zone)
    return zone


@pytest.fixture
def morning(db):
    return DeliveryWindow.objects.create(
        label="9:00–13:00", starts_at="09:00", ends_at="13:00", capacity=5
    )


def test_a_lima_district_gets_its_fee_windows_payments_and_total(
    settings, customer, books, lima_zone, morning
):
    settings.STRIPE_ENABLED = False
    settings.DELIVERY_DAYS_AHEAD = 3  # not the 7 days slot_options offers by default
    stock(StoreFactory(slug="barranco", name="Libros Pepito Barranco"), books, 5, 5)
    cart = cart_of(customer, books)  # 2 × 45.90 + 39.90 = 131.70

    context = delivery_options(cart, district="miraflores")  # as typed; Lima by default

    assert set(context) == {"district", "selected_slot", "quote", "payments", "slots", "total"}
    assert (context["district"], context["selected_slot"]) == ("miraflores", "")
    assert context["quote"] == delivery.DeliveryQuote(
        fee=Decimal("10.00"), zone=lima_zone, courier_eta=None
    )
    assert [str(label) for label in context["payments"]] == ["Pago contra entrega"]
    assert context["slots"] == delivery.slot_options(lima_zone, days=settings.DELIVERY_DAYS_AHEAD)
    assert len(context["slots"]) == 3  # one window a day
    assert context["total"] == Decimal("141.70")  # the cart and the fee

    chosen = context["slots"][0].value
    again = delivery_options(None, district="Miraflores", slot=chosen)
    assert again["selected_slot"] == chosen
    assert "total" not in again  # no cart (the phone order before its lines)


def test_a_province_goes_by_courier_with_card_only(settings, customer, books, lima_zone):
    stock(StoreFactory(slug="barranco", name="Libros Pepito Barranco"), books, 5, 5)
    cart = cart_of(customer, books)
    settings.STRIPE_ENABLED = True

    context = delivery_options(cart, district="Yanahuara", province="Arequipa", region="Arequipa")

    assert set(context) == {"district", "selected_slot", "quote", "payments", "total"}
    assert context["quote"].fee == delivery.COURIER_FEE
    assert context["quote"].zone is None and context["quote"].courier_eta is not None
    assert [str(label) for label in context["payments"]] == ["Tarjeta"]
    assert context["total"] == Decimal("146.70")  # 131.70 + the courier's 15.00

    settings.STRIPE_ENABLED = False
    context = delivery_options(cart, district="Yanahuara", province="Arequipa", region="Arequipa")
    assert context["payments"] == []
    assert context["error"] == (
        "Fuera de Lima solo enviamos con pago en línea con tarjeta, que no está disponible "
        "ahora. Elige recojo en tienda."
    )


def test_a_lima_district_without_zone_says_so_and_quotes_nothing(customer, books, lima_zone):
    stock(StoreFactory(slug="barranco", name="Libros Pepito Barranco"), books, 5, 5)
    context = delivery_options(cart_of(customer, books), district="Ancón")

    assert set(context) == {"district", "selected_slot", "error"}
    assert context["error"] == (
        "Todavía no repartimos en Ancón. Elige recojo en tienda o escríbenos por el chat y "
        "vemos cómo hacerte llegar tu pedido."
    )


def test_a_delivery_leaves_from_lima_by_default_even_when_another_region_sorts_first(
    customer, books
):
    surco = StoreFactory(slug="surco", name="Libros Pepito Surco")
    arequipa = StoreFactory(slug="arequipa", name="Libros Pepito Arequipa", region="Arequipa")
    stock(surco, books, 5, 5)
    stock(arequipa, books, 5, 5)

    cart = cart_of(customer, books)
    assert delivery_store(cart) == surco  # "Arequipa" comes first by name
    assert delivery_store(cart, region="Arequipa") == arequipa
