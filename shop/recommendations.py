"""Recommendations that say why they are shown.

"Para ti" comes from what the customer told us (favorite authors and genres on the profile),
what they saved as favorites and what they bought, and never offers what they already bought.
Favorites are read through crm.favorites and purchases through orders.selectors (shop sits
above both).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from catalog.models import Product, ProductAuthor
from crm.favorites import favorite_product_ids
from orders.selectors import products_bought_by, products_bought_with


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


def bought_together(product: Product, *, limit: int = 8) -> tuple[list[Product], bool]:
    """("Quienes compraron este libro también compraron", True) from co-purchases, or
    (same-genre best sellers, False) while there are no orders to learn from."""
    ids = products_bought_with(product.pk, limit=limit)
    if ids:
        found = {p.pk: p for p in Product.objects.active().for_cards().filter(pk__in=ids)}
        return [found[i] for i in ids if i in found], True

    genre_ids = list(product.genres.values_list("pk", flat=True))
    if not genre_ids:
        return [], False
    same_genre = (
        Product.objects.active()
        .for_cards()
        .exclude(pk=product.pk)
        .filter(Exists(_in_genres(genre_ids)))
        .order_by("-sold_count", "-pk")[:limit]
    )
    return list(same_genre), False
