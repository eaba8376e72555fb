"""The stock ledger a clerk reads (the product's movements): Spanish labels with links for what
caused each line, never the machine keys ("order:37", "(reservation 64)")."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory import stock
from orders import cart as carts
from tests.factories import CustomerFactory, StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.staff_helpers import place_pickup

pytestmark = pytest.mark.django_db


def _causes(client, product) -> list[str]:
    html = client.get(f"/tienda/stock/producto/{product.pk}/").content.decode()
    cells = re.findall(r'<td data-role="cause">(.*?)</td>', html, re.S)
    return [" ".join(cell.split()) for cell in cells]


def _order(store, product, quantity=1):
    customer = CustomerFactory()
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=product, quantity=quantity)
    return place_pickup(cart, store)


def test_an_orders_lines_read_pedido_with_a_link_to_its_page(clerk_client, store, product):
    stock_up(store, product, 5)
    order = _order(store, product, 2)
    stock.consume_order_holds(order.pk, store=store, lines=[(product, 2)], reason=order.number)

    causes = _causes(clerk_client, product)
    html = " ".join(causes)

    link = f'<a href="/tienda/pedidos/{order.number}/">Pedido {order.number}</a>'
    assert causes[0] == link  # the sale, newest first
    assert causes[1] == link  # the hold
    assert "order:" not in html and "reservation" not in html and "(" not in html


def test_cart_holds_transfers_and_counts_are_named_too(clerk_client, store, product):
    arequipa = StoreFactory(slug="arequipa", name="Libros Pepito Arequipa", region="Arequipa")
    stock_up(store, product, 5)
    stock.reserve([(product, 1)], store, "cart:12")
    stock_up(arequipa, product, 2)
    incoming = stock.transfer(arequipa, store, product, 1)
    outgoing = stock.transfer(store, arequipa, product, 1)
    stock.count(store, [(product, 4)])

    causes = _causes(clerk_client, product)

    assert "Conteo de stock" in causes[0]
    assert any(
        f'href="/tienda/stock/transferencias/?tienda={store.slug}#transfer-{outgoing.pk}"' in c
        and f"Transferencia #{outgoing.pk} a Arequipa" in c
        for c in causes
    )
    assert any(f"Transferencia #{incoming.pk} desde Arequipa" in c for c in causes)
    assert "Carrito web (separado al pagar)" in causes
    joined = " ".join(causes)
    assert "cart:12" not in joined and "transfer " not in joined and "(count" not in joined


def test_the_ledger_makes_the_same_queries_for_many_orders(clerk_client, store, product):
    stock_up(store, product, 50)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert clerk_client.get(f"/tienda/stock/producto/{product.pk}/").status_code == 200
        return len(captured)

    _order(store, product)
    few = queries()
    for _ in range(8):
        _order(store, product)
        stock.reserve([(product, 1)], store, "cart:7")
    arequipa = StoreFactory(slug="arequipa")
    stock.transfer(store, arequipa, product, 1)
    assert queries() == few + 1  # the transfers' query, whatever their number
    stock.transfer(store, arequipa, product, 1)
    assert queries() == few + 1


def test_an_order_name_is_kept_in_spanish_when_nobody_can_name_it(store, product):
    from inventory import ledger
    from inventory.models import StockMovement

    stock_up(store, product, 2)
    stock.reserve([(product, 1)], store, "order:999")
    saved = ledger._order_links
    ledger._order_links = None  # inventory alone, without the orders app's resolver
    try:
        rows = ledger.ledger_rows(StockMovement.objects.filter(kind="reservation"), store=store)
    finally:
        ledger._order_links = saved
    assert [(row.label, row.url, row.reason) for row in rows] == [("Pedido n.º 999", "", "")]


def test_other_products_do_not_leak_into_a_products_ledger(clerk_client, store):
    product, other = ProductFactory(), ProductFactory()
    stock_up(store, product, 1)
    stock_up(store, other, 1)
    assert len(_causes(clerk_client, product)) == 1
