"""A guest on a 390 × 844 phone, from the cart to the pickup code (issue #11): the chat button
never covers the total, the order button or the pickup code at any scroll position; a missing
store choice takes the customer to the stores; changing the region refreshes the delivery
options; delivery days read "miércoles 2 de diciembre"."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from playwright.sync_api import expect

from orders.models import DeliveryDistrict, DeliveryWindow, DeliveryZone, Order
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Scrolls the page from top to bottom; at every stop, once the chat button has finished moving,
# the boxes of the button (when it shows) and of each element that must stay uncovered.
SWEEP = """async (selectors) => {
  const button = document.querySelector(".chat-button");
  const stops = [];
  const bottom = document.documentElement.scrollHeight - window.innerHeight;
  for (let y = 0; ; y = Math.min(y + 50, bottom)) {
    window.scrollTo(0, y);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await Promise.all(button.getAnimations().map((a) => a.finished));
    const style = getComputedStyle(button);
    const shown = style.visibility !== "hidden" && style.opacity !== "0";
    const box = button.getBoundingClientRect();
    for (const selector of selectors) {
      for (const node of document.querySelectorAll(selector)) {
        const r = node.getBoundingClientRect();
        const covered = shown && box.left < r.right && r.left < box.right
          && box.top < r.bottom && r.top < box.bottom;
        stops.push({ y, selector, covered, shown });
      }
    }
    if (y >= bottom) break;
  }
  return stops;
}"""


def assert_never_covered(page, *selectors):
    stops = page.evaluate(SWEEP, list(selectors))
    assert stops, "nothing to check: the selectors found no element"
    covered = [(s["selector"], s["y"]) for s in stops if s["covered"]]
    assert covered == [], f"the chat button covers {covered}"
    # It did not just vanish for good: it shows at some scroll position.
    assert any(s["shown"] for s in stops)


@pytest.fixture
def shop(db):
    miraflores = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    barranco = StoreFactory(slug="barranco", name="Libros Pepito Barranco", district="Barranco")
    books = [
        ProductFactory(title=f"Libro de prueba {n}", price=Decimal("39.90") + n) for n in range(4)
    ]
    for book in books:
        stock_up(miraflores, book, 4)
        stock_up(barranco, book, 4)
    zone = DeliveryZone.objects.create(name="Lima Moderna", fee=Decimal("10.00"), lead_days=1)
    DeliveryDistrict.objects.create(name="Santiago de Surco", zone=zone)
    DeliveryWindow.objects.create(
        label="9:00–13:00", starts_at="09:00", ends_at="13:00", capacity=5
    )
    return miraflores


def fill_cart(page, count=4):
    page.goto("/libros/")
    for n in range(count):
        card = page.locator(".product-card", has_text=f"Libro de prueba {n}")
        card.get_by_role("button", name="Agregar al carrito").click()
        card.get_by_text("En tu carrito").wait_for()


def contact(page):
    page.get_by_label("Nombre y apellido").fill("Rosa Quispe")
    page.get_by_label("Correo electrónico").fill("rosa.quispe@example.pe")
    page.get_by_label("Celular").fill("987 654 321")


def test_the_chat_button_never_covers_the_total_the_order_button_or_the_pickup_code(phone, shop):
    page = phone
    fill_cart(page)

    # The cart: the total and "Continuar con la compra" stay uncovered at every scroll.
    page.goto("/carrito/")
    expect(page.locator("#cart-subtotal")).to_be_visible()
    assert_never_covered(page, "#cart-subtotal", ".cart-total .button")
    # The button is the compact round one, named for screen readers.
    launcher = page.get_by_role("button", name="Habla con un librero")
    box = launcher.bounding_box()
    assert box["width"] <= 60 and box["height"] <= 60

    # The checkout: "Confirmar pedido" and the subtotal stay uncovered.
    page.get_by_role("link", name="Continuar con la compra").click()
    contact(page)
    assert_never_covered(page, "#place-order", ".summary-total")
    page.locator(".store-choice", has_text="Libros Pepito Miraflores").click()
    page.get_by_text("Pago en tienda al recoger").click()
    page.get_by_role("button", name="Confirmar pedido").click()
    page.wait_for_url(re.compile(r"/pedidos/LP-\d{4}-\d{6}/$"))
    order = Order.objects.get()

    # The pickup code is never under the chat button, which stays a tap away beside it.
    expect(page.locator("#pickup-code")).to_have_text(order.pickup_code)
    expect(page.get_by_role("button", name="Habla con un librero")).to_be_visible()
    assert_never_covered(page, "#pickup-code", ".pickup-code img")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_checkout_on_a_phone_dates_region_and_the_missing_store(phone, shop):
    page = phone
    fill_cart(page, count=1)
    page.goto("/checkout/")
    contact(page)

    # Delivery: the days read in Spanish lower case; another region asks for the courier.
    page.get_by_text("Delivery a domicilio").click()
    page.get_by_label("Distrito").fill("Surco")
    day = page.locator(".slot-day").first
    expect(day).to_be_visible()
    shown = day.inner_text()  # as drawn: CSS text-transform included
    assert shown == shown.lower() and re.fullmatch(r"\w+ \d{1,2} de \w+", shown), shown
    page.get_by_label("Región").select_option("Arequipa")
    # The courier takes only card payment: without Stripe (the embedded default) checkout says
    # so instead of offering a delivery that could not be paid.
    courier = "Envío por courier" if settings.STRIPE_ENABLED else "Fuera de Lima solo enviamos"
    expect(page.locator("#delivery-options")).to_contain_text(courier)
    page.get_by_label("Región").select_option("Lima")
    expect(page.locator("#delivery-options")).to_contain_text("Zona Lima Moderna")

    # Pickup without choosing a store: back on the page, the stores are on screen and the first
    # one has the focus (the error message is at the top).
    page.get_by_text("Recojo en tienda (gratis)").click()
    page.get_by_text("Pago en tienda al recoger").click()
    page.get_by_role("button", name="Confirmar pedido").click()
    expect(page.get_by_text("Elige la tienda donde recogerás tu pedido.")).to_be_visible()
    focused = page.evaluate(
        """() => { const f = document.activeElement; const r = f.getBoundingClientRect();
        return { name: f.name, top: r.top, bottom: r.bottom, height: innerHeight }; }"""
    )
    assert focused["name"] == "store"
    assert focused["top"] >= 0 and focused["bottom"] <= focused["height"]

    page.keyboard.press("Space")  # the focused store is chosen from the keyboard
    page.get_by_role("button", name="Confirmar pedido").click()
    page.wait_for_url(re.compile(r"/pedidos/LP-\d{4}-\d{6}/$"))
    assert Order.objects.get().store.name == "Libros Pepito Barranco"  # first by name
