"""Writes to the catalog. Products change only through these functions (and the admin, which
calls them), so the search text always matches the product."""

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.text import slugify

from catalog.models import Author, Genre, Product, ProductAuthor
from catalog.text import normalize_isbn
from outbox.spine import publish


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 250) -> str:
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, n = base, 2
    existing = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while existing.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{n}"
        n += 1
    return slug


@transaction.atomic
def save_product(
    *,
    product: Product,
    authors: Sequence[Author] | None = None,
    genres: Iterable[Genre] | None = None,
) -> Product:
    """Validate and save a product with its authors (in credit order) and genres.

    Normalises the ISBN (ISBN-10 becomes ISBN-13), fills the slug, and rebuilds the search text.
    Publishes `product.changed` (its cards and page show the new values once it is handled).
    Raises django.core.exceptions.ValidationError with Spanish messages.
    """
    created = product._state.adding
    if product.isbn:
        product.isbn = normalize_isbn(product.isbn)
    if not product.slug:
        product.slug = unique_slug(Product, product.title, exclude_pk=product.pk)
    product.full_clean(exclude=["search_text", "sold_count"], validate_unique=True)
    product.save()
    if authors is not None:
        set_authors(product=product, authors=authors)
    if genres is not None:
        product.genres.set(genres)
    refresh_search_text(products=[product])
    publish("product.changed", product_id=product.pk, created=created)
    return product


def publish_relabelled(*, label: str, product_ids: Iterable[int]) -> None:
    """`products.relabelled` for the products that show an author, publisher or genre that
    was edited (`label` names it: "author:7"); nothing when no product shows it."""
    ids = sorted({int(pk) for pk in product_ids})
    if ids:
        publish("products.relabelled", label=label, product_ids=ids)


def set_authors(*, product: Product, authors: Sequence[Author]) -> None:
    """Replace the product's authors, keeping the given order."""
    ProductAuthor.objects.filter(product=product).delete()
    seen = set()
    links = []
    for position, author in enumerate(authors):
        if author.pk in seen:
            continue
        seen.add(author.pk)
        links.append(ProductAuthor(product=product, author=author, position=position))
    ProductAuthor.objects.bulk_create(links)


def refresh_search_text(*, products: Iterable[Product]) -> None:
    """Recompute the normalised search text of `products` (after a rename, an import...)."""
    ids = [product.pk for product in products]
    rows = (
        Product.objects.filter(pk__in=ids)
        .select_related("publisher")
        .prefetch_related("authors", "genres")
    )
    changed = []
    for row in rows:
        text = row.build_search_text()
        if text != row.search_text:
            row.search_text = text
            changed.append(row)
    Product.objects.bulk_update(changed, ["search_text"], batch_size=500)


def refresh_search_words() -> None:
    """Rebuild the catalog vocabulary used for typo-tolerant search (PostgreSQL's materialized
    view, or SQLite's tables of catalog.search_words).

    Run by a beat task, after imports and seeds; a product added since the last refresh is
    still found by its exact words, only not yet by a misspelling of a brand-new word.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("REFRESH MATERIALIZED VIEW catalog_searchword")
    else:
        from catalog import search_words

        search_words.rebuild()
