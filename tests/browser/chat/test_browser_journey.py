"""Two Chromium contexts, a customer on a phone and a clerk on a tablet, chatting for real.

Websockets need daphne (Django's live server speaks HTTP only), so the test starts one on a free
port against the test database: PostgreSQL and Redis only (an in-memory SQLite database cannot
be shared with another process). The WebsocketCommunicator tests in tests/chat cover the same
journey on both layers.
"""

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.roles import Role
from orders.models import Order
from tests.browser.conftest import PHONE, browser  # noqa: F401 (the module fixture)
from tests.conftest import USING_POSTGRES, USING_REDIS
from tests.factories import StoreFactory, UserFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up
from tests.orders.stripe_fixtures import (  # noqa: F401 (the session fixture)
    PUBLISHABLE_KEY,
    SECRET_KEY,
    WEBHOOK_SECRET,
    localstripe,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (USING_POSTGRES and USING_REDIS), reason="daphne needs PostgreSQL and Redis to share"
    ),
]
ROOT = Path(__file__).resolve().parents[3]  # the checkout
TABLET = {"viewport": {"width": 1280, "height": 900}, "has_touch": True}


def open_chat(page):
    """Tap "Habla con un librero" once the widget's script has run (a tap on a page still
    loading its deferred scripts does nothing), and see the panel open."""
    from playwright.sync_api import expect

    page.locator("[data-chat-customer][data-chat-ready]").wait_for(state="attached")
    page.get_by_role("button", name="Habla con un librero").click()
    expect(page.locator("#chat-panel")).to_be_visible()


@contextmanager
def daphne(**extra_env):
    """A daphne process on a free port against the test database; its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{connection.settings_dict['USER']}@{connection.settings_dict['HOST']}:"
            f"{connection.settings_dict['PORT'] or 5432}/{connection.settings_dict['NAME']}"
        ),
        "CHANNEL_LAYER_PREFIX": f"browser-{port}",
        "CACHE_KEY_PREFIX": f"browser-{port}",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        # No Celery worker runs in the suite: the server's event handlers run after commit.
        "OUTBOX_INLINE": "1",
        **extra_env,
    }
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "daphne"), "-b", "127.0.0.1", "-p", str(port)]
        + ["config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def daphne_url():
    with daphne() as url:
        yield url


@pytest.fixture
def daphne_with_stripe(localstripe):  # noqa: F811 (the session fixture)
    """Card payments on (delivery is paid by card), against the session's localstripe."""
    with daphne(
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_PUBLISHABLE_KEY=PUBLISHABLE_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=localstripe,
    ) as url:
        yield url


def clerk_online(chromium, base_url, clerk_user):
    """The clerk's tablet, logged in, at the inbox and online."""
    staff = Client()
    staff.force_login(clerk_user)
    context = chromium.new_context(base_url=base_url, locale="es-PE", **TABLET)
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": staff.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto("/tienda/chat/")
    page.get_by_label("En línea (recibir conversaciones nuevas)").check()
    # The status line follows the server: the switch reached it and this tab's socket is live.
    expect(page.locator("[data-presence-status]")).to_have_text(
        "En línea: recibes conversaciones nuevas."
    )
    return context, page


def wait_for_order(**filters):
    """The order the browser just placed (written by the daphne process)."""
    deadline = time.time() + 15
    while time.time() < deadline:
        order = Order.objects.filter(**filters).first()
        if order is not None:
            return order
        time.sleep(0.2)
    return None


