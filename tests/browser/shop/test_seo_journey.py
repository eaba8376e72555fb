"""A book link shared on WhatsApp: what a crawler reads in Chromium, with the Content Security
Policy enforced (tests/browser/conftest.py fails the test on any violation, so the JSON-LD
blocks must pass it)."""

import json
from decimal import Decimal

import pytest

from tests.factories import StoreFactory
from tests.factories.catalog import AuthorFactory, GenreFactory, ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READ_HEAD = """() => ({
  description: document.querySelector('meta[name="description"]')?.content,
  canonical: document.querySelector('link[rel="canonical"]')?.href,
  image: document.querySelector('meta[property="og:image"]')?.content,
  jsonLd: Array.from(document.querySelectorAll('script[type="application/ld+json"]'))
    .map((script) => script.textContent),
})"""


def test_a_shared_book_link_has_its_preview_and_structured_data(phone, live_server, settings):
    settings.SITE_URL = live_server.url
    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    vallejo = AuthorFactory(name="César Vallejo")
    trilce = ProductFactory(
        title="Trilce",
        authors=[vallejo],
        genres=[GenreFactory(name="Poesía", slug="poesia")],
        price=Decimal("49.90"),
        description="Poemario de vanguardia.",
    )
    stock_up(store, trilce, 2)
    page = phone

    page.goto("/")
    page.get_by_role("button", name="Menú", exact=True).click()  # the phone's menu is a drawer
    page.locator(".main-nav").get_by_role("link", name="Libros").click()
    page.locator(".product-card").get_by_role("link", name="Trilce", exact=True).click()
    page.get_by_role("heading", name="Trilce").wait_for()
    found = page.evaluate(READ_HEAD)

    assert found["canonical"] == f"{live_server.url}{trilce.get_absolute_url()}"
    assert found["description"].startswith("Trilce, de César Vallejo")
    data = [json.loads(text) for text in found["jsonLd"]]
    (book,) = [item for item in data if item["@type"] == "Book"]
    assert book["offers"]["price"] == "49.90" and book["offers"]["priceCurrency"] == "PEN"
    # The preview image answers and is a real picture (a phone's share sheet draws it).
    page.goto(found["image"])
    assert page.evaluate("document.images[0].naturalWidth") == 1200

    page.goto("/tiendas/")
    stores = [json.loads(text) for text in page.evaluate(READ_HEAD)["jsonLd"]]
    assert [item["name"] for item in stores if item["@type"] == "BookStore"] == [
        "Libros Pepito Miraflores"
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
