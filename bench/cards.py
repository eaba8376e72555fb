"""Where a list page's time goes now that cards are flat and cached (#19, item 2).

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/estante_x REDIS_URL=redis://127.0.0.1:6379/N \\
        .venv/bin/python bench/cards.py [--requests 200] [--profile]

Loads the demo store (`seed_demo`: books with stock in every store) when the database has no
stock, then, through Django's full stack with the test Client (no network, DEBUG off), prints
for /libros/, the home page and a product page: the mean ms per request with the card
fragments cold (a cache that keeps nothing) and warm, the URL reversals and SQL queries per
request, and with --profile the share of the time spent in Django's template engine
(cProfile, cumulative time under django.template). It prints; it asserts nothing.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls.resolvers import URLResolver  # noqa: E402

from catalog.models import Product  # noqa: E402
from inventory.models import StockItem  # noqa: E402

REVERSALS = [0]
_original_reverse = URLResolver._reverse_with_prefix


def _counting(self, *args, **kwargs):
    REVERSALS[0] += 1
    return _original_reverse(self, *args, **kwargs)


URLResolver._reverse_with_prefix = _counting

COLD = {
    **settings.CACHES,
    "template_fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}


def measure(client: Client, url: str, requests: int) -> tuple[float, int, int]:
    client.get(url)
    REVERSALS[0] = 0
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    reversals, sql = REVERSALS[0], len(queries)
    started = time.perf_counter()
    for _ in range(requests):
        client.get(url)
    return (time.perf_counter() - started) * 1000 / requests, reversals, sql


def template_share(client: Client, url: str, requests: int) -> tuple[float, float]:
    """(profiled ms per request, of which in Template.render: the outermost template and
    everything it calls, tags and the card renderer included)."""
    from django.template.base import Template

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile)
    code = Template.render.__code__
    rendering = sum(
        cumulative
        for (filename, line, name), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items()
        if filename == code.co_filename and line == code.co_firstlineno and name == "render"
    )
    return stats.total_tt * 1000 / requests, rendering * 1000 / requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if not StockItem.objects.filter(on_hand__gt=0).exists():
        print("Cargando la tienda de demostración (seed_demo)…")
        call_command("seed_demo")
    setup_test_environment()
    product = Product.objects.active().filter(stock_items__on_hand__gt=0).first()
    urls = ["/libros/", "/", product.get_absolute_url()]
    print(
        f"{Product.objects.active().count()} libros, "
        f"{StockItem.objects.filter(on_hand__gt=0).count()} filas con stock; "
        f"{args.requests} pedidos por página, DEBUG={settings.DEBUG}"
    )
    print(f"{'página':<40} {'frío ms':>8} {'tibio ms':>9} {'reversos':>9} {'SQL':>4}")
    client = Client()
    for url in urls:
        with override_settings(CACHES=COLD):
            cold, cold_rev, cold_sql = measure(client, url, args.requests)
        warm, warm_rev, warm_sql = measure(client, url, args.requests)
        print(
            f"{url[:40]:<40} {cold:8.1f} {warm:9.1f} {cold_rev:>4}/{warm_rev:<4} "
            f"{cold_sql:>2}/{warm_sql:<2}"
        )
    if args.profile:
        for url in urls:
            with override_settings(CACHES=COLD):
                cold = template_share(client, url, args.requests)
            warm = template_share(client, url, args.requests)
            print(
                f"cProfile {url[:30]}: frío {cold[0]:.1f} ms (plantillas {cold[1]:.1f}), "
                f"tibio {warm[0]:.1f} ms (plantillas {warm[1]:.1f})"
            )


if __name__ == "__main__":
    main()
