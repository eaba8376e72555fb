"""The product page's precomputed lists: what builds them, what refreshes them, what shows."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction

from config.management.commands.run_schedule import Entry
from orders.models import Order
from outbox import spine
from shop import handlers, recommendations
from shop.models import RelatedProduct
from tests.factories.catalog import AuthorFactory, GenreFactory, ProductFactory
from tests.factories.orders import OrderFactory

pytestmark = pytest.mark.django_db

Kind = RelatedProduct.Kind


def stored(product, kind):
    return list(
        RelatedProduct.objects.filter(product=product, kind=kind)
        .order_by("position")
        .values_list("related_id", flat=True)
    )


def test_bought_together_counts_paid_orders_most_in_common_first():
    trilce, heraldos, poemas, canto = ProductFactory.create_batch(4)
    OrderFactory(paid=True, lines=[(trilce, 1), (heraldos, 1)])
    OrderFactory(paid=True, lines=[(trilce, 1), (heraldos, 1), (poemas, 2)])
    OrderFactory(lines=[(trilce, 1), (canto, 1)])  # not paid (yet): not a purchase
    OrderFactory(paid=True, status=Order.Status.CANCELLED, lines=[(trilce, 1), (canto, 1)])

    recommendations.rebuild()

    assert stored(trilce, Kind.BOUGHT_TOGETHER) == [heraldos.pk, poemas.pk]
    assert stored(canto, Kind.BOUGHT_TOGETHER) == []


def test_same_author_by_copies_sold_and_same_genre_only_without_co_purchases():
    vallejo = AuthorFactory()
    poesia = GenreFactory(slug="poesia")
    vanguardia = GenreFactory(slug="vanguardia", parent=poesia)
    trilce = ProductFactory(authors=[vallejo], genres=[poesia])
    heraldos = ProductFactory(authors=[vallejo], sold_count=5)
    escalas = ProductFactory(authors=[vallejo], sold_count=9)
    altazor = ProductFactory(genres=[vanguardia], sold_count=3)  # a child genre counts
    ProductFactory(authors=[vallejo], is_active=False)  # never recommended

    recommendations.rebuild()

    assert stored(trilce, Kind.SAME_AUTHOR) == [escalas.pk, heraldos.pk]
    assert stored(trilce, Kind.SAME_GENRE) == [altazor.pk]

    OrderFactory(paid=True, lines=[(trilce, 1), (heraldos, 1)])
    recommendations.rebuild()
    assert stored(trilce, Kind.BOUGHT_TOGETHER) == [heraldos.pk]
    assert stored(trilce, Kind.SAME_GENRE) == []  # the page shows the co-purchases instead


def test_a_rebuild_gives_the_same_rows():
    author = AuthorFactory()
    books = ProductFactory.create_batch(5, authors=[author])
    OrderFactory(paid=True, lines=[(books[0], 1), (books[1], 1)])
    recommendations.rebuild()
    rows = list(RelatedProduct.objects.order_by("pk").values_list())

    assert recommendations.rebuild() == 0
    assert list(RelatedProduct.objects.order_by("pk").values_list()) == rows


def test_lists_of_a_product_no_longer_active_go_at_the_next_rebuild():
    author = AuthorFactory()
    gone, kept = ProductFactory.create_batch(2, authors=[author])
    recommendations.rebuild()
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    recommendations.rebuild()

    assert stored(gone, Kind.SAME_AUTHOR) == []
    assert stored(kept, Kind.SAME_AUTHOR) == []


def test_order_paid_refreshes_its_books_through_the_spine_once(django_capture_on_commit_callbacks):
    trilce, heraldos = ProductFactory.create_batch(2)
    order = OrderFactory(paid=True, lines=[(trilce, 1), (heraldos, 1)])

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event = spine.publish(
            "order.paid",
            order_id=order.pk,
            number=order.number,
            customer_id=order.customer_id,
            channel=order.channel,
            fulfilment=order.fulfilment,
            store_id=order.store_id,
            amount=str(order.total),
            method=order.payment_method,
        )

    assert stored(trilce, Kind.BOUGHT_TOGETHER) == [heraldos.pk]
    assert stored(heraldos, Kind.BOUGHT_TOGETHER) == [trilce.pk]
    rows = list(RelatedProduct.objects.order_by("pk").values_list())
    # Delivered again (the sweep, a duplicate task): nothing changes.
    handlers.refresh_recommendations(
        spine.EventData(event.pk, event.name, event.key, event.payload, event.created_at)
    )
    assert list(RelatedProduct.objects.order_by("pk").values_list()) == rows


def test_facts_with_lines_refresh_from_their_payload():
    trilce, heraldos = ProductFactory.create_batch(2)
    order = OrderFactory(paid=True, lines=[(trilce, 1), (heraldos, 1)])
    payload = {
        "order_id": order.pk,
        "lines": [{"product_id": trilce.pk, "quantity": 1, "unit_price": "49.90"}],
    }

    handlers.refresh_recommendations(spine.EventData(1, "order.handed_over", "", payload, None))

    assert stored(trilce, Kind.BOUGHT_TOGETHER) == [heraldos.pk]


def test_the_product_page_shows_the_stored_lists_eight_cards_at_most(client):
    author = AuthorFactory(name="César Vallejo")
    trilce = ProductFactory(title="Trilce", authors=[author])
    same_author = ProductFactory.create_batch(8, authors=[author])
    bought = ProductFactory.create_batch(8, price=Decimal("30.00"))
    for book in bought:
        OrderFactory(paid=True, lines=[(trilce, 1), (book, 1)])
    recommendations.rebuild()
    same_author[0].is_active = False  # hidden at once, before any rebuild
    same_author[0].save(update_fields=["is_active"])

    html = client.get(trilce.get_absolute_url()).content.decode()

    assert "Más del mismo autor" in html
    assert "Quienes compraron este libro también compraron" in html
    assert html.count('class="product-card') == 8
    assert same_author[0].title not in html


def test_the_product_page_without_lists_shows_none(client):
    book = ProductFactory()

    response = client.get(book.get_absolute_url())

    assert response.status_code == 200
    assert "Más del mismo autor" not in response.content.decode()


def test_the_nightly_rebuild_is_in_the_beat_schedule():
    spec = settings.CELERY_BEAT_SCHEDULE["rebuild-recommendations"]
    entry = Entry("rebuild-recommendations", spec)  # what run_schedule runs

    ProductFactory.create_batch(2, authors=[AuthorFactory()])
    assert entry.run() is True
    assert RelatedProduct.objects.count() == 2


def test_seed_demo_ends_with_the_product_pages_lists(settings):
    import io

    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert "Recomendaciones:" in out.getvalue()
    kinds = set(RelatedProduct.objects.values_list("kind", flat=True))
    assert {Kind.SAME_AUTHOR, Kind.BOUGHT_TOGETHER} <= kinds
    assert recommendations.rebuild() == 0  # already up to date


def test_a_new_book_gets_its_own_lists_through_the_spine_at_once(
    django_capture_on_commit_callbacks,
):
    from catalog.models import Product
    from catalog.services import save_product

    vallejo = AuthorFactory()
    heraldos = ProductFactory(authors=[vallejo], sold_count=5)
    template = ProductFactory.build()
    trilce = Product(title="Trilce", price=Decimal("39.90"), isbn="", publisher=template.publisher)
    template.publisher.save()
    trilce.publisher = template.publisher

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        save_product(product=trilce, authors=[vallejo])

    assert stored(trilce, Kind.SAME_AUTHOR) == [heraldos.pk]
    rows = list(RelatedProduct.objects.order_by("pk").values_list())
    # Saved again (an edit, not a new book): its lists are left to the rebuild.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        save_product(product=trilce, authors=[vallejo])
    assert list(RelatedProduct.objects.order_by("pk").values_list()) == rows


def test_co_purchases_of_every_channel_under_their_own_label(client):
    from orders.models import Channel

    poesia = GenreFactory(name="Poesía")
    trilce = ProductFactory(title="Trilce", genres=[poesia])
    at_the_counter = ProductFactory(title="Poemas humanos")
    by_phone = ProductFactory(title="España, aparta de mí este cáliz")
    ProductFactory(title="Canto general", genres=[poesia], sold_count=90)
    OrderFactory(paid=True, channel=Channel.STORE, lines=[(trilce, 1), (at_the_counter, 1)])
    OrderFactory(paid=True, channel=Channel.PHONE, lines=[(trilce, 1), (by_phone, 1)])
    recommendations.rebuild()

    html = client.get(trilce.get_absolute_url()).content.decode()

    assert "Quienes compraron este libro también compraron" in html
    assert "Poemas humanos" in html and "España, aparta de mí este cáliz" in html
    assert "Más libros de Poesía" not in html and "Canto general" not in html


def test_a_book_without_co_purchases_shows_its_genre_never_the_best_sellers(client):
    novela = GenreFactory(name="Novela")
    lonely = ProductFactory(title="El mundo es ancho y ajeno", genres=[novela])
    ProductFactory(title="Todas las sangres", genres=[novela], sold_count=3)
    best_seller = ProductFactory(title="Cien años de soledad", sold_count=5000)  # other genre
    OrderFactory(paid=True, lines=[(best_seller, 1), (ProductFactory(), 1)])
    no_genre = ProductFactory(title="Sin género")
    recommendations.rebuild()

    html = client.get(lonely.get_absolute_url()).content.decode()
    bare = client.get(no_genre.get_absolute_url()).content.decode()

    assert "Quienes compraron" not in html
    assert "Más libros de Novela" in html and "Todas las sangres" in html
    assert "Cien años de soledad" not in html
    # Nothing in common with any other book: no list at all, rather than the best sellers.
    assert "Quienes compraron" not in bare and "Más libros" not in bare
    assert "Cien años de soledad" not in bare
