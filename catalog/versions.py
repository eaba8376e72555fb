"""The catalog's generation: one counter in the cache, bumped whenever the catalog changes in a
way that shows on a page (price, stock band, a new book...), so that whatever is cached under
it (config.pagecache: the anonymous pages) is never read again once it is stale.

A missing key (an empty cache, Redis restarted) starts a new generation: its number comes from
the clock, so it never meets a page cached under an older one.
"""

import time

from django.core.cache import cache

GENERATION_KEY = "catalog:generation"


def _fresh() -> int:
    return time.time_ns() // 1000


def catalog_generation() -> int:
    """The current generation: one cache read (two, the first time after the key is lost)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, _fresh(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return int(generation or 0)


def bump_generation() -> None:
    """Start a new generation: nothing cached under the previous ones is read again."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no key yet (or the cache is down: then nothing is cached anyway)
        cache.set(GENERATION_KEY, _fresh(), timeout=None)
