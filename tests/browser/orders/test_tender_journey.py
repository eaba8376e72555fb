"""On a phone: a Club Pepito member pays part of a pickup order with points and credit; the
checkout says what is left to pay as they type, the tracking page lists the tenders."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from orders.models import Order
from tests.factories import StoreFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.tender_helpers import balances, fund

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_a_member_pays_part_with_points_and_credit(phone, live_server):
    page = phone
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    book = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(miraflores, book, 4)
    luis = UserFactory(email="luis@example.pe", first_name="Luis", last_name="Ramírez")
    fund(luis.customer, points=500, credit="10.00")
    log_in(page, luis, live_server)

    page.goto("/libros/")
    card = page.locator(".product-card", has_text="Los ríos profundos")
    card.get_by_role("button", name="Agregar al carrito").click()
    card.get_by_text("En tu carrito").wait_for()
    page.goto("/carrito/")
    page.locator("#cart-earn").get_by_text("Este pedido te da 45 puntos").wait_for()
    page.get_by_role("link", name="Continuar con la compra").click()

    page.get_by_label("Celular").fill("987 654 321")
    page.locator(".store-choice", has_text="Libros Pepito Miraflores").click()
    page.get_by_text("Pago en tienda al recoger").click()
    page.locator("#tender-balance").get_by_text("Tienes 500 puntos").wait_for()
    page.get_by_label("Usar puntos").fill("400")  # S/ 20.00 (up to 459: half of S/ 45.90)
    page.get_by_label("Usar mi vale (S/ 10.00)").fill("10")
    page.locator("[data-tender-amount]").get_by_text("S/ 15.90").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Confirmar pedido").click()

    page.wait_for_url(re.compile(r"/pedidos/LP-\d{4}-\d{6}/$"))
    order = Order.objects.get()
    assert (order.points_used, order.credit_used, order.amount_due) == (
        400,
        Decimal("10.00"),
        Decimal("15.90"),
    )
    tenders = page.locator("#order-tenders")
    tenders.get_by_text("Pagado con 400 puntos Club Pepito").wait_for()
    assert "S/ 15.90" in page.locator("#amount-due").inner_text()
    account = balances(luis.customer)
    assert (account.points_balance, account.credit_balance) == (100, Decimal("0.00"))
