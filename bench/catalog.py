"""Latency of search and every catalog page over 100,000 books with stock in 5 shops.

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/estante_catalog_bench \\
        .venv/bin/python bench/catalog.py [--books 100000] [--requests 200]

Runs against the PostgreSQL database DATABASE_URL points at (migrate it first). Loads the
synthetic catalog with `seed_catalog --books N --stores 5` (books with stock in 5 shops and
covers, as customers see them) when books or their stock are missing, then measures each URL
through Django's full stack with the test Client (no network) and prints p50/p95 in ms.
Targets (issue 19): search p95 < 25 ms, every page p95 < 50 ms, on the 2-core machine.
Use a database of its own: the synthetic books would crowd a demo database.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Measured as production runs: DEBUG off (no query log, no template debug data).
# DJANGO_DEBUG=true gives the development figures.
os.environ.setdefault("DJANGO_DEBUG", "false")
# Pages rendered, not read from the page cache (config.pagecache: on by default with Redis,
# and every anonymous request here would be a hit); the fragment caches stay on, as in
# bench/http_load.py's first pass. PAGE_CACHE_SECONDS=30 measures the cache instead.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from catalog.models import Author, Genre, Product  # noqa: E402
from catalog.synthetic import ISBN_PREFIX, synthetic_isbn  # noqa: E402
from inventory.models import StockItem  # noqa: E402

TARGET_SEARCH_P95_MS = 25
TARGET_PAGE_P95_MS = 50

# What customers type: accents left out, half titles, authors, a genre, an ISBN with hyphens,
# and typos ("vargas llossa", "arguedaz").
SEARCHES = [
    "vargas llosa",
    "garcia marquez",
    "rios profundos",
    "la ciudad de los andes",
    "ribeyro",
    "historia del peru",
    "vargas llossa",
    "arguedaz",
    "silencio del rimac",
    "quispe",
]


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def measure(client: Client, url: str, requests: int) -> list[float]:
    client.get(url)  # warm up (template and query caches)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def ensure_catalog(books: int) -> None:
    """Seed the missing books, and the stock of books seeded before the catalog had stock
    (seed_catalog does nothing when all is there)."""
    call_command("seed_catalog", books=books, stores=5)


def pages_to_measure(books: int) -> list[tuple[str, str, list[str]]]:
    """(group, label, urls): each group's p50/p95 is over all its URLs' requests together."""
    isbn = synthetic_isbn(books // 2)
    searches = [f"/buscar/?q={q.replace(' ', '+')}" for q in SEARCHES]
    searches.append(f"/buscar/?q={isbn[:3]}-{isbn[3:4]}-{isbn[4:9]}-{isbn[9:12]}-{isbn[12]}")
    genre = (
        Genre.objects.filter(parent__isnull=False).order_by("pk").first()
        or Genre.objects.order_by("pk").first()
    )
    genre_param = f"genero={genre.slug}&" if genre else ""
    catalog = [
        "/libros/",
        f"/libros/?{genre_param}orden=precio-asc",
        "/libros/?idioma=es&formato=tapa_dura&orden=mas-vendidos",
        "/libros/?orden=novedades&pagina=40",
        "/libros/?precio_min=30&precio_max=60&orden=precio-desc",
    ]
    # Random books that have stock in 5 shops: the product page with the most to show.
    in_five = (
        StockItem.objects.filter(product__isbn__startswith=ISBN_PREFIX)
        .values("product_id")
        .annotate(shops=Count("store_id"))
        .filter(shops__gte=5)
        .values("product_id")
    )
    slugs = list(
        Product.objects.filter(pk__in=in_five).order_by("?").values_list("slug", flat=True)[:20]
    )
    products = [f"/libros/{slug}/" for slug in slugs]
    authors = [
        f"/autores/{slug}/"
        for slug in Author.objects.filter(slug__startswith="seed-")
        .order_by("?")
        .values_list("slug", flat=True)[:10]
    ]
    genres = [
        f"/libros/?genero={slug}"
        for slug in Genre.objects.order_by("pk").values_list("slug", flat=True)[:10]
    ]
    return [
        ("search", "búsqueda (/buscar/?q=…)", searches),
        ("home", "portada (/)", ["/"]),
        ("list", "catálogo (/libros/, página 1 y 2)", ["/libros/", "/libros/?pagina=2"]),
        ("catalog", "catálogo con filtros y orden", catalog),
        ("genre", "género (/libros/?genero=…)", genres),
        ("product", "ficha con stock en 5 tiendas", products),
        ("author", "autor (/autores/<slug>/)", authors),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--books", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per group")
    parser.add_argument("--allow-sqlite", action="store_true")
    args = parser.parse_args()
    engine = settings.DATABASES["default"]["ENGINE"]
    if not engine.endswith("postgresql") and not args.allow_sqlite:
        sys.exit("Este benchmark es para PostgreSQL: define DATABASE_URL.")

    ensure_catalog(args.books)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · commit {commit} · {uptime}")
    setup_test_environment()
    client = Client()
    total = Product.objects.count()
    print(f"{total} productos en {settings.DATABASES['default']['NAME']}")
    print(f"{'':<42}{'p50 ms':>9}{'p95 ms':>9}   objetivo p95")
    for group, label, urls in pages_to_measure(args.books):
        per_url = max(5, args.requests // len(urls))
        pooled: list[float] = []
        worst = (0.0, "")
        for url in urls:
            timings = measure(client, url, per_url)
            pooled += timings
            worst = max(worst, (percentiles(timings)[1], url))
        target = TARGET_SEARCH_P95_MS if group == "search" else TARGET_PAGE_P95_MS
        p50, p95 = percentiles(pooled)
        mark = "ok" if p95 < target else "LENTO"
        print(f"{label:<42}{p50:>9.1f}{p95:>9.1f}   < {target} {mark}", flush=True)
        print(f"{'':<4}peor URL: {worst[1]} (p95 {worst[0]:.1f} ms)")


if __name__ == "__main__":
    main()
