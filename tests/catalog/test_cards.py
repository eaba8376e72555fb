"""Product cards: flat, their URLs reversed once per page, their fixed part cached under the
product's version, which the event spine bumps on every change a card shows (#19)."""

import re
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.urls.resolvers import URLResolver

from catalog import versions
from catalog.handlers import bump_products
from catalog.models import Product
from catalog.services import save_product
from crm.favorites import add_favorite
from inventory import stock
from outbox import spine
from outbox.models import Delivery, Event
from tests.factories import StoreFactory
from tests.factories.catalog import AuthorFactory, ProductFactory
from tests.factories.inventory import stock_up

pytestmark = pytest.mark.django_db

NO_FRAGMENT_CACHE = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


@pytest.fixture
def cold_cards(settings):
    """Every card rendered afresh: fragments go to a cache that keeps nothing."""
    settings.CACHES = {**settings.CACHES, "template_fragments": NO_FRAGMENT_CACHE}


def cards(html: str) -> list[str]:
    return re.findall(r'<article class="product-card">.*?</article>', html, re.S)


def card_of(html: str, title: str) -> str:
    [card] = [card for card in cards(html) if f">{title}</a></h3>" in card]
    return card


def version(product) -> int:
    return Product.objects.values_list("version", flat=True).get(pk=product.pk)


def settled(product) -> int:
    """The version once the facts of the test's set-up are delivered too (their after-commit
    hand-off never ran: the test's transaction does not commit)."""
    spine.deliver_pending()
    return version(product)


def get(client, url="/libros/", **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def miraflores():
    return StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")


@pytest.fixture
def rios(miraflores):
    book = ProductFactory(
        title="Los ríos profundos",
        price=Decimal("45.90"),
        authors=[AuthorFactory(name="José María Arguedas")],
    )
    stock_up(miraflores, book, 5)
    return book


# The card
# ------------------------------------------------------------------------------------------


def test_a_visitor_gets_a_login_link_and_a_customer_a_form_around_the_same_card(client, user, rios):
    visitor = card_of(get(client), "Los ríos profundos")
    client.force_login(user)
    customer = card_of(get(client), "Los ríos profundos")

    assert 'class="favorite-button favorite-login"' in visitor
    assert "favorite-form" not in visitor
    assert 'class="favorite-form"' in customer
    assert f'hx-post="{reverse("catalog:favorite_toggle", args=[rios.slug])}"' in customer

    def fixed(card):  # everything but the favorite button
        return re.sub(r"<(a|form) class=\"favorite-.*?</\1>", "", card, flags=re.S)

    assert fixed(visitor) == fixed(customer)
    for text in (
        f'href="{rios.get_absolute_url()}"',
        f'src="{rios.cover_url}"',
        'alt="Portada de Los ríos profundos"',
        '<p class="card-author">José María Arguedas</p>',
        "S/ 45.90",
        "Disponible en Miraflores",
        f'action="{reverse("orders:cart_add", args=[rios.pk])}"',
        "Agregar al carrito",
    ):
        assert text in visitor, text
    assert "csrfmiddlewaretoken" not in visitor + customer


def test_the_visitors_heart_leads_to_login_and_back_to_the_book(client, rios):
    card = card_of(get(client), "Los ríos profundos")
    [href] = re.findall(r'class="favorite-button favorite-login" href="([^"]+)"', card)
    assert href == reverse("catalog:favorite_toggle", args=[rios.slug])
    response = client.get(href)
    assert response["Location"] == f"{reverse('account_login')}?next={rios.get_absolute_url()}"
    assert client.get(response["Location"]).status_code == 200


def test_a_favorite_shows_as_pressed_only_for_its_customer(client, user, rios):
    add_favorite(customer=user.customer, product=rios)
    client.force_login(user)
    card = card_of(get(client), "Los ríos profundos")
    assert 'aria-pressed="true"' in card and "En favoritos" in card


def test_a_book_out_of_stock_has_no_cart_form(client, miraflores):
    ProductFactory(title="Trilce")
    card = card_of(get(client), "Trilce")
    assert '<p class="stock-line out">Agotado</p>' in card
    assert "add-to-cart" not in card


def test_cards_speak_english_too(client, rios):
    assert "Agregar al carrito" in card_of(get(client), "Los ríos profundos")  # cached, es
    response = client.get("/libros/", headers={"accept-language": "en"})
    card = card_of(response.content.decode(), "Los ríos profundos")
    assert "Add to cart" in card  # its own cached fragment, not the Spanish one


def test_home_shelves_and_para_ti_use_the_same_cards(client, user, rios):
    client.force_login(user)
    html = get(client, "/")
    assert any("Los ríos profundos" in card for card in cards(html))


# Reversals and queries do not grow with the cards
# ------------------------------------------------------------------------------------------


@pytest.fixture
def count_reversals(monkeypatch):
    """Counts every URL reversal: `{% url %}`, `reverse()` and `get_absolute_url()` all end in
    URLResolver._reverse_with_prefix (patching django.urls.reverse would miss the tag's own
    imported reference)."""
    calls = []
    original = URLResolver._reverse_with_prefix

    def counting(self, lookup_view, _prefix, *args, **kwargs):
        calls.append(lookup_view)
        return original(self, lookup_view, _prefix, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counting)

    def count(client, url, **params):
        calls.clear()
        get(client, url, **params)
        return len(calls)

    return count


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "customer"])
def test_url_reversals_on_a_list_page_do_not_grow_with_its_cards(
    client, user, miraflores, count_reversals, settings, warm, logged_in
):
    if not warm:
        settings.CACHES = {**settings.CACHES, "template_fragments": NO_FRAGMENT_CACHE}
    if logged_in:
        client.force_login(user)
    for book in ProductFactory.create_batch(2):
        stock_up(miraflores, book, 3)
    get(client)  # menus and cards cached (when warm)
    two = count_reversals(client, "/libros/")

    for book in ProductFactory.create_batch(22):
        stock_up(miraflores, book, 3)
    get(client)
    page = get(client)
    assert len(cards(page)) == 24
    full = count_reversals(client, "/libros/")

    assert full == two
    assert full <= 40  # the header, footer, filters and one pattern per URL of the cards


