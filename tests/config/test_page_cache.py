"""Cacheable anonymous pages (issue #19): no cookie, public Cache-Control and the right Vary
for a visitor without a session; the page cache (config.pagecache) keyed by path, language and
the catalog's generation; everything personal private. Runs on both backends (locmem / Redis).
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from catalog import versions
from catalog.models import Product
from tests.factories import StoreFactory, UserFactory
from tests.factories.catalog import AuthorFactory, GenreFactory, ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(db):
    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    genre = GenreFactory(name="Novela", slug="novela")
    author = AuthorFactory(name="José María Arguedas", slug="jose-maria-arguedas")
    book = ProductFactory(
        title="Los ríos profundos", authors=[author], genres=[genre], price=Decimal("45.90")
    )
    stock_up(store, book, 5)
    return store, genre, author, book


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30
    settings.PAGE_CACHE_SHARED_SECONDS = 1


def cacheable_paths(shelf):
    store, genre, author, book = shelf
    return {
        "home": "/",
        "list": reverse("catalog:product_list"),
        "list page 2": reverse("catalog:product_list") + "?pagina=2",
        "genre": reverse("catalog:product_list") + f"?genero={genre.slug}",
        "product": book.get_absolute_url(),
        "author": reverse("catalog:author_detail", args=[author.slug]),
        "search": reverse("catalog:search") + "?q=rios",
        "stores": reverse("inventory:store_list"),
    }


def assert_public(response):
    assert response.status_code == 200
    assert not response.cookies, f"sets {list(response.cookies)}"
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=1"} <= control
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


@pytest.mark.parametrize("cache_on", [False, True], ids=["page-cache-off", "page-cache-on"])
def test_an_anonymous_get_of_each_cacheable_page_sets_no_cookie_and_is_public(
    shelf, settings, cache_on
):
    settings.PAGE_CACHE_SECONDS = 30 if cache_on else 0
    client = Client()
    for name, path in cacheable_paths(shelf).items():
        for _ in range(2):  # a miss, then (cache on) a hit: both public, neither sets a cookie
            response = client.get(path)
            assert response.status_code == 200, name
            assert_public(response)
    assert not client.cookies


def test_the_second_request_is_served_from_the_page_cache(shelf, page_cache):
    _store, _genre, _author, book = shelf
    client = Client()

    first = client.get(book.get_absolute_url())
    second = client.get(book.get_absolute_url())

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "S/ 45.90" in second.content.decode()
    assert_public(second)


def test_a_generation_bump_shows_the_change_on_the_next_request(shelf, page_cache):
    _store, _genre, _author, book = shelf
    client = Client()
    assert "S/ 45.90" in client.get(book.get_absolute_url()).content.decode()

    Product.objects.filter(pk=book.pk).update(price=Decimal("39.90"))
    stale = client.get(book.get_absolute_url())
    versions.bump_generation()
    fresh = client.get(book.get_absolute_url())

    assert stale["X-Page-Cache"] == "hit"  # no bump, no change: the cache is only that
    assert fresh["X-Page-Cache"] == "miss"
    assert "S/ 39.90" in fresh.content.decode()
    assert "S/ 45.90" not in fresh.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_price_change_through_the_catalog_is_visible_on_the_next_request(page_cache):
    """End to end: the catalog's service publishes, the spine's handler bumps after commit
    (in-process in tests, OUTBOX_INLINE; a Celery task with Redis in production)."""
    from catalog.services import save_product
    from outbox.spine import deliver_pending

    store = StoreFactory()
    book = ProductFactory(title="Yawar fiesta", price=Decimal("45.90"))
    stock_up(store, book, 5)
    deliver_pending()
    client = Client()
    client.get(book.get_absolute_url())
    assert client.get(book.get_absolute_url())["X-Page-Cache"] == "hit"

    with transaction.atomic():
        book.price = Decimal("39.90")
        save_product(product=book)
    deliver_pending()

    html = client.get(book.get_absolute_url()).content.decode()
    assert "S/ 39.90" in html and "S/ 45.90" not in html


def test_each_language_and_htmx_partial_has_its_own_entry(shelf, page_cache):
    client = Client()
    spanish = client.get("/tiendas/").content.decode()
    english = client.get("/tiendas/", headers={"Accept-Language": "en"}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    by_cookie = client.get("/tiendas/")

    assert "Nuestras tiendas" in spanish and "Our stores" in english
    assert "Our stores" in by_cookie.content.decode()
    assert by_cookie["X-Page-Cache"] == "hit"  # the same language, however it was chosen

    plain = Client()
    full = plain.get("/libros/").content.decode()
    partial = plain.get("/libros/", headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" in full
    assert partial["X-Page-Cache"] == "miss" and "<html" not in partial.content.decode()
    assert "hx-request" in partial["Vary"].lower()


def test_a_logged_in_visitor_gets_private_pages_never_from_the_cache(shelf, page_cache):
    _store, _genre, _author, book = shelf
    anonymous = Client()
    anonymous.get("/")  # cached
    zoraida = UserFactory(first_name="Zoraida", last_name="Quispe Mamani")
    client = Client()
    client.force_login(zoraida)

    for path in ["/", book.get_absolute_url(), reverse("catalog:product_list")]:
        response = client.get(path)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        control = response["Cache-Control"]
        assert "private" in control and "no-store" in control and "public" not in control
    for path in [reverse("orders:cart"), reverse("crm:profile"), reverse("orders:order_list")]:
        assert "private" in client.get(path)["Cache-Control"], path


def test_a_name_never_reaches_a_cached_page_served_to_another_visitor(shelf, page_cache):
    _store, _genre, _author, book = shelf
    zoraida = UserFactory(first_name="Zoraida", last_name="Quispe Mamani")
    client = Client()
    client.force_login(zoraida)
    # Her pages first (the widget greets her by name), then a stranger's, on every page.
    for path in cacheable_paths(shelf).values():
        assert client.get(path).status_code == 200
    assert "Zoraida" in client.get("/").content.decode()

    stranger = Client()
    for path in cacheable_paths(shelf).values():
        for _ in range(2):
            html = stranger.get(path).content.decode()
            assert "Zoraida" not in html and "Quispe" not in html, path


def test_a_cart_makes_the_pages_personal(shelf, page_cache):
    _store, _genre, _author, book = shelf
    client = Client()
    client.get("/")
    response = client.post(reverse("orders:cart_add", args=[book.pk]), {"cantidad": "1"})
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME in client.cookies

    home = client.get("/")

    assert "X-Page-Cache" not in home  # not read from the cache: the count is hers
    assert "private" in home["Cache-Control"] and "no-store" in home["Cache-Control"]
    assert 'id="cart-count" class="count">1<' in home.content.decode()
    # A stranger still gets the shared page, with an empty cart.
    assert Client().get("/")["X-Page-Cache"] == "hit"


def test_a_response_that_sets_a_cookie_or_fails_is_never_stored(shelf, page_cache):
    client = Client()
    missing = client.get(reverse("catalog:product_detail", args=["no-existe"]))
    assert missing.status_code == 404
    assert "public" not in missing["Cache-Control"] and "X-Page-Cache" not in missing
    # A flash message waiting (messages cookie): the page is rendered for this visitor only.
    client.cookies["messages"] = "x"
    assert "X-Page-Cache" not in client.get("/")


def test_the_page_cache_off_still_sends_the_cache_headers(shelf):
    assert settings.PAGE_CACHE_SECONDS == 0
    response = Client().get("/")
    assert_public(response)
    assert response["X-Page-Cache"] == "off"
