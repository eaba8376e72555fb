"""Club Pepito on a 390 × 844 phone: luis sees his points from the header badge, his history
and expiry, and opens his digital card (its QR drawn, its manifest linked); he redeems points at
web checkout and sees the movement on /cuenta/puntos/; a customer who has not joined joins from
the menu; a manager adjusts a balance, a reason being mandatory."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from loyalty import services
from loyalty.models import LoyaltyAccount, PointsEntry, Tier
from tests.factories import StoreFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.loyalty.helpers import give_points

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FITS = "() => document.scrollingElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def tiers(db):
    Tier.objects.create(code="lector", name="Lector", position=1)
    Tier.objects.create(
        code="frecuente",
        name="Lector frecuente",
        min_spend_12m=Decimal("500"),
        earn_multiplier=Decimal("1.25"),
        position=2,
    )


@pytest.fixture
def luis(tiers, settings):
    settings.LOYALTY_SIGNUP_BONUS = 100
    user = UserFactory(email="luis@example.pe", first_name="Luis", last_name="Ramírez")
    account = services.join(user.customer, accepted_terms=True)
    give_points(
        user.customer, 250, source="test:earn:1", expires_at=timezone.now() + timedelta(days=20)
    )
    PointsEntry.objects.filter(source="test:earn:1").update(order_number="A1B2C3")
    LoyaltyAccount.objects.filter(pk=account.pk).update(spend_12m=Decimal("380.00"))
    return user


def log_in(page, email, next_url="/"):
    page.goto(f"/cuenta/login/?next={next_url}")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Iniciar sesión", re.I)).click()
    page.locator("#account-link").wait_for()


def test_luis_sees_his_points_and_opens_his_card_on_a_phone(phone, luis):
    page = phone
    log_in(page, "luis@example.pe")

    # The header badge carries the balance and leads to the points page.
    expect(page.locator("#points-count")).to_have_text("350")
    page.locator("#points-link").click()
    page.wait_for_url("**/cuenta/puntos/")

    expect(page.locator("#points-balance")).to_have_text("350")
    expect(page.locator("#tier-missing")).to_have_text("Te faltan S/ 120.00 para Lector frecuente.")
    history = page.locator("#points-history")
    expect(history).to_contain_text("Bono")
    expect(history.get_by_role("link", name="Pedido A1B2C3")).to_have_attribute(
        "href", "/pedidos/A1B2C3/"
    )
    expect(page.locator("#points-expiry")).to_contain_text("250")
    assert page.evaluate(FITS), "the points page is wider than the phone"

    page.locator("#card-link").click()
    page.wait_for_url("**/cuenta/puntos/tarjeta/")
    number = LoyaltyAccount.objects.get(customer__user=luis).number
    expect(page.locator("#card-number")).to_have_text(number)
    qr = page.locator("img.loyalty-card-qr")
    qr.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('img.loyalty-card-qr');"
        " return i.complete && i.naturalWidth > 0; }"
    )
    assert qr.bounding_box()["width"] >= 180  # big enough to scan at the till
    manifest = page.locator("link[rel=manifest]").get_attribute("href")
    answer = page.request.get(manifest)
    assert answer.ok and answer.json()["start_url"] == "/cuenta/puntos/tarjeta/"
    assert page.evaluate(FITS), "the card is wider than the phone"


def test_a_customer_joins_the_club_from_the_menu(phone, tiers, settings):
    settings.LOYALTY_SIGNUP_BONUS = 100
    UserFactory(email="ana@example.pe")
    page = phone
    log_in(page, "ana@example.pe")
    expect(page.locator("#points-link")).to_have_count(0)

    page.locator("#menu-toggle").click()
    page.locator("#menu-points-link").click()
    page.wait_for_url("**/cuenta/puntos/")
    expect(page.locator("#join-club")).to_contain_text("Únete al Club Pepito")

    # Without the box: told what to do, nothing joined.
    page.get_by_role("button", name="Unirme al Club Pepito").click()
    expect(page.get_by_text("Marca la casilla para aceptar los términos")).to_be_visible()
    assert not LoyaltyAccount.objects.exists()

    page.get_by_label("Acepto los términos del Club Pepito").check()
    page.get_by_role("button", name="Unirme al Club Pepito").click()
    expect(page.get_by_text("¡Bienvenido al Club Pepito!")).to_be_visible()
    expect(page.locator("#points-balance")).to_have_text("100")
    expect(page.locator("#points-count")).to_have_text("100")
    expect(page.locator("#join-club")).to_have_count(0)
    assert page.evaluate(FITS)


def test_a_manager_finds_luis_by_dni_and_adjusts_his_balance(phone, luis):
    luis.customer.dni = "45871236"
    luis.customer.save(update_fields=["dni"])
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    UserFactory(email="jefe@librospepito.pe", store=miraflores, role=Role.STORE_MANAGER)
    page = phone
    log_in(page, "jefe@librospepito.pe", next_url="/tienda/")

    page.goto("/tienda/")  # the console: its tabs lead to the programme's page
    page.locator("#staff-loyalty-link").click()
    page.wait_for_url("**/tienda/puntos/")
    page.get_by_label("Número de cuenta, DNI, celular o correo").fill("45871236")
    page.locator("#account-search").get_by_role("button", name="Buscar").click()
    number = LoyaltyAccount.objects.get(customer__user=luis).number
    page.locator("#account-results").get_by_role("link", name=number).click()
    page.wait_for_url(f"**/tienda/puntos/{number}/")

    page.get_by_label("Puntos (+ para sumar, − para restar)").fill("50")
    page.get_by_role("button", name="Ajustar saldo").click()
    expect(page.get_by_text("Escribe el motivo del ajuste: queda registrado.")).to_be_visible()
    expect(page.locator("#account-points")).to_have_text("350")

    page.get_by_label("Motivo (obligatorio)").fill("Compensación por pedido demorado")
    page.get_by_role("button", name="Ajustar saldo").click()
    expect(page.get_by_text(f"Sumamos 50 puntos a la cuenta {number}.")).to_be_visible()
    expect(page.locator("#account-points")).to_have_text("400")
    expect(page.locator("#account-history")).to_contain_text("Compensación por pedido demorado")
    assert page.evaluate(FITS), "the account page is wider than the phone"


def test_luis_redeems_points_at_web_checkout_and_sees_the_movement(phone, luis):
    from orders.models import Order
    from tests.factories.catalog import ProductFactory
    from tests.factories.inventory import stock_up

    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    book = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(miraflores, book, 4)
    page = phone
    log_in(page, "luis@example.pe", next_url="/libros/")
    expect(page.locator("#points-count")).to_have_text("350")

    card = page.locator(".product-card", has_text="Los ríos profundos")
    card.get_by_role("button", name="Agregar al carrito").click()
    card.get_by_text("En tu carrito").wait_for()
    page.goto("/carrito/")
    page.get_by_role("link", name="Continuar con la compra").click()
    page.get_by_label("Celular").fill("987 654 321")
    page.locator(".store-choice", has_text="Libros Pepito Miraflores").click()
    page.get_by_text("Pago en tienda al recoger").click()
    page.locator("#tender-balance").get_by_text("Tienes 350 puntos").wait_for()
    page.get_by_label("Usar puntos").fill("200")  # S/ 10.00 of S/ 45.90
    page.locator("[data-tender-amount]").get_by_text("S/ 35.90").wait_for()
    page.get_by_role("button", name="Confirmar pedido").click()
    page.wait_for_url(re.compile(r"/pedidos/LP-\d{4}-\d{6}/$"))
    order = Order.objects.get()
    assert order.points_used == 200

    # The badge and the points page show the redemption, linked to its order.
    expect(page.locator("#points-count")).to_have_text("150")
    page.locator("#points-link").click()
    page.wait_for_url("**/cuenta/puntos/")
    expect(page.locator("#points-balance")).to_have_text("150")
    # What the S/ 35.90 paid in money earns, once the order is picked up.
    expect(page.locator("#points-pending")).to_contain_text("35 puntos por confirmar")
    movement = page.locator("article.points-entry", has_text="Canje").first
    expect(movement).to_contain_text("-200")
    expect(movement.get_by_role("link", name=f"Pedido {order.number}")).to_have_attribute(
        "href", f"/pedidos/{order.number}/"
    )
    assert page.evaluate(FITS)
