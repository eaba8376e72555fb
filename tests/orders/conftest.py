import uuid
from decimal import Decimal

import pytest

from orders import cart as carts
from orders import checkout
from orders.models import DeliveryDistrict, DeliveryWindow, DeliveryZone
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import WarehouseFactory, stock_up


@pytest.fixture
def miraflores(db):
    return StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")


@pytest.fixture
def warehouse(db):
    return WarehouseFactory(slug="almacen", name="Almacén central")


@pytest.fixture
def books(miraflores, warehouse):
    rios = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    ciudad = ProductFactory(title="La ciudad y los perros", price=Decimal("59.00"))
    for book in (rios, ciudad):
        stock_up(miraflores, book, 5)
        stock_up(warehouse, book, 10)
    return rios, ciudad


@pytest.fixture
def zone(db):
    zone = DeliveryZone.objects.create(name="Lima Moderna", fee=Decimal("10.00"), lead_days=1)
    DeliveryDistrict.objects.create(name="Miraflores", zone=zone)
    return zone


@pytest.fixture
def window(db):
    return DeliveryWindow.objects.create(
        label="9:00–13:00", starts_at="09:00", ends_at="13:00", capacity=5
    )


@pytest.fixture
def customer_cart(customer, books):
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=books[0], quantity=2)
    carts.add_to_cart(cart=cart, product=books[1], quantity=1)
    return cart


def contact():
    return checkout.Contact(name="Luis Ramírez", email="luis@example.pe", phone="+51987654321")


def place(cart, **overrides):
    kwargs = {
        "cart": cart,
        "contact": contact(),
        "fulfilment": "pickup",
        "payment_method": "at_pickup",
        "channel": "web",
        "checkout_token": uuid.uuid4().hex,
        "expected_subtotal": None,
        "store": None,
        "customer": cart.customer,
    }
    kwargs.update(overrides)
    return checkout.place_order(**kwargs)
