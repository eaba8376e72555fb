"""Inventory benchmark: reservations per second under contention, and availability_many.

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/estante_bench \
        .venv/bin/python bench/inventory.py

Needs PostgreSQL (row locks are what is measured). It works in a scratch database: the one in
DATABASE_URL when its name contains "bench", else "<name>_bench" on the same server. That
database is created when missing, migrated, and filled with its own data (20 stores, 5,000
products, 100,000 stock rows, plus their ledger rows); a second run reuses it. Prints:
  - reservations/second when 16 threads, then 4 processes, reserve and release the same one
    (or five) rows at once, each reservation of one or two lines in its own transaction;
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


def scratch_database(url: str) -> str:
    """The scratch database's URL: DATABASE_URL itself when its name says "bench", else a
    sibling "<name>_bench" on the same server (never the real data). Created when missing."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        name = f"{name}_bench"
        parts = parts._replace(path=f"/{name}")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return parts.geturl()


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


def _process_worker(n, store_id, product_ids, stop, results):
    from django.db import connection

    from catalog.models import Product
    from inventory import stock
    from inventory.exceptions import OutOfStock
    from inventory.models import Store

    connection.close()  # never share the parent's socket
    store = Store.objects.get(pk=store_id)
    products = list(Product.objects.filter(pk__in=product_ids))
    rng = random.Random(n)
    ok = out = 0
    while time.time() < stop:
        lines = [(rng.choice(products), 1)]
        if rng.random() < 0.5:
            lines.append((rng.choice(products), 1))
        try:
            reservations = stock.reserve(lines, store, f"cart:benchp{n}")
        except OutOfStock:
            out += 1
            continue
        ok += 1
        for reservation in reservations:
            stock.release(reservation)
    connection.close()
    results.put((ok, out))


def bench_reservations_processes(processes: int, seconds: float, hot_rows: int):
    """Like bench_reservations, with processes (as gunicorn/Celery workers are): no GIL."""
    import multiprocessing

    from django.db import connection

    from catalog.models import Product
    from inventory.models import Store

    store = Store.objects.get(slug="bench-00")
    ids = list(
        Product.objects.filter(slug__startswith="bench-libro-")
        .order_by("pk")
        .values_list("pk", flat=True)[:hot_rows]
    )
    connection.close()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    started = time.time()
    stop = started + 1.0 + seconds  # a second to start them all
    workers = [
        context.Process(target=_process_worker, args=(n, store.pk, ids, stop, results))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    totals = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    ok = sum(t[0] for t in totals)
    out = sum(t[1] for t in totals)
    return ok / (time.time() - started - 1.0), ok, out


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
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench/inventory.py needs PostgreSQL: set DATABASE_URL to a scratch database,")
        print("e.g. postgres://postgres@127.0.0.1:5432/estante_bench (it is created if missing).")
        return
    os.environ["DATABASE_URL"] = scratch_database(url)
    print(f"scratch database: {urlparse(os.environ['DATABASE_URL']).path.lstrip('/')}")
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
    for hot in (1, 5):
        rate, ok, out = bench_reservations_processes(args.processes, args.seconds, hot)
        print(
            f"reserve+release, {args.processes} processes on {hot} hot row(s): "
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