def test_list_page_queries_do_not_grow_with_cards_that_are_not_cached(
    client, user, miraflores, cold_cards
):
    client.force_login(user)
    for book in ProductFactory.create_batch(3):
        stock_up(miraflores, book, 3)
    get(client)  # menus
    with CaptureQueriesContext(connection) as few:
        get(client)
    for book in ProductFactory.create_batch(21):
        stock_up(miraflores, book, 3)
    with CaptureQueriesContext(connection) as many:
        get(client)
    assert len(many) == len(few)


def test_cached_cards_read_no_stock(client, rios):
    get(client)
    with CaptureQueriesContext(connection) as queries:
        get(client)
    assert not [q for q in queries if "inventory_stockitem" in q["sql"]]


# Versions through the spine
# ------------------------------------------------------------------------------------------


def test_a_price_change_through_the_service_shows_on_the_next_list(
    client, rios, django_capture_on_commit_callbacks
):
    assert "S/ 45.90" in card_of(get(client), "Los ríos profundos")  # cached now
    before, generation = settled(rios), versions.catalog_generation()

    with django_capture_on_commit_callbacks(execute=True):
        rios.price = Decimal("39.90")
        save_product(product=rios)

    assert version(rios) == before + 1
    assert versions.catalog_generation() > generation
    card = card_of(get(client), "Los ríos profundos")
    assert "S/ 39.90" in card and "S/ 45.90" not in card


def test_a_new_author_order_or_title_shows_too(client, rios, django_capture_on_commit_callbacks):
    get(client)
    with django_capture_on_commit_callbacks(execute=True):
        rios.title = "Los ríos más profundos"
        save_product(product=rios, authors=[AuthorFactory(name="Otro Autor")])
    card = card_of(get(client), "Los ríos más profundos")
    assert "Otro Autor" in card


def test_renaming_an_author_in_the_admin_bumps_their_books(
    admin_client, rios, django_capture_on_commit_callbacks
):
    author = rios.authors.get()
    before = settled(rios)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:catalog_author_change", args=[author.pk]),
            {"name": "J. M. Arguedas", "slug": author.slug, "nationality": author.nationality},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert version(rios) == before + 1
    assert Event.objects.filter(name="products.relabelled", key=f"label:author:{author.pk}")


def test_the_last_copy_sold_at_the_last_store_turns_the_card_to_agotado(
    client, miraflores, django_capture_on_commit_callbacks
):
    book = ProductFactory(title="Trilce")
    with django_capture_on_commit_callbacks(execute=True):
        stock_up(miraflores, book, 1)
    card = card_of(get(client), "Trilce")
    assert "Disponible en Miraflores" in card and "add-to-cart" in card
    before = settled(book)

    with django_capture_on_commit_callbacks(execute=True):
        stock.adjust(miraflores, book, -1, "Ejemplar dañado")

    assert version(book) == before + 1
    event = Event.objects.filter(name="stock.band_changed").latest("pk")
    assert event.payload == {"store_id": miraflores.pk, "product_ids": [book.pk]}
    card = card_of(get(client), "Trilce")
    assert '<p class="stock-line out">Agotado</p>' in card and "add-to-cart" not in card


