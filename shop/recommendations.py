"""Recommendations that say why they are shown.

"Para ti" comes from what the customer told us (favorite authors and genres on the profile),
what they saved as favorites and what they bought, and never offers what they already bought.
Favorites are read through crm.favorites and purchases through orders.selectors (shop sits
above both).

The product page's lists are precomputed (shop.models.RelatedProduct): `refresh()` rebuilds
those of a few products (the order facts, shop.handlers), `rebuild()` all of them (nightly
beat task, seed_demo); `product_page_lists()` reads them. Both builders compute from the
database's state alone, so running one twice writes nothing the second time.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from catalog.models import Product, ProductAuthor
from crm.favorites import favorite_product_ids
from orders.selectors import co_purchases, products_bought_by
from shop.models import RelatedProduct


@dataclass(frozen=True)
class Recommendation:
    product: Product
    reason: str


def for_customer(customer, *, limit: int = 12) -> list[Recommendation]:
    """Up to `limit` products for this customer, each with the reason it is shown."""
    favorite_ids = favorite_product_ids(customer)
    bought = products_bought_by(customer)  # in any channel
    seen = favorite_ids | bought

    # Authors: chosen on the profile first, then those of favorites and purchases.
    author_names = dict(customer.favorite_authors.values_list("pk", "name"))
    liked_author_rows = (
        ProductAuthor.objects.filter(product_id__in=favorite_ids | bought)
        .values_list("author_id", "author__name")
        .distinct()
    )
    for author_id, name in liked_author_rows:
        author_names.setdefault(author_id, name)
    genre_names = dict(customer.favorite_genres.values_list("pk", "name"))

    picks: list[Recommendation] = []
    chosen: set[int] = set()
    if author_names:
        by_author = (
            Product.objects.active()
            .for_cards()
            .exclude(pk__in=seen)
            .filter(
                Exists(
                    ProductAuthor.objects.filter(product=OuterRef("pk"), author_id__in=author_names)
                )
            )
            .order_by("-sold_count", "-pk")[: limit * 2]
        )
        for product in by_author:
            author = next(a for a in product.ordered_authors if a.pk in author_names)
            picks.append(
                Recommendation(product, _("Porque te gusta %(author)s") % {"author": author.name})
            )
            chosen.add(product.pk)
            if len(picks) >= limit:
                return picks
    if genre_names:
        by_genre = (
            Product.objects.active()
            .for_cards()
            .exclude(pk__in=seen | chosen)
            .filter(Exists(_in_genres(genre_names)))
            .order_by("-sold_count", "-pk")[: limit - len(picks)]
        )
        liked_genre_of: dict[int, str] = {}
        links = (
            _in_genres(genre_names, outer=False)
            .filter(product_id__in=[p.pk for p in by_genre])
            .values_list("product_id", "genre_id", "genre__parent_id")
        )
        for product_id, genre_id, parent_id in links:
            name = genre_names.get(genre_id) or genre_names.get(parent_id)
            if name:
                liked_genre_of.setdefault(product_id, name)
        for product in by_genre:
            genre_name = liked_genre_of.get(product.pk, "")
            reason = (
                _("Porque te interesa %(genre)s") % {"genre": genre_name}
                if genre_name
                else _("Para tus géneros favoritos")
            )
            picks.append(Recommendation(product, reason))
    return picks[:limit]


def _in_genres(genre_ids, *, outer: bool = True):
    """Product-genre links in `genre_ids` or their children (correlated to the outer product)."""
    links = Product.genres.through.objects.filter(
        Q(genre_id__in=genre_ids) | Q(genre__parent_id__in=genre_ids)
    )
    return links.filter(product_id=OuterRef("pk")) if outer else links


def more_by_same_author(product: Product, *, limit: int = 8) -> list[Product]:
    author_ids = [author.pk for author in product.ordered_authors]
    if not author_ids:
        return []
    return list(
        Product.objects.active()
        .for_cards()
        .exclude(pk=product.pk)
        .filter(
            Exists(ProductAuthor.objects.filter(product=OuterRef("pk"), author_id__in=author_ids))
        )
        .order_by("-sold_count", "-pk")[:limit]
    )


# The product page's precomputed lists
# ------------------------------------------------------------------------------

# Rows kept per list, and cards shown on the product page for both lists together (a phone
# shows two scrollers of four; 16 full cards were more than anyone scrolls through).
STORED_PER_LIST = 8
SHOWN_ON_PAGE = 8
SHOWN_AT_LEAST = 4  # per list, when both have that many

Kind = RelatedProduct.Kind


@dataclass(frozen=True)
class ProductPageLists:
    same_author: list[Product]
    also: list[Product]
    also_from_orders: bool  # "Quienes compraron…" (True) or "También te puede interesar"

    @property
    def products(self) -> list[Product]:
        return [*self.same_author, *self.also]


def product_page_lists(product: Product) -> ProductPageLists:
    """The product page's two lists, in one query (the caller prefetches their authors with
    the page's own book's: catalog.selectors.prefetch_cards)."""
    rows = (
        RelatedProduct.objects.filter(product=product, related__is_active=True)
        .select_related("related")
        .defer("related__description", "related__search_text")
        .order_by("kind", "position")
    )
    lists: dict[str, list[Product]] = {kind: [] for kind in Kind.values}
    for row in rows:
        lists[row.kind].append(row.related)
    also_from_orders = bool(lists[Kind.BOUGHT_TOGETHER])
    also = lists[Kind.BOUGHT_TOGETHER] if also_from_orders else lists[Kind.SAME_GENRE]
    same_author = lists[Kind.SAME_AUTHOR]
    same_author = same_author[: max(SHOWN_AT_LEAST, SHOWN_ON_PAGE - len(also))]
    also = also[: SHOWN_ON_PAGE - len(same_author)]
    return ProductPageLists(same_author, also, also_from_orders)


def refresh(product_ids: Iterable[int]) -> int:
    """Rebuild the lists of these products from what the database holds now; the number of
    lists rewritten (0 when they were already right)."""
    ids = {int(pk) for pk in product_ids}
    if not ids:
        return 0
    return _write(_compute(ids), sources=ids)


def rebuild() -> int:
    """Rebuild every product's lists (the nightly task): same rows when nothing changed; the
    lists of products no longer active are dropped."""
    return _write(_compute(None), sources=None)


Entry = tuple[int, int]  # (related product id, score)


def _compute(sources: set[int] | None) -> dict[tuple[int, str], list[Entry]]:
    """{(product_id, kind): [(related_id, score), ...]} for `sources` (None: every active
    product). Ranks: orders in common for co-purchases; copies sold, then newest, for the rest
    (as "más vendidos")."""
    # A full rebuild filters by "active" in SQL; a refresh by a few ids (never long IN lists).
    full = sources is None
    active = set(Product.objects.active().values_list("pk", flat=True)) if full else None
    if full:
        sources = active
    else:
        sources = set(Product.objects.active().filter(pk__in=sources).values_list("pk", flat=True))
    if not sources:
        return {}
    lists: dict[tuple[int, str], list[Entry]] = {}

    def in_sources(links):
        if full:
            return links.filter(product__is_active=True)
        return links.filter(product_id__in=sources)

    # Comprados juntos: active products only.
    pairs = co_purchases(None if full else sources)
    if not full:
        others = {other for found in pairs.values() for other, _n in found}
        active = set(Product.objects.active().filter(pk__in=others).values_list("pk", flat=True))
    for product_id, found in pairs.items():
        if product_id not in sources:
            continue
        kept = [(other, n) for other, n in found if other in active]
        if kept:
            lists[(product_id, Kind.BOUGHT_TOGETHER)] = kept[:STORED_PER_LIST]

    # Del mismo autor: each author's best sellers, merged for books with several authors.
    author_links = in_sources(ProductAuthor.objects.order_by()).values_list(
        "product_id", "author_id"
    )
    authors_of: dict[int, set[int]] = {}
    for product_id, author_id in author_links:
        authors_of.setdefault(product_id, set()).add(author_id)
    all_authors = set().union(*authors_of.values()) if authors_of else set()
    by_author: dict[int, list[Entry]] = {}
    author_rows = ProductAuthor.objects.filter(product__is_active=True)
    if not full:
        author_rows = author_rows.filter(author_id__in=all_authors)
    rows = author_rows.values_list("author_id", "product_id", "product__sold_count").order_by()
    for author_id, product_id, sold in rows:
        if author_id in all_authors:
            by_author.setdefault(author_id, []).append((product_id, sold))
    _keep_top(by_author)
    for product_id, authors in authors_of.items():
        picks = _best([by_author.get(a, []) for a in authors], exclude=product_id)
        if picks:
            lists[(product_id, Kind.SAME_AUTHOR)] = picks

    # Del mismo género: only for books nobody has bought with another yet (the page shows
    # one or the other). A genre holds its own books and its children's.
    lonely = sources - {pid for pid, kind in lists if kind == Kind.BOUGHT_TOGETHER}
    genre_links = in_sources(Product.genres.through.objects.order_by()).values_list(
        "product_id", "genre_id"
    )
    genres_of: dict[int, set[int]] = {}
    for product_id, genre_id in genre_links:
        if product_id in lonely:
            genres_of.setdefault(product_id, set()).add(genre_id)
    all_genres = set().union(*genres_of.values()) if genres_of else set()
    by_genre: dict[int, list[Entry]] = {}
    genre_rows = Product.genres.through.objects.filter(product__is_active=True)
    if not full:
        genre_rows = genre_rows.filter(
            Q(genre_id__in=all_genres) | Q(genre__parent_id__in=all_genres)
        )
    rows = genre_rows.values_list(
        "genre_id", "genre__parent_id", "product_id", "product__sold_count"
    ).order_by()
    for genre_id, parent_id, product_id, sold in rows:
        for family in (genre_id, parent_id):
            if family in all_genres:
                by_genre.setdefault(family, []).append((product_id, sold))
    _keep_top(by_genre)
    for product_id, genres in genres_of.items():
        picks = _best([by_genre.get(g, []) for g in genres], exclude=product_id)
        if picks:
            lists[(product_id, Kind.SAME_GENRE)] = picks
    return lists


def _rank(entry: Entry):
    return (-entry[1], -entry[0])  # most sold, then the newest (higher id)


def _keep_top(groups: dict[int, list[Entry]]) -> None:
    """Each author's (genre's) best sellers, enough for any of its books to leave itself out."""
    for key, entries in groups.items():
        groups[key] = sorted(entries, key=_rank)[: STORED_PER_LIST + 1]


def _best(candidate_lists: list[list[Entry]], *, exclude: int) -> list[Entry]:
    """The best sellers among the candidates (then the newest: higher id), without `exclude`."""
    best: dict[int, int] = {}
    for candidates in candidate_lists:
        for product_id, sold in candidates:
            if product_id != exclude:
                best[product_id] = sold
    ranked = sorted(best.items(), key=_rank)
    return ranked[:STORED_PER_LIST]


def _write(lists: dict[tuple[int, str], list[Entry]], *, sources: set[int] | None) -> int:
    """Make the stored rows of `sources` (None: every product) equal to `lists`, touching only
    the lists that differ; the number of lists rewritten."""
    stored = RelatedProduct.objects.order_by()
    if sources is not None:
        stored = stored.filter(product_id__in=sources)
    current: dict[tuple[int, str], list[Entry]] = {}
    for product_id, kind, related_id, score in stored.order_by(
        "product_id", "kind", "position"
    ).values_list("product_id", "kind", "related_id", "score"):
        current.setdefault((product_id, kind), []).append((related_id, score))
    changed = [key for key in current.keys() | lists.keys() if current.get(key) != lists.get(key)]
    if not changed:
        return 0
    with transaction.atomic():
        by_kind: dict[str, list[int]] = {}
        for product_id, kind in changed:
            by_kind.setdefault(kind, []).append(product_id)
        for kind, product_ids in by_kind.items():
            for chunk in _chunks(product_ids):
                RelatedProduct.objects.filter(kind=kind, product_id__in=chunk).delete()
        RelatedProduct.objects.bulk_create(
            [
                RelatedProduct(
                    product_id=product_id,
                    kind=kind,
                    position=position,
                    related_id=related_id,
                    score=score,
                )
                for product_id, kind in changed
                for position, (related_id, score) in enumerate(lists.get((product_id, kind), []))
            ],
            batch_size=1000,
        )
    return len(changed)


def _chunks(items: list[int], size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]
