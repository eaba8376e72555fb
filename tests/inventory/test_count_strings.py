"""Counts read as Spanish: "queda 1", "quedan 2" (ngettext), in the stock's messages to
customers, clerks and managers."""

import pytest
from django.core import mail

from accounts.roles import Role
from inventory import stock
from inventory.exceptions import BelowReserved, OutOfStock
from tests.factories import UserFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


def test_out_of_stock_counts_one_copy_in_the_singular(store, product):
    one = OutOfStock(product, store, 1, 2)
    two = OutOfStock(product, store, 2, 3)
    assert one.message.startswith(f"Solo queda 1 de «{product}» en {store} y pediste 2")
    assert two.message.startswith(f"Solo quedan 2 de «{product}»")
    assert "queda solo 1 copia de" in one.staff_message
    assert "quedan solo 2 copias de" in two.staff_message


def test_below_reserved_counts_one_unit_in_the_singular(product):
    assert f"Hay 1 unidad de «{product}» separada para pedidos" in BelowReserved(product, 1).message
    assert f"Hay 2 unidades de «{product}» separadas" in BelowReserved(product, 2).message


def test_the_low_stock_email_says_queda_1_disponible(
    store, product, django_capture_on_commit_callbacks
):
    UserFactory(email="jefe@librospepito.pe", store=store, role=Role.STORE_MANAGER)
    stock_up(store, product, 3, reorder_point=1)

    with django_capture_on_commit_callbacks(execute=True):
        stock.record_sale(store, [(product, 2)])  # 1 left: at the reorder point

    [email] = mail.outbox
    assert f"Queda 1 disponible de «{product}»" in email.body
    assert "Quedan 1" not in email.body


def test_the_stock_list_says_queda_1(clerk_client, store, product):
    stock_up(store, product, 3, reorder_point=2)
    stock.record_sale(store, [(product, 2)])  # 1 left: the alert is out
    html = clerk_client.get("/tienda/stock/").content.decode()
    assert "queda 1 (reponer con 2)" in html and "quedan 1" not in html