def test_stock_that_stays_in_the_same_band_publishes_nothing(miraflores, rios):
    before = Event.objects.filter(name="stock.band_changed").count()
    stock.receive(miraflores, rios, 3)  # 5 -> 8: in stock, still in stock
    stock.adjust(miraflores, rios, -1, "Conteo")
    assert Event.objects.filter(name="stock.band_changed").count() == before


def test_falling_to_the_last_copies_is_a_band_too(miraflores, rios):
    stock.adjust(miraflores, rios, -3, "Conteo")  # 5 -> 2: at the reorder point, low
    assert Event.objects.filter(name="stock.band_changed").exists()


def test_a_hold_that_expired_changes_the_band_when_it_is_released(
    miraflores, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from inventory.models import Reservation

    book = ProductFactory()
    stock_up(miraflores, book, 1)
    hold = stock.reserve([(book, 1)], miraflores, "cart:1")
    Reservation.objects.filter(pk__in=[r.pk for r in hold]).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    before = settled(book)
    with django_capture_on_commit_callbacks(execute=True):
        stock.release_expired_reservations()
    assert version(book) == before + 1


def test_a_delivery_run_twice_bumps_once(rios, django_capture_on_commit_callbacks):
    before = settled(rios)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event = spine.publish("stock.band_changed", store_id=1, product_ids=[rios.pk])
    assert version(rios) == before + 1

    spine.deliver_event(event.pk)  # the after-commit hand-off again, then the beat's sweep
    spine.deliver_pending()
    assert version(rios) == before + 1
    assert Delivery.objects.get(event=event).status == Delivery.Status.DONE


def test_a_handler_called_twice_is_harmless(client, rios, django_capture_on_commit_callbacks):
    get(client)
    before = settled(rios)
    data = spine.EventData(
        id=0,
        name="stock.band_changed",
        key="store:1",
        payload={"store_id": 1, "product_ids": [rios.pk, 999_999]},  # one deleted since
        created_at=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        bump_products(data)
        bump_products(data)
    assert version(rios) == before + 2  # two cache misses, nothing worse
    assert "S/ 45.90" in card_of(get(client), "Los ríos profundos")


# The generation and the product page
# ------------------------------------------------------------------------------------------


def test_a_missing_generation_starts_a_new_one(settings):
    from django.core.cache import cache

    cache.delete(versions.GENERATION_KEY)
    first = versions.catalog_generation()
    assert versions.catalog_generation() == first
    assert versions.bump_generation() == first + 1
    cache.delete(versions.GENERATION_KEY)
    assert versions.bump_generation() > first + 1


def test_bumping_nothing_is_nothing():
    assert versions.bump([]) == 0


def test_the_product_page_shows_a_new_description_and_stock_at_once(
    client, miraflores, rios, django_capture_on_commit_callbacks
):
    html = get(client, rios.get_absolute_url())
    assert "5 en Miraflores" in html
    with django_capture_on_commit_callbacks(execute=True):
        rios.description = "Una novela de Ernesto y los ríos."
        save_product(product=rios)
        stock.adjust(miraflores, rios, -1, "Conteo")  # 5 -> 4: same band, another count
    html = get(client, rios.get_absolute_url())
    assert "Una novela de Ernesto" in html
    assert "4 en Miraflores" in html


def test_a_version_bump_writes_no_price_history(rios):
    from audit.models import ProductHistory

    before = ProductHistory.objects.count()
    versions.bump([rios.pk])
    assert ProductHistory.objects.count() == before


def test_saving_a_product_loaded_before_a_bump_keeps_the_new_version(rios):
    stale = Product.objects.get(pk=rios.pk)
    now = settled(rios) + 1
    versions.bump([rios.pk])
    stale.price = Decimal("10.00")
    stale.save()
    assert version(rios) == now
    assert Product.objects.get(pk=rios.pk).price == Decimal("10.00")


def test_a_new_book_starts_a_new_catalog_generation(django_capture_on_commit_callbacks):
    generation = versions.catalog_generation()
    with django_capture_on_commit_callbacks(execute=True):
        book = ProductFactory(title="Un mundo para Julius")
    assert versions.catalog_generation() > generation
    assert Event.objects.get(name="product.changed", key=f"product:{book.pk}").payload == {
        "product_id": book.pk,
        "created": True,
    }