def test_customer_chats_clerk_sends_a_card_and_a_payment_request_and_customer_pays(
    browser,  # noqa: F811 (the module fixture imported above)
    daphne_url,
):
    from playwright.sync_api import expect

    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    rosa = UserFactory(first_name="Rosa", role=Role.CLERK, store=miraflores)
    book = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(miraflores, book, 5)

    # The clerk, on a tablet, logged in, goes online.
    clerk_context, clerk = clerk_online(browser, daphne_url, rosa)

    # The customer, on a phone, opens the chat and gives a name.
    customer_context = browser.new_context(base_url=daphne_url, locale="es-PE", **PHONE)
    customer_context.set_default_timeout(15_000)
    customer = customer_context.new_page()
    customer.goto("/")
    open_chat(customer)
    customer.get_by_label("¿Cómo te llamas?").fill("Luis")
    customer.get_by_role("button", name="Empezar a chatear").click()
    expect(customer.get_by_text("Te atiende Rosa, de Libros Pepito Miraflores.")).to_be_visible()
    customer.get_by_label("Tu mensaje").fill("Hola, busco algo de Arguedas <b>ya</b>")
    customer.get_by_role("button", name="Enviar").click()

    # The clerk sees it in "Mis conversaciones", opens it and answers.
    clerk.locator("#inbox-lists").get_by_role("link", name="Luis").click()
    expect(clerk.get_by_text("Hola, busco algo de Arguedas <b>ya</b>")).to_be_visible()
    clerk.get_by_label("Tu respuesta").fill("¡Hola, Luis! Te recomiendo este:")
    clerk.locator(".chat-compose").get_by_role("button", name="Enviar").click()
    expect(customer.get_by_text("¡Hola, Luis! Te recomiendo este:")).to_be_visible()

    # A product card with live stock, then the cart and a payment request.
    clerk.get_by_label("Buscar en el catálogo").fill("rios profundos")
    result = clerk.locator(".chat-product", has_text="Los ríos profundos")
    result.get_by_role("button", name="Enviar ficha").click()
    card = customer.locator(".chat-card", has_text="Los ríos profundos")
    expect(card).to_be_visible()
    expect(card.get_by_text("Libros Pepito Miraflores: 5")).to_be_visible()
    # Two copies are sold at the counter: the card shows today's stock, not the one it was
    # sent with, once the panel shows it again.
    from inventory.stock import adjust

    adjust(miraflores, book, -2, "Venta en mostrador")
    customer.reload()  # the panel was open: it opens again by itself, with its history
    card = customer.locator(".chat-card", has_text="Los ríos profundos")
    expect(card.get_by_text("Libros Pepito Miraflores: 3")).to_be_visible()
    result.get_by_role("button", name="Agregar al carrito").click()
    expect(clerk.get_by_text(re.compile(r"1 · S/ 45\.90"))).to_be_visible()
    clerk.get_by_role("button", name="Solicitar pago").click()

    # The customer pays at pickup from the chat; the order comes back into the conversation.
    customer.get_by_role("link", name="Pagar").click()
    customer.get_by_label("Nombre y apellido").fill("Luis Ramírez")
    customer.get_by_label("Correo electrónico").fill("luis@example.pe")
    customer.get_by_label("Celular").fill("987 654 321")
    customer.get_by_text("Recojo en tienda (gratis)").click()
    customer.locator(".store-choice", has_text="Libros Pepito Miraflores").click()
    customer.get_by_text("Pago en tienda al recoger").click()
    customer.get_by_role("button", name="Confirmar pedido").click()
    order = wait_for_order(channel="chat")
    assert order is not None and order.total == Decimal("45.90")
    customer.get_by_role("heading", name=f"Pedido {order.number}").wait_for()
    expect(clerk.get_by_text(f"Pedido {order.number}: En proceso")).to_be_visible()
    # The chat survived the page changes: one tap opens it again, with its history.
    open_chat(customer)
    expect(customer.get_by_text(f"Pedido {order.number}: En proceso")).to_be_visible()

    customer_context.close()
    clerk_context.close()


