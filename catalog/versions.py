"""Product versions and the catalog generation: what cached fragments and pages are keyed by.

- `Product.version` goes up by one on every change a card or the product page shows: price,
  compare-at price, title, authors, cover, active, details, and the stock band of a store
  (in stock / low / out). Fragments keyed by (product, version, language) are then simply
  never read again: nothing is deleted, old keys expire on their own.
- The catalog generation goes up on any of those changes too (and when a book is added):
  a page that shows many products (a list, the home page) can key itself by it.

Nothing here is called by pages to change anything: catalog's handlers call `bump()` when the
event spine delivers `product.changed`, `products.relabelled` or `stock.band_changed`
(catalog.apps). A bump delivered twice is harmless: the version only goes up, and a
fragment cached under the version in between is never read.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import caches
from django.db import transaction
from django.db.models import F

from catalog.models import Product

GENERATION_KEY = "catalog:generation"
# Long enough to outlive every page cached under it; a missing key only starts a new one.
GENERATION_TIMEOUT = 30 * 24 * 3600


def _cache():
    return caches["default"]


def _fresh_generation() -> int:
    """A generation above any an earlier key reached (microseconds since the epoch): a
    missing or evicted key never brings back the number of pages cached long ago."""
    return time.time_ns() // 1000


def catalog_generation() -> int:
    """The current catalog generation: one cache get (a missing key starts a new one)."""
    cache = _cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = _fresh_generation()
        if not cache.add(GENERATION_KEY, value, GENERATION_TIMEOUT):
            value = cache.get(GENERATION_KEY, value)  # another process started one first
    return int(value)


def bump_generation() -> int:
    """Move the catalog to a new generation and return it (never raises for a missing key
    or a cache that is down: then the next read starts a new generation anyway)."""
    cache = _cache()
    try:
        return int(cache.incr(GENERATION_KEY))
    except ValueError:  # missing, expired or the cache is unavailable
        value = _fresh_generation()
        cache.set(GENERATION_KEY, value, GENERATION_TIMEOUT)
        return value


def bump(product_ids: Iterable[int]) -> int:
    """Version + 1 for these products (one UPDATE), then a new catalog generation once the
    transaction commits (so no page is cached under the new generation with the old rows).

    Returns how many products were bumped (ids of deleted products are skipped)."""
    ids = sorted({int(pk) for pk in product_ids})
    if not ids:
        return 0
    with transaction.atomic():
        if len(ids) > 1:
            # Lock in pk order first: two bumps of overlapping sets never deadlock.
            list(
                Product.objects.select_for_update()
                .filter(pk__in=ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        updated = Product.objects.filter(pk__in=ids).update(version=F("version") + 1)
        transaction.on_commit(bump_generation)
    return updated


def fragment_key(product) -> str:
    """The part of a cache key that names one version of one product.

    The creation time is in it too: a database rebuilt from scratch (a new seed, a restored
    dump) starts its products at version 1 again, and must not find the old catalog's
    fragments in a cache that survived."""
    created = product.created_at.timestamp() if product.created_at else 0
    return f"{product.pk}.{product.version}.{int(created * 1_000_000):x}"
