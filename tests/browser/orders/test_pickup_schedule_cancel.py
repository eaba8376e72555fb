"""What a customer sees on a phone: the pickup QR drawn, the journeys that depend on the
scheduled work (an unpaid card hold expires; an uncollected pickup is annulled and the customer
told), and annulling their own order. The clock is moved by editing the rows' times; the task
then runs as `manage.py run_schedule` runs it (its Entry, from CELERY_BEAT_SCHEDULE)."""

# ruff: noqa: F811

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from config.management.commands.run_schedule import Entry
from inventory.models import StockItem
from orders import cart as carts
from orders import checkout, status
from orders.models import Order
from outbox.models import Notification
from tests.factories import CustomerFactory, StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.stripe_fixtures import (  # noqa: F401 (fixtures)
    localstripe,
    stripe_settings,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Order.Status


@pytest.fixture
def shop(db):
    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores", phone="01 444 5555")
    book = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(store, book, 4)
    return store, book


def guest_order(shop, *, payment_method="at_pickup"):
    store, book = shop
    customer = CustomerFactory(email="rosa.quispe@example.pe")  # no account: a guest
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=book, quantity=2)
    return checkout.place_order(
        cart=cart,
        contact=checkout.Contact(
            name="Rosa Quispe", email="rosa.quispe@example.pe", phone="+51987654321"
        ),
        fulfilment="pickup",
        payment_method=payment_method,
        channel="web",
        checkout_token=uuid.uuid4().hex,
        expected_subtotal=None,
        store=store,
        customer=customer,
    )


def look_up(page, order):
    """The guest's way in: number and e-mail at /pedidos/buscar/."""
    page.goto("/pedidos/buscar/")
    page.get_by_label("Número de pedido").fill(order.number)
    page.get_by_label("Correo con el que compraste").fill(order.contact_email)
    page.get_by_role("button", name="Ver mi pedido").click()
    page.get_by_role("heading", name=f"Pedido {order.number}").wait_for()


def run_scheduled(name: str) -> None:
    """One beat entry, called the way run_schedule calls it."""
    assert Entry(name, settings.CELERY_BEAT_SCHEDULE[name]).run()


def held(shop) -> int:
    store, book = shop
    return StockItem.objects.get(store=store, product=book).reserved


def settle(page):
    """Let the page finish its own requests (the QR image, the chat widget) before the test
    writes: on the embedded default the live server shares the test's SQLite database, and a
    write while it still reads fails with "database table is locked"."""
    page.wait_for_load_state("networkidle")


def test_chromium_draws_the_pickup_qr(phone, shop):
    order = guest_order(shop)
    look_up(phone, order)

    qr = phone.get_by_role("img", name="Código QR de recojo")
    qr.scroll_into_view_if_needed()
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert qr.evaluate("img => img.naturalWidth") > 100
    assert qr.bounding_box()["width"] > 100  # drawn at its size, not a broken-image icon


def test_an_unpaid_card_hold_expires_and_the_tracking_page_says_so(phone, shop, stripe_settings):
    order = guest_order(shop, payment_method="card")
    look_up(phone, order)
    phone.get_by_role("link", name="Pagar ahora").wait_for()
    assert held(shop) == 2

    # The customer never pays; the hold's time passes.
    hold = timedelta(minutes=settings.ORDER_PAYMENT_HOLD_MINUTES + 1)
    settle(phone)
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - hold)
    run_scheduled("annul-expired-orders")

    phone.reload()
    assert phone.locator("#order-status").inner_text() == "Anulado"
    note = phone.locator("#cancelled-note")
    assert "Este pedido fue anulado." in note.inner_text()
    assert "No recibimos el pago a tiempo" in note.inner_text()
    assert phone.get_by_role("link", name="Pagar ahora").count() == 0
    assert phone.get_by_role("img", name="Código QR de recojo").count() == 0
    assert held(shop) == 0


def test_an_uncollected_pickup_is_annulled_and_the_customer_told(phone, shop):
    order = guest_order(shop)
    status.advance(order=order, to=S.PACKED)
    status.advance(order=order, to=S.READY)
    look_up(phone, order)
    assert phone.locator("#order-status").inner_text() == "Listo para recoger"

    settle(phone)
    Order.objects.filter(pk=order.pk).update(pickup_deadline=timezone.now() - timedelta(hours=1))
    run_scheduled("annul-expired-orders")

    phone.reload()
    assert phone.locator("#order-status").inner_text() == "Anulado"
    assert "No se recogió dentro del plazo" in phone.locator("#cancelled-note").inner_text()
    assert phone.locator("#pickup-code").count() == 0
    assert held(shop) == 0
    # The customer is told, by e-mail and SMS, through the outbox.
    told = Notification.objects.filter(body__contains="fue anulado", to=order.contact_email)
    (email,) = told
    assert "No se recogió dentro del plazo" in email.body
    assert Notification.objects.filter(channel="sms", body__contains="fue anulado").count() == 1


def test_a_guest_annuls_their_order_on_a_phone(phone, shop):
    order = guest_order(shop)
    look_up(phone, order)

    phone.get_by_role("link", name="Anular pedido").click()
    phone.get_by_role("heading", name=f"¿Anular el pedido {order.number}?").wait_for()
    assert "no se te cobrará nada" in phone.locator("#cancel-effects").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_label("¿Por qué lo anulas? (opcional)").fill("Ya lo conseguí")
    phone.get_by_role("button", name="Sí, anular mi pedido").click()

    phone.get_by_text(f"Anulaste tu pedido {order.number}.").wait_for()
    assert phone.locator("#order-status").inner_text() == "Anulado"
    assert "Ya lo conseguí" in phone.locator("#cancelled-note").inner_text()
    assert phone.get_by_role("link", name="Anular pedido").count() == 0
    order.refresh_from_db()
    assert order.status == S.CANCELLED and held(shop) == 0


def test_a_packed_order_tells_the_customer_whom_to_call(phone, shop):
    order = guest_order(shop)
    status.advance(order=order, to=S.PACKED)
    look_up(phone, order)

    refusal = phone.locator("#cancel-refusal")
    assert "ya está embalado" in refusal.inner_text()
    assert "01 444 5555" in refusal.inner_text()
    assert phone.get_by_role("link", name="Anular pedido").count() == 0
