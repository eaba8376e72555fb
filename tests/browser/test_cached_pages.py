"""Pages from the page cache, in Chromium (issue #19): a first visitor has no cookie at all and
no token in the page, and still posts (static/js/csrf.js fetches the token on first use):
htmx forms, plain forms, and the chat widget's own fetch()."""

import re

import pytest
from playwright.sync_api import expect

from chat.models import Conversation
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30


@pytest.fixture
def shelf(db):
    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    book = ProductFactory(title="Los ríos profundos")
    stock_up(store, book, 5)
    return book


def cookie_names(page) -> set[str]:
    return {c["name"] for c in page.context.cookies()}


def open_cached(page, path):
    page.goto(path)
    response = page.reload()
    assert response is not None and response.headers.get("x-page-cache") == "hit"
    assert cookie_names(page) == set()
    assert page.locator("[name=csrfmiddlewaretoken]").count() == 0


def test_a_first_visitor_adds_to_the_cart_from_a_cached_page(phone, shelf, page_cache):
    book = shelf
    open_cached(phone, book.get_absolute_url())

    phone.get_by_role("button", name="Agregar al carrito").click()  # htmx, no token yet

    expect(phone.locator(".added")).to_contain_text("En tu carrito")
    expect(phone.locator("#cart-count")).to_have_text("1")
    assert {"csrftoken", "sessionid"} <= cookie_names(phone)
    # Her pages are hers from now on: never the shared copy.
    response = phone.goto(book.get_absolute_url())
    assert response is not None and "x-page-cache" not in response.headers
    expect(phone.locator("#cart-count")).to_have_text("1")


def test_a_plain_form_posts_without_a_token_in_the_page(phone, shelf):
    phone.goto("/pedidos/buscar/")  # a plain form (no htmx); the page set no cookie
    assert cookie_names(phone) == set()
    assert phone.locator("[name=csrfmiddlewaretoken]").count() == 0
    phone.get_by_label(re.compile("[Nn]úmero")).fill("LP-2026-999999")
    phone.get_by_label(re.compile("[Cc]orreo")).fill("luis@example.pe")

    with phone.expect_navigation():
        phone.get_by_role("button", name="Ver mi pedido").click()

    # The lookup's own answer, not the CSRF refusal.
    expect(phone.locator("main")).to_contain_text("No encontramos un pedido")
    assert "csrftoken" in cookie_names(phone)


def test_the_chat_starts_from_a_cached_page(phone, shelf, page_cache):
    book = shelf
    open_cached(phone, book.get_absolute_url())

    phone.get_by_role("button", name="Habla con un librero").click()
    phone.get_by_label("¿Cómo te llamas?").fill("Luis")
    phone.get_by_role("button", name="Empezar a chatear").click()

    # Started (the live server speaks no websocket: the widget then says it reconnects).
    expect(phone.locator("[data-chat-status]")).to_have_text("Reconectando…")
    assert {"csrftoken", "sessionid"} <= cookie_names(phone)
    # The conversation is this browser's: the next page (its own, not the shared copy) knows.
    response = phone.reload()
    assert response is not None and "x-page-cache" not in response.headers
    expect(phone.locator("[data-chat-start]")).to_be_hidden()
    assert Conversation.objects.filter(display_name="Luis").exists()