def test_a_visitor_fills_the_cart_from_a_card_gives_an_address_and_pays_for_delivery_with_it(
    browser,  # noqa: F811 (the module fixture imported above)
    daphne_with_stripe,
):
    from playwright.sync_api import expect

    from orders.models import DeliveryDistrict, DeliveryWindow, DeliveryZone

    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    rosa = UserFactory(first_name="Rosa", role=Role.CLERK, store=miraflores)
    book = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(miraflores, book, 5)
    ProductFactory(title="Rayuela", price=Decimal("52.00"))  # no copy anywhere
    zone = DeliveryZone.objects.create(name="Lima Moderna", fee=Decimal("10.00"), lead_days=1)
    DeliveryDistrict.objects.create(name="Miraflores", zone=zone)
    DeliveryWindow.objects.create(
        label="9:00–13:00", starts_at="09:00", ends_at="13:00", capacity=5
    )

    clerk_context, clerk = clerk_online(browser, daphne_with_stripe, rosa)
    customer_context = browser.new_context(base_url=daphne_with_stripe, locale="es-PE", **PHONE)
    customer_context.set_default_timeout(15_000)
    customer = customer_context.new_page()
    customer.goto("/")
    open_chat(customer)
    customer.get_by_label("¿Cómo te llamas?").fill("Luis")
    customer.get_by_role("button", name="Empezar a chatear").click()
    expect(customer.get_by_text("Te atiende Rosa, de Libros Pepito Miraflores.")).to_be_visible()
    clerk.locator("#inbox-lists").get_by_role("link", name="Luis").click()

    # Two cards: one the customer adds to the cart in the panel, one sold out everywhere.
    for title in ("Rayuela", "rios profundos"):
        clerk.get_by_label("Buscar en el catálogo").fill(title)
        found = clerk.locator(".chat-product", has_text=title.replace("rios", "ríos"))
        found.get_by_role("button", name="Enviar ficha").click()
    rayuela = customer.locator(".chat-card", has_text="Rayuela")
    card = customer.locator(".chat-card", has_text="Los ríos profundos")
    expect(card).to_be_visible()
    expect(customer.locator("#cart-count")).to_have_text("0")
    customer.evaluate("window.notReloaded = true")

    rayuela.get_by_role("button", name="Agregar al carrito").click()
    expect(rayuela.get_by_role("alert")).to_have_text(
        "«Rayuela» está agotado en todas nuestras tiendas."
    )
    card.get_by_role("button", name="Agregar al carrito").click()
    expect(card.get_by_role("status")).to_contain_text(
        "Agregamos «Los ríos profundos» a tu carrito."
    )
    expect(customer.locator("#cart-count")).to_have_text("1")
    expect(card.get_by_role("link", name="Ver carrito (1)")).to_be_visible()
    assert customer.evaluate("window.notReloaded") is True
    assert customer.evaluate("document.documentElement.scrollWidth") <= 390

    # The clerk asks for the address; the customer answers in the chat.
    clerk.get_by_role("button", name="Pedir dirección y teléfono").click()
    form = customer.locator(".chat-form")
    form.get_by_label("Dirección (calle y número)").fill("Av. Larco 345, dpto. 501")
    form.get_by_label("Distrito").fill("Miraflores")
    form.get_by_label("Referencia").fill("Frente al parque")
    form.get_by_label("Celular").fill("987 654 321")
    form.get_by_label("Correo").fill("luis@example.pe")
    form.get_by_role("button", name="Guardar").click()
    expect(clerk.get_by_text(re.compile(r"Dirección guardada: Av\. Larco 345"))).to_be_visible()
    # The form gives way to a note (also after a reload); it is not asked twice.
    expect(customer.get_by_text("✓ Dirección enviada")).to_be_visible()
    expect(customer.locator("[data-address-form]")).to_have_count(0)
    clerk.get_by_role("button", name="Solicitar pago").click()

    # "Pagar": delivery to that address, with that phone, is already chosen.
    customer.get_by_role("link", name="Pagar").click()
    checkout = customer.locator("#checkout-form")  # the chat's own form is on the page too
    expect(checkout.get_by_label("Delivery a domicilio")).to_be_checked()
    expect(checkout.get_by_label(re.compile(r"Av\. Larco 345, dpto\. 501"))).to_be_checked()
    expect(checkout.get_by_label("Nombre y apellido")).to_have_value("Luis")
    expect(checkout.get_by_label("Correo electrónico")).to_have_value("luis@example.pe")
    expect(checkout.get_by_label("Celular")).to_have_value("987 654 321")
    expect(checkout.get_by_text("Zona Lima Moderna: envío S/ 10.00.")).to_be_visible()
    checkout.locator(".slot").first.click()
    expect(checkout.get_by_label("Tarjeta de crédito o débito")).to_be_checked()
    assert customer.evaluate("document.documentElement.scrollWidth") <= 390
    customer.get_by_role("button", name="Confirmar pedido").click()

    order = wait_for_order(channel="chat")
    assert order is not None
    assert (order.fulfilment, order.address_street, order.address_district) == (
        "delivery",
        "Av. Larco 345, dpto. 501",
        "Miraflores",
    )
    assert (order.contact_name, order.contact_phone) == ("Luis", "+51987654321")
    assert order.total == Decimal("55.90")
    customer.get_by_role("heading", name=f"Pagar el pedido {order.number}").wait_for()
    expect(clerk.get_by_text(f"Pedido {order.number}: Pendiente de pago")).to_be_visible()

    customer_context.close()
    clerk_context.close()
