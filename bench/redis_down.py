"""Page latency with Redis up and with Redis down, in the same run (issue #18: down <= 2x up).

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/estante \
        .venv/bin/python bench/redis_down.py [--requests 100]

Starts its own redis-server on a free port (never the shared one) and points the cache, the
Celery broker and the channel layer at it, as production does (OUTBOX_INLINE off: every order
hands its events and notifications to the broker). Measures home, list, product and checkout
(a guest's order POST, each a new customer) through Django's full stack, stops that Redis,
measures again, and prints p50/p95 per page and the down/up ratio of the p95, plus the orders
placed and answered. Works in a scratch database ("<name>_bench" beside DATABASE_URL's, or a
SQLite file under /tmp without DATABASE_URL).
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")  # measured as production runs
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("SMS_BACKEND", "outbox.sms.LocmemBackend")
os.environ.setdefault("LOG_LEVEL", "ERROR")
os.environ["OUTBOX_INLINE"] = "false"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return process
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def setup_django(database_url: str, redis_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["REDIS_URL"] = redis_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(copies: int):
    from decimal import Decimal

    from catalog.models import Product
    from catalog.services import save_product
    from inventory.models import Store
    from inventory.stock import receive

    store, _ = Store.objects.get_or_create(
        slug="bench-redis",
        defaults={
            "name": "Libros Pepito Bench Redis",
            "address": "Av. Bench 2",
            "district": "Lima",
            "city": "Lima",
            "region": "Lima",
        },
    )
    books = list(Product.objects.filter(slug__startswith="bench-redis-").order_by("pk"))
    if not books:
        books = [
            save_product(
                product=Product(
                    title=f"Libro de prueba {n}", slug=f"bench-redis-{n}", price=Decimal("39.90")
                ),
                authors=[],
            )
            for n in range(20)
        ]
    for book in books:
        receive(store, book, copies, None)
    return store, books


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def checkout(store, book):
    from django.test import Client

    client = Client()
    client.post(f"/carrito/agregar/{book.pk}/", {"cantidad": "1"})
    form = client.get("/checkout/").context["form"]
    n = uuid.uuid4().int % 1_000_000
    data = {
        "name": "Cliente Bench",
        "email": f"bench{n}@example.pe",
        "phone": f"987 {n // 1000:03d} {n % 1000:03d}",
        "fulfilment": "pickup",
        "store": store.pk,
        "payment_method": "at_pickup",
        "checkout_token": form.initial["checkout_token"],
        "expected_subtotal": str(form.initial["expected_subtotal"]),
        "region": "Lima",
    }
    return timed(lambda: client.post("/checkout/", data))


def measure(store, books, requests: int) -> tuple[dict, int]:
    from django.test import Client

    client = Client()
    pages = {
        "home": lambda i: timed(lambda: client.get("/")),
        "list": lambda i: timed(lambda: client.get("/libros/")),
        "product": lambda i: timed(lambda: client.get(books[i % len(books)].get_absolute_url())),
        "checkout": lambda i: checkout(store, books[i % len(books)]),
    }
    figures, answered = {}, 0
    for name, request in pages.items():
        timings = []
        for i in range(requests):
            ms, response = request(i)
            timings.append(ms)
            ok = (200,) if name != "checkout" else (302,)
            if response.status_code not in ok:
                raise SystemExit(f"{name}: HTTP {response.status_code}")
            answered += name == "checkout"
        timings.sort()
        figures[name] = (statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)])
    return figures, answered


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is needed (it starts its own on a free port).")
    port = free_port()
    redis = start_redis(port)
    try:
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            from bench.inventory import scratch_database

            database = scratch_database(url)
        else:
            database = f"sqlite:///{tempfile.gettempdir()}/estante_bench_redis_down.sqlite3"
        setup_django(database, f"redis://127.0.0.1:{port}/0")
        from django.test.utils import setup_test_environment

        from orders.models import Order

        setup_test_environment()
        store, books = build(copies=args.requests * 3)
        measure(store, books, 3)  # warm up: imports, templates, connections
        before = Order.objects.count()
        up, answered_up = measure(store, books, args.requests)
        redis.terminate()
        redis.wait(timeout=10)
        down, answered_down = measure(store, books, args.requests)

        from django.test import Client

        health_ms, health = timed(lambda: Client().get("/healthz"))
        placed = Order.objects.count() - before
    finally:
        if redis.poll() is None:
            redis.terminate()
            redis.wait(timeout=10)

    print(f"{args.requests} requests per page and phase; milliseconds")
    print(f"{'page':<10}{'up p50':>9}{'up p95':>9}{'down p50':>10}{'down p95':>10}{'ratio':>8}")
    for name in up:
        ratio = down[name][1] / up[name][1]
        print(
            f"{name:<10}{up[name][0]:>9.1f}{up[name][1]:>9.1f}"
            f"{down[name][0]:>10.1f}{down[name][1]:>10.1f}{ratio:>7.2f}x"
        )
    print(
        f"orders placed {placed}, answered {answered_up + answered_down} "
        f"(up {answered_up}, down {answered_down})"
    )
    print(f"/healthz with Redis down: HTTP {health.status_code} in {health_ms:.0f} ms")
    print(f"  {health.content.decode()}")


if __name__ == "__main__":
    main()
