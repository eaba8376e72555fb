import pytest
from django.core.management import call_command

from catalog.models import Author, Product, ProductAuthor
from catalog.services import refresh_search_text
from catalog.text import normalize_isbn


@pytest.mark.django_db
def test_seed_catalog_creates_valid_searchable_books_and_is_idempotent():
    call_command("seed_catalog", books=300, batch=120, verbosity=0)

    books = Product.objects.filter(isbn__startswith="979899")
    assert books.count() == 300
    sample = books.order_by("?")[:20]
    for book in sample:
        assert normalize_isbn(book.isbn) == book.isbn
        assert book.product_authors.exists() and book.genres.exists()
    # The search text is exactly what the service would compute.
    before = {b.pk: b.search_text for b in sample}
    refresh_search_text(products=sample)
    assert {b.pk: b.search_text for b in Product.objects.filter(pk__in=before)} == before

    links = ProductAuthor.objects.count()
    call_command("seed_catalog", books=300, verbosity=0)
    assert (books.count(), ProductAuthor.objects.count()) == (300, links)

    call_command("seed_catalog", books=350, verbosity=0)  # adds only the missing ones
    assert books.count() == 350

    call_command("seed_catalog", books=100, reset=True, verbosity=0)
    assert books.count() == 100
    assert Author.objects.filter(slug__startswith="seed-").count() == 50  # old ones deleted
