import pytest
from django.core.management import call_command

from catalog.models import Author, Product, ProductAuthor
from catalog.services import refresh_search_text
from catalog.text import normalize_isbn
from inventory import stock
from inventory.exceptions import InvalidQuantity
from inventory.models import StockItem, StockMovement, Store
from inventory.reconcile import reconcile_stock
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory


@pytest.fixture(autouse=True)
def _media_in_a_temp_dir(settings, tmp_path):
    """The synthetic covers are written to the default storage: a temporary folder here."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.django_db
def test_seed_catalog_creates_valid_searchable_books_and_is_idempotent():
    call_command("seed_catalog", books=300, batch=120, verbosity=0)

    books = Product.objects.filter(isbn__startswith="979899")
    assert books.count() == 300
    sample = books.order_by("?")[:20]
    for book in sample:
        assert normalize_isbn(book.isbn) == book.isbn
        assert book.product_authors.exists() and book.genres.exists()
        assert book.cover.name.startswith("covers/seed/")
        assert book.cover_url.startswith("/media/covers/seed/")
    # The search text is exactly what the service would compute.
    before = {b.pk: b.search_text for b in sample}
    refresh_search_text(products=sample)
    assert {b.pk: b.search_text for b in Product.objects.filter(pk__in=before)} == before

    links = ProductAuthor.objects.count()
    items = StockItem.objects.count()
    call_command("seed_catalog", books=300, verbosity=0)
    assert (books.count(), ProductAuthor.objects.count()) == (300, links)
    assert StockItem.objects.count() == items

    call_command("seed_catalog", books=350, verbosity=0)  # adds only the missing ones
    assert books.count() == 350

    call_command("seed_catalog", books=100, reset=True, verbosity=0)
    assert books.count() == 100
    assert Author.objects.filter(slug__startswith="seed-").count() == 50  # old ones deleted
    assert reconcile_stock() == []


@pytest.mark.django_db
def test_seed_catalog_stocks_books_in_n_shops_with_a_consistent_ledger():
    call_command("seed_catalog", books=200, stores=5, batch=70, verbosity=0)

    items = StockItem.objects.filter(product__isbn__startswith="979899")
    stocked = Store.objects.filter(pk__in=items.values("store_id"))
    assert stocked.count() == 5
    assert set(stocked.values_list("kind", flat=True)) == {Store.Kind.STORE}
    # Most books in several shops, some in all five, some in none (agotado), as in a real store.
    per_book = {}
    for product_id, _store_id in items.values_list("product_id", "store_id"):
        per_book[product_id] = per_book.get(product_id, 0) + 1
    assert 0 < sum(1 for n in per_book.values() if n == 5) < 200
    assert len(per_book) < 200
    assert all(1 <= on_hand <= 15 for on_hand in items.values_list("on_hand", flat=True))
    # One receipt line per row, equal to its stock: the nightly reconciler finds nothing.
    receipts = StockMovement.objects.filter(kind=StockMovement.Kind.RECEIPT, reference_type="seed")
    assert receipts.count() == items.count()
    assert reconcile_stock() == []


@pytest.mark.django_db
def test_seed_catalog_gives_stock_to_books_seeded_without_it():
    call_command("seed_catalog", books=60, stores=0, verbosity=0)
    assert not StockItem.objects.exists()

    call_command("seed_catalog", books=60, stores=3, verbosity=0)

    assert StockItem.objects.values("store_id").distinct().count() == 3
    assert reconcile_stock() == []


@pytest.mark.django_db
def test_receive_many_adds_to_existing_rows_and_clears_a_recovered_low_stock_alert():
    store = StoreFactory()
    low, fresh = ProductFactory(), ProductFactory()
    stock.receive(store, low, 3)
    stock.record_sale(store, [(low, 2)])  # one left: the low-stock alert goes out
    assert StockItem.objects.get(product=low).low_stock_alerted_at is not None

    lines = stock.receive_many(store, {low.pk: 5, fresh.pk: 2}, reason="Pedido grande")

    assert lines == 2
    by_product = {i.product_id: i for i in StockItem.objects.filter(store=store)}
    assert (by_product[low.pk].on_hand, by_product[fresh.pk].on_hand) == (6, 2)
    assert by_product[low.pk].low_stock_alerted_at is None
    assert reconcile_stock() == []


@pytest.mark.django_db
def test_receive_many_refuses_a_bad_quantity_and_writes_nothing():
    store = StoreFactory()
    product, other = ProductFactory(), ProductFactory()

    with pytest.raises(InvalidQuantity):
        stock.receive_many(store, {product.pk: 2, other.pk: 0})

    assert not StockItem.objects.exists() and not StockMovement.objects.exists()
