"""Taking more than is available is refused by the domain, with its Spanish message, before any
database check constraint can fire (issue #20): a missing check would surface here as an
IntegrityError (or a silent oversell) instead of OutOfStock. Nothing is written when it is
raised. Then the same refusal as the customer sees it, at the cart and at checkout."""

from decimal import Decimal

import pytest
from django.urls import reverse

from inventory import stock
from inventory.exceptions import OutOfStock
from inventory.models import Reservation, StockItem, StockMovement, Transfer
from orders.models import Order
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db

STORE = "Libros Pepito Miraflores"


@pytest.fixture
def store(db):
    return StoreFactory(slug="miraflores", name=STORE)


@pytest.fixture
def book(db):
    return ProductFactory(title="Rayuela", price=Decimal("45.90"))


def _snapshot():
    return (
        list(StockItem.objects.order_by("pk").values_list("on_hand", "reserved")),
        StockMovement.objects.count(),
        Reservation.objects.filter(state="active").count(),
    )


def _refused(call, message):
    before = _snapshot()
    with pytest.raises(OutOfStock) as refused:
        call()
    assert refused.value.message == message
    assert _snapshot() == before
    return refused.value


def test_reserving_one_more_than_the_shelf_holds(store, book):
    stock_up(store, book, 2)
    _refused(
        lambda: stock.reserve([(book, 3)], store, "cart:1"),
        f"Solo quedan 2 de «Rayuela» en {STORE} y pediste 3; reduce la cantidad o elige otra "
        "tienda.",
    )
    assert stock.reserve([(book, 2)], store, "cart:1")  # exactly what is there passes


def test_reserving_what_others_hold_already(store, book):
    stock_up(store, book, 5)
    stock.reserve([(book, 3)], store, "cart:1")
    error = _refused(
        lambda: stock.reserve([(book, 3)], store, "cart:2"),
        f"Solo quedan 2 de «Rayuela» en {STORE} y pediste 3; reduce la cantidad o elige otra "
        "tienda.",
    )
    assert (error.available, error.wanted) == (2, 3)


def test_reserving_when_nothing_is_left(store, book):
    stock_up(store, book, 1)
    stock.reserve([(book, 1)], store, "cart:1")
    _refused(
        lambda: stock.reserve([(book, 1)], store, "cart:2"),
        f"«Rayuela» está agotado en {STORE}; elige otra tienda o pide que te avisemos cuando "
        "llegue.",
    )


def test_selling_at_the_counter_more_than_is_free(store, book):
    stock_up(store, book, 3)
    stock.reserve([(book, 2)], store, "cart:1")  # held copies belong to someone's order
    _refused(
        lambda: stock.record_sale(store, [(book, 2)]),
        f"Solo queda 1 de «Rayuela» en {STORE} y pediste 2; reduce la cantidad o elige otra "
        "tienda.",
    )


def test_sending_a_transfer_of_more_than_is_free(store, book):
    other = StoreFactory(slug="arequipa", name="Libros Pepito Arequipa", region="Arequipa")
    stock_up(store, book, 2)
    transfer = stock.request_transfer(store, other, book, 2)
    stock.record_sale(store, [(book, 1)])  # sold at the counter before it left
    _refused(
        lambda: stock.send_transfer(transfer),
        f"Solo queda 1 de «Rayuela» en {STORE} y pediste 2; reduce la cantidad o elige otra "
        "tienda.",
    )
    assert Transfer.objects.get().state == Transfer.State.REQUESTED


def test_adjusting_below_zero(store, book):
    stock_up(store, book, 1)
    _refused(
        lambda: stock.adjust(store, book, -2, "robo"),
        f"Solo queda 1 de «Rayuela» en {STORE} y pediste 2; reduce la cantidad o elige otra "
        "tienda.",
    )


# As the customer sees it
# ------------------------------------------------------------------------------


def test_add_to_cart_of_a_book_sold_out_everywhere(client, store, book):
    response = client.post(
        reverse("orders:cart_add", args=[book.pk]), HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 409
    assert response.json() == {"error": "«Rayuela» está agotado en todas nuestras tiendas."}


def test_checkout_of_more_than_the_store_holds(client, store, book):
    stock_up(store, book, 1)
    client.post(reverse("orders:cart_add", args=[book.pk]), {"cantidad": "3"})
    form = client.get(reverse("orders:checkout")).context["form"]

    response = client.post(
        reverse("orders:checkout"),
        {
            "name": "Rosa Quispe",
            "email": "rosa@example.pe",
            "phone": "987 654 321",
            "fulfilment": "pickup",
            "store": store.pk,
            "payment_method": "at_pickup",
            "checkout_token": form.initial["checkout_token"],
            "expected_subtotal": str(form.initial["expected_subtotal"]),
            "region": "Lima",
        },
    )

    assert response.status_code == 409  # the checkout again, with why
    assert (
        f"Solo queda 1 de «Rayuela» en {STORE} y pediste 3; reduce la cantidad o elige otra tienda."
    ) in response.content.decode()
    assert not Order.objects.exists()
    assert StockItem.objects.get(store=store, product=book).reserved == 0
