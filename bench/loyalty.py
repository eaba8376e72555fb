"""Club Pepito benchmark: redemptions per second on one hot account, and the reconciler's time
over 1,000,000 ledger rows.

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/estante_bench \\
        .venv/bin/python bench/loyalty.py [--threads 16] [--processes 4] [--seconds 10]

Needs PostgreSQL (the account's row lock is what is measured). Works in a scratch database:
the one in DATABASE_URL when its name contains "bench", else "<name>_bench" on the same server
(created when missing, migrated). The first run bulk-inserts 10,000 accounts with 100 ledger
rows each (1,000,000 PointsEntry rows, their lots, balances that agree); later runs reuse them.
Prints:
  - reserve + release of 100 points on ONE account, from threads then processes (each pair is
    two transactions under that account's row lock, four ledger rows);
  - the reconciler (loyalty.reconcile.differences: every balance against its ledger sums) over
    all the ledger rows, and how many differences it found (0 expected).
It prints; it asserts nothing.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

ACCOUNTS = 10_000
ROWS_PER_ACCOUNT = 100  # 1,000,000 ledger rows
HOT_BALANCE = 50_000_000


def scratch_database(url: str) -> str:
    """DATABASE_URL itself when its name says "bench", else a sibling "<name>_bench"."""
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


def build_ledger(out) -> None:
    """10,000 accounts x 100 rows: 50 earns of 10 points and 50 redemptions of 5, one lot each
    holding the 250 left, balance 250: everything agrees."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from crm.models import Customer
    from loyalty.models import LoyaltyAccount, PointsEntry, PointsLot

    if LoyaltyAccount.objects.filter(number__startswith="BENCH-").count() >= ACCOUNTS:
        out.write("Reusing the benchmark ledger already in the database.\n")
        return
    started = time.perf_counter()
    expires = timezone.now() + timedelta(days=365)
    for start in range(0, ACCOUNTS, 1000):
        with transaction.atomic():
            customers = Customer.objects.bulk_create(
                [Customer(name=f"Socio bench {n}") for n in range(start, start + 1000)]
            )
            accounts = LoyaltyAccount.objects.bulk_create(
                [
                    LoyaltyAccount(
                        customer=customer, number=f"BENCH-{customer.pk:08d}", points_balance=250
                    )
                    for customer in customers
                ]
            )
            entries = []
            for account in accounts:
                for n in range(ROWS_PER_ACCOUNT):
                    earn = n % 2 == 0
                    entries.append(
                        PointsEntry(
                            account=account,
                            kind="earn" if earn else "redeem",
                            points=10 if earn else -5,
                            source=f"bench:{account.pk}:{n}",
                            order_id=account.pk * 1000 + n // 2,
                            expires_at=expires if earn else None,
                        )
                    )
            created = PointsEntry.objects.bulk_create(entries, batch_size=10_000)
            first_earn = {e.account_id: e for e in reversed(created) if e.points > 0}
            PointsLot.objects.bulk_create(
                [
                    PointsLot(
                        account=account,
                        entry=first_earn[account.pk],
                        points=500,
                        remaining=250,
                        expires_at=expires,
                    )
                    for account in accounts
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out.write(
        f"Built {ACCOUNTS:,} accounts and {ACCOUNTS * ROWS_PER_ACCOUNT:,} ledger rows in "
        f"{time.perf_counter() - started:.1f} s.\n"
    )


def hot_account():
    from django.db import transaction

    from crm.models import Customer
    from loyalty import services
    from loyalty.models import PointsEntry

    customer, _ = Customer.objects.get_or_create(name="Socio muy activo (bench)", dni="99999999")
    account = services.account_for(customer)
    if account.points_balance < HOT_BALANCE // 2:
        with transaction.atomic():
            locked = services.lock(account.pk)
            services._credit(
                locked,
                HOT_BALANCE,
                kind=PointsEntry.Kind.ADJUST,
                source=f"bench:hot:{PointsEntry.objects.count()}",
            )
    return customer


def _redeem_loop(customer, first_order: int, stop: float) -> tuple[int, int]:
    from decimal import Decimal

    from loyalty import services
    from loyalty.exceptions import LoyaltyError

    ok = refused = 0
    order_id = first_order
    while time.perf_counter() < stop:
        order_id += 1
        try:
            services.reserve(
                customer=customer,
                order_id=order_id,
                order_number=f"B-{order_id}",
                payable=Decimal("100.00"),
                points=100,
            )
        except LoyaltyError:
            refused += 1
            continue
        services.release(order_id=order_id)
        ok += 1
    return ok, refused


def _next_order_base() -> int:
    from django.db.models import Max

    from loyalty.models import Redemption

    return (Redemption.objects.aggregate(top=Max("order_id"))["top"] or 10**9) + 1


def bench_threads(customer, threads: int, seconds: float) -> tuple[float, int, int]:
    from django.db import connection

    base = _next_order_base()
    totals = {"ok": 0, "refused": 0}
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    stop_at = [0.0]

    def worker(n):
        try:
            barrier.wait()
            ok, refused = _redeem_loop(customer, base + n * 10_000_000, stop_at[0])
            with lock:
                totals["ok"] += ok
                totals["refused"] += refused
        finally:
            connection.close()

    stop_at[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return totals["ok"] / (time.perf_counter() - started), totals["ok"], totals["refused"]


def _process_worker(n, customer_id, base, seconds, results):
    from django.db import connection

    from crm.models import Customer

    connection.close()  # never share the parent's socket
    customer = Customer.objects.get(pk=customer_id)
    results.put(_redeem_loop(customer, base + n * 10_000_000, time.perf_counter() + seconds))
    connection.close()


def bench_processes(customer, processes: int, seconds: float) -> tuple[float, int, int]:
    import multiprocessing

    from django.db import connection

    base = _next_order_base()
    connection.close()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    started = time.perf_counter()
    workers = [
        context.Process(target=_process_worker, args=(n, customer.pk, base, seconds, results))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    totals = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    ok = sum(t[0] for t in totals)
    return ok / (time.perf_counter() - started), ok, sum(t[1] for t in totals)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench/loyalty.py needs PostgreSQL: set DATABASE_URL to a scratch database,")
        print("e.g. postgres://postgres@127.0.0.1:5432/estante_bench (it is created if missing).")
        return
    os.environ["DATABASE_URL"] = scratch_database(url)
    print(f"scratch database: {urlparse(os.environ['DATABASE_URL']).path.lstrip('/')}")
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build_ledger(sys.stdout)

    from loyalty.models import PointsEntry
    from loyalty.reconcile import differences

    customer = hot_account()
    rate, ok, refused = bench_threads(customer, args.threads, args.seconds)
    print(
        f"reserve+release of 100 points on one account, {args.threads} threads: "
        f"{rate:,.0f} redemptions/s ({ok:,} done, {refused} refused) in {args.seconds:.0f} s"
    )
    rate, ok, refused = bench_processes(customer, args.processes, args.seconds)
    print(
        f"reserve+release of 100 points on one account, {args.processes} processes: "
        f"{rate:,.0f} redemptions/s ({ok:,} done, {refused} refused) in {args.seconds:.0f} s"
    )
    rows = PointsEntry.objects.count()
    for attempt in (1, 2):
        started = time.perf_counter()
        found, checked = differences()
        elapsed = time.perf_counter() - started
        print(
            f"reconciler (run {attempt}): {checked:,} accounts, {rows:,} ledger rows in "
            f"{elapsed:.2f} s, {len(found)} differences"
        )


if __name__ == "__main__":
    main()
