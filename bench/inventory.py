"""Inventory benchmark: reservations per second under contention, and availability_many.

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/estante_bench \
        .venv/bin/python bench/inventory.py

Needs PostgreSQL (row locks are what is measured). The database named in DATABASE_URL is a
scratch one: it must have "bench" in its name, it is created when missing, migrated, and filled
with its own data (20 stores, 5,000 products, 100,000 stock rows, plus their ledger rows). A
second run reuses that data. Prints:
  - reservations/second when THREADS threads reserve and release the same few rows at once;
  - p50/p95 of availability_many() for a page of 24 random products.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

STORES = 20
PRODUCTS = 5_000  # x 20 stores = 100,000 stock rows


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to fill '{name}': use a scratch database with 'bench' in its name.")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def build_data(out) -> None:
    from decimal import Decimal

    from catalog.models import Product
    from inventory.models import StockItem, StockMovement, Store

    if Store.objects.filter(slug__startswith="bench-").count() >= STORES:
        out.write("Reusing the benchmark data already in the database.\n")
        return
    started = time.perf_counter()
    stores = Store.objects.bulk_create(
        [
            Store(
                name=f"Libros Pepito Bench {n:02d}",
                slug=f"bench-{n:02d}",
                kind=Store.Kind.STORE,
                address=f"Av. Bench {n}",
                district="Lima",
                city="Lima",
                region="Lima",
            )
            for n in range(STORES)
        ]
    )
    rng = random.Random(42)
    for start in range(0, PRODUCTS, 1000):
        products = Product.objects.bulk_create(
            [
                Product(
                    title=f"Libro de benchmark {n}",
                    slug=f"bench-libro-{n}",
                    price=Decimal("39.90"),
                    isbn=f"979{n:010d}",
                )
                for n in range(start, min(start + 1000, PRODUCTS))
            ]
        )
        items, movements = [], []
        for product in products:
            for store in stores:
                on_hand = rng.choice([0, 0, 1, 2, 3, 5, 8, 13])
                items.append(StockItem(store=store, product=product, on_hand=on_hand))
                if on_hand:
                    movements.append(
                        StockMovement(
                            store=store,
                            product=product,
                            kind=StockMovement.Kind.RECEIPT,
                            on_hand_delta=on_hand,
                            reason="bench",
                        )
                    )
        StockItem.objects.bulk_create(items, batch_size=5000)
        StockMovement.objects.bulk_create(movements, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out.write(
        f"Built {STORES} stores, {PRODUCTS:,} products, {STORES * PRODUCTS:,} stock rows "
        f"in {time.perf_counter() - started:.1f} s.\n"
    )


def bench_reservations(threads: int, seconds: float, hot_rows: int) -> tuple[float, int, int]:
    """Threads reserve 1 copy of one of `hot_rows` products (plus a second line half the time)
    at one store, then release it: every reservation fights for the same row locks."""
    from django.db import connection

    from catalog.models import Product
    from inventory import stock
    from inventory.exceptions import OutOfStock
    from inventory.models import Store

    store = Store.objects.get(slug="bench-00")
    products = list(
        Product.objects.filter(slug__startswith="bench-libro-").order_by("pk")[:hot_rows]
    )
    for product in products:
        stock.receive(store, product, 10_000)
    done = {"ok": 0, "out": 0}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    barrier = threading.Barrier(threads)

    def worker(n):
        rng = random.Random(n)
        ok = out = 0
        try:
            barrier.wait()
            while time.perf_counter() < stop:
                lines = [(rng.choice(products), 1)]
                if rng.random() < 0.5:
                    lines.append((rng.choice(products), 1))
                try:
                    reservations = stock.reserve(lines, store, f"cart:bench{n}")
                except OutOfStock:
                    out += 1
                    continue
                ok += 1
                for reservation in reservations:
                    stock.release(reservation)
        finally:
            connection.close()
            with lock:
                done["ok"] += ok
                done["out"] += out

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    return done["ok"] / elapsed, done["ok"], done["out"]


def bench_availability(requests: int) -> tuple[float, float]:
    from catalog.models import Product
    from inventory.selectors import availability_many

    ids = list(Product.objects.filter(slug__startswith="bench-libro-").values_list("pk", flat=True))
    rng = random.Random(7)
    for _ in range(20):  # warm up
        availability_many(rng.sample(ids, 24))
    timings = []
    for _ in range(requests):
        page = rng.sample(ids, 24)
        started = time.perf_counter()
        result = availability_many(page)
        timings.append((time.perf_counter() - started) * 1000)
        assert len(result) == 24 and all(len(v) >= STORES for v in result.values())
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench/inventory.py needs PostgreSQL: set DATABASE_URL to a scratch database,")
        print("e.g. postgres://postgres@127.0.0.1:5432/estante_bench (it is created if missing).")
        return
    ensure_database(url)
    os.environ.pop("REDIS_URL", None)  # alerts, if any, are sent in-process

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build_data(sys.stdout)

    from inventory.models import StockItem

    print(f"stock rows: {StockItem.objects.count():,}")
    for hot in (1, 5):
        rate, ok, out = bench_reservations(args.threads, args.seconds, hot)
        print(
            f"reserve+release, {args.threads} threads on {hot} hot row(s): "
            f"{rate:,.0f} reservations/s ({ok:,} reserved, {out} refused) in {args.seconds:.0f} s"
        )
    p50, p95 = bench_availability(args.requests)
    print(
        f"availability_many(24 products, {STORES} stores): p50 {p50:.2f} ms, p95 {p95:.2f} ms "
        f"({args.requests} calls)"
    )
    from django.core.management import call_command as run

    run("check_stock_ledger")


if __name__ == "__main__":
    main()
