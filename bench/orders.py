"""Orders benchmark: checkouts per second on PostgreSQL, and the queries of cart and checkout.

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/estante \
        .venv/bin/python bench/orders.py [--threads 8] [--orders 400]

Works in a scratch database ("<name>_bench" beside the one in DATABASE_URL, or DATABASE_URL
itself when its name contains "bench"), migrated and filled with its own store, books and
customers. Prints:
  - checkouts/second when N threads place pickup orders at once through place_order (each a full
    transaction: cart re-read, stock reserved under row locks, order numbered, lines, event and
    notification written), spread over 50 books;
  - the same with every thread buying the same book (the hottest row);
  - the SQL queries of /carrito/ and /checkout/ with 1 and with 20 lines in the cart.
"""

import argparse
import os
import sys
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Measure the checkout, not the console printing hundreds of e-mails and SMS.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("SMS_BACKEND", "outbox.sms.LocmemBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from bench.inventory import scratch_database  # noqa: E402


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(copies: int):
    from catalog.models import Product
    from catalog.services import save_product
    from crm.models import Customer
    from inventory.models import Store
    from inventory.stock import receive

    store, _ = Store.objects.get_or_create(
        slug="bench-orders",
        defaults={
            "name": "Libros Pepito Bench Pedidos",
            "address": "Av. Bench 1",
            "district": "Lima",
            "city": "Lima",
            "region": "Lima",
        },
    )
    books = list(Product.objects.filter(slug__startswith="bench-orders-").order_by("pk"))
    if not books:
        books = [
            save_product(
                product=Product(
                    title=f"Bench orders {n}", slug=f"bench-orders-{n}", price=Decimal("39.90")
                ),
                authors=[],
            )
            for n in range(50)
        ]
    for book in books:
        receive(store, book, copies, None)
    customers = list(Customer.objects.filter(email__endswith="@bench.pe").order_by("pk"))
    missing = 64 - len(customers)
    if missing > 0:
        customers += Customer.objects.bulk_create(
            Customer(name=f"Bench {n}", email=f"bench{n}-{uuid.uuid4().hex[:6]}@bench.pe")
            for n in range(missing)
        )
    return store, books, customers


def run_checkouts(store, books, customers, *, threads: int, orders: int, same_book: bool):
    from django.db import connection

    from orders import cart as carts
    from orders import checkout

    per_thread = orders // threads
    barrier = threading.Barrier(threads)
    errors = []

    def worker(n):
        try:
            customer = customers[n]
            barrier.wait()
            for i in range(per_thread):
                book = books[0] if same_book else books[(n * per_thread + i) % len(books)]
                cart = carts.cart_for_customer(customer)
                carts.add_to_cart(cart=cart, product=book)
                checkout.place_order(
                    cart=cart,
                    contact=checkout.Contact(customer.name, customer.email, "+51987654321"),
                    fulfilment="pickup",
                    payment_method="at_pickup",
                    channel="web",
                    checkout_token=uuid.uuid4().hex,
                    expected_subtotal=None,
                    store=store,
                    customer=customer,
                )
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        print(f"  {len(errors)} errors, first: {errors[0]!r}")
    return per_thread * threads / elapsed


def page_queries(books, customers):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from accounts.models import User
    from orders import cart as carts

    setup_test_environment()
    user, _ = User.objects.get_or_create(email="bench-orders@bench.pe")
    customer = customers[-1]
    customer.user = user
    customer.save(update_fields=["user"])
    client = Client()
    client.force_login(user)
    results = {}
    for lines in (1, 20):
        cart = carts.cart_for_customer(customer)
        cart.lines.all().delete()
        for book in books[:lines]:
            carts.add_to_cart(cart=cart, product=book)
        for url in ("/carrito/", "/checkout/"):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            results[(url, lines)] = len(queries)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--orders", type=int, default=400)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server: row locks are what is measured.")
    setup_django(scratch_database(url))
    store, books, customers = build(copies=args.orders * 2)

    print(f"{args.threads} threads, {args.orders} pickup orders each run")
    rate = run_checkouts(
        store, books, customers, threads=args.threads, orders=args.orders, same_book=False
    )
    print(f"  checkouts/second, 50 books:        {rate:8.1f}")
    rate = run_checkouts(
        store, books, customers, threads=args.threads, orders=args.orders, same_book=True
    )
    print(f"  checkouts/second, all one book:    {rate:8.1f}")
    print("SQL queries per page (cart lines: 1 → 20)")
    counts = page_queries(books, customers)
    for url in ("/carrito/", "/checkout/"):
        print(f"  {url:<12} {counts[(url, 1)]:>3} → {counts[(url, 20)]:>3}")


if __name__ == "__main__":
    main()
