"""The customer's chat on a 390 × 844 phone, for real over daphne (issue #11): the helper's
answers do not pile up "Hablar con una persona" buttons, an address refused then accepted leaves
no stale error under "✓ Dirección enviada", the rating is five tappable stars, and a rated
conversation leaves no unread badge on the next pages.

Websockets need daphne, which shares the test database only on PostgreSQL and Redis (see
test_browser_journey.py). What the test process writes (an address request, the close) reaches
the page on its next load, through the socket's catch-up.
"""

import time

import pytest
from playwright.sync_api import expect

from chat import assignment, messaging
from chat.models import Conversation, Message
from tests.browser.chat.test_browser_journey import daphne_url  # noqa: F401 (fixture)
from tests.browser.conftest import PHONE, browser  # noqa: F401 (the module fixture)
from tests.conftest import USING_POSTGRES, USING_REDIS
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (USING_POSTGRES and USING_REDIS), reason="daphne needs PostgreSQL and Redis to share"
    ),
]

ACCENT = "rgb(200, 144, 46)"  # --accent in site.css: a lit star


def wait_for(predicate, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_helper_offers_address_rating_and_badge_on_a_phone(browser, daphne_url):  # noqa: F811
    book = ProductFactory(title="Los ríos profundos")
    stock_up(StoreFactory(slug="miraflores", name="Libros Pepito Miraflores"), book, 3)
    context = browser.new_context(base_url=daphne_url, locale="es-PE", **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("button", name="Habla con un librero").click()
    page.get_by_label("¿Cómo te llamas?").fill("Luis")
    page.get_by_role("button", name="Empezar a chatear").click()

    # Nobody is online: the helper, then three questions, each answer offering a person.
    page.get_by_role("button", name="Usar el asistente automático").click()
    for question in ("ríos profundos", "arguedas", "LP-2026-000001"):
        page.get_by_label("Tu mensaje").fill(question)
        page.get_by_role("button", name="Enviar").click()
    log = page.locator("[data-chat-log]")
    expect(log.locator(".from-bot")).to_have_count(4)  # the greeting and three answers
    expect(log.get_by_role("button", name="Hablar con una persona")).to_have_count(1)
    # The one left is the latest answer's.
    expect(log.locator(".from-bot").last.get_by_role("button")).to_have_text(
        "Hablar con una persona"
    )

    # A bookseller asks for the address (written here; the page's next load brings it).
    conversation = Conversation.objects.get()
    messaging.post(
        conversation,
        sender=Message.Sender.SYSTEM,
        kind=Message.Kind.ADDRESS_REQUEST,
        text="¿A qué dirección te lo enviamos?",
        payload={},
    )
    page.reload()  # the panel was open: it opens again, with the whole conversation
    form = page.locator("[data-address-form]")
    form.get_by_label("Dirección (calle y número)").fill("Av. Primavera 1050")
    form.get_by_label("Distrito").fill("Narnia")
    form.get_by_label("Celular").fill("987 654 321")
    form.get_by_role("button", name="Guardar").click()
    error = page.locator("[data-chat-error]")
    expect(error).to_have_text("Elige un distrito de Lima de la lista.")
    form.get_by_label("Distrito").fill("Surco")  # as people say it
    form.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("✓ Dirección enviada")).to_be_visible()
    # At once, not when the error's own timer runs out (6 s).
    expect(error).to_be_hidden(timeout=1500)

    # The conversation ends: the rating is five stars, each a radio button with its name.
    assignment.close(conversation_id=conversation.pk, by_customer=True)
    page.reload()
    stars = page.locator("[data-chat-rate] input[type=radio]")
    expect(stars).to_have_count(5)
    for n in range(1, 6):
        expect(
            page.get_by_role("radio", name=f"{n} estrella" + ("s" if n > 1 else ""))
        ).to_be_attached()
    assert page.locator("[data-chat-rate] select").count() == 0
    fourth = page.locator("label.chat-star", has_text="4 estrellas")
    box = fourth.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44  # a finger's target
    fourth.tap()
    expect(page.get_by_role("radio", name="4 estrellas")).to_be_checked()
    colours = page.locator("label.chat-star").evaluate_all(
        "(labels) => labels.map((l) => getComputedStyle(l).color)"
    )
    assert colours[:4] == [ACCENT] * 4 and colours[4] != ACCENT
    page.get_by_role("button", name="Calificar").click()
    expect(page.get_by_text("¡Gracias por tu calificación!")).to_be_visible()
    assert wait_for(lambda: Conversation.objects.get().rating) == 4

    # Closed and rated: the panel shut, the next pages show no unread badge.
    page.get_by_role("button", name="Cerrar el chat").click()
    for path in ("/", "/libros/"):
        page.goto(path)
        total = Message.objects.filter(conversation=conversation).count()
        expect(page.locator("[data-chat-log] > li")).to_have_count(total)  # caught up
        expect(page.locator("[data-chat-unread]")).to_be_hidden()
        # Nor the rating form again.
        expect(page.locator("[data-chat-rate]")).to_have_count(0)
    context.close()
