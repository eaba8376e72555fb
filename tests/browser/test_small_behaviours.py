"""Small behaviours of every page, in Chromium: what a first POST does when the token cannot be
had (static/js/csrf.js), and the "Pregunta a un librero" button of an empty search."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_first_post_offline_says_so_once_and_sends_when_back(phone):
    asked = []
    phone.goto("/pedidos/buscar/")  # a plain form; the page set no cookie, so no token yet

    def offline(route):
        asked.append(route.request.url)
        route.abort()

    phone.route("**/csrf/", offline)
    phone.get_by_label(re.compile("[Nn]úmero")).fill("LP-2026-999999")
    phone.get_by_label(re.compile("[Cc]orreo")).fill("luis@example.pe")
    phone.get_by_role("button", name="Ver mi pedido").click()

    expect(phone.get_by_role("alert")).to_contain_text("Revisa tu conexión")
    phone.wait_for_timeout(500)  # a retry loop would have asked again by now
    assert len(asked) == 1
    assert phone.url.endswith("/pedidos/buscar/")

    phone.unroute("**/csrf/")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Ver mi pedido").click()
    expect(phone.locator("main")).to_contain_text("No encontramos un pedido")


def test_ask_a_bookseller_on_an_empty_search_opens_the_chat(phone):
    phone.goto("/libros/?q=zzzzqqqq")
    expect(phone.locator("[data-chat-ready]")).to_have_count(1)
    phone.get_by_role("button", name="Pregunta a un librero").click()

    expect(phone.locator("#chat-panel")).to_be_visible()
    expect(phone.get_by_label("¿Cómo te llamas?")).to_be_visible()
