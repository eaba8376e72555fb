"""Many threads racing for the same rows on PostgreSQL: stock never oversells or deadlocks."""

import contextlib
import random
import threading
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Sum

from inventory import stock
from inventory.exceptions import OutOfStock
from inventory.models import Reservation, StockItem
from tests.conftest import USING_POSTGRES
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.race,
    pytest.mark.skipif(not USING_POSTGRES, reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_threads(count: int, work) -> tuple[Counter, list[BaseException]]:
    """Start `count` threads at the same instant; each returns an outcome label."""
    barrier = threading.Barrier(count)
    outcomes: Counter = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()

    def target(n):
        try:
            barrier.wait()
            result = work(n)
            with lock:
                outcomes[result] += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return outcomes, errors


def assert_ledger_matches():
    from django.core.management import call_command

    call_command("check_stock_ledger")  # SystemExit(1) on any difference


def assert_reserved_equals_active_holds():
    for item in StockItem.objects.all():
        held = (
            Reservation.objects.filter(
                store=item.store, product=item.product, state=Reservation.State.ACTIVE
            ).aggregate(total=Sum("quantity"))["total"]
            or 0
        )
        assert item.reserved == held
        assert 0 <= item.reserved <= item.on_hand


@pytest.mark.parametrize("each_wants", [1, 5])
def test_fifty_threads_reserving_the_last_five_copies(each_wants):
    store = StoreFactory()
    product = ProductFactory()
    stock_up(store, product, 5)

    def work(n):
        try:
            stock.reserve([(product, each_wants)], store, f"cart:{n}")
        except OutOfStock:
            return "agotado"
        return "ok"

    outcomes, errors = run_threads(50, work)

    assert errors == []
    assert outcomes["ok"] == 5 // each_wants
    assert outcomes["agotado"] == 50 - 5 // each_wants
    item = StockItem.objects.get()
    assert (item.on_hand, item.reserved) == (5, 5)
    assert Reservation.objects.aggregate(total=Sum("quantity"))["total"] == 5
    assert_reserved_equals_active_holds()
    assert_ledger_matches()


def test_mixed_multi_line_reservations_in_two_stores_never_deadlock():
    stores = [StoreFactory(), StoreFactory()]
    products = [ProductFactory() for _ in range(4)]
    for store in stores:
        for product in products:
            stock_up(store, product, 6)

    def work(n):
        rng = random.Random(n)
        store = stores[n % 2]
        # Lines in random order, so two threads ask for the same rows in opposite orders.
        lines = [
            (product, rng.randint(1, 2)) for product in rng.sample(products, rng.randint(2, 4))
        ]
        try:
            reservations = stock.reserve(lines, store, f"order:{n}")
        except OutOfStock:
            return "agotado"
        if n % 3 == 0:
            stock.release(reservations[0])
        elif n % 3 == 1:
            stock.consume(reservations[-1])
        if n % 5 == 0:
            with contextlib.suppress(OutOfStock):
                stock.record_sale(store, [(rng.choice(products), 1)])
        if n % 7 == 0:
            stock.receive(store, rng.choice(products), 1)
        return "ok"

    outcomes, errors = run_threads(50, work)

    assert errors == [], errors[:3]
    assert outcomes["ok"] > 0
    assert_reserved_equals_active_holds()
    assert_ledger_matches()


def test_expiry_task_racing_reservations_keeps_the_figures_right():
    from datetime import timedelta

    from django.utils import timezone

    store = StoreFactory()
    product = ProductFactory()
    stock_up(store, product, 10)
    for n in range(10):
        stock.reserve([(product, 1)], store, f"cart:old{n}")
    Reservation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    def work(n):
        if n < 3:
            stock.release_expired_reservations()
            return "sweep"
        try:
            stock.reserve([(product, 1)], store, f"cart:{n}")
        except OutOfStock:
            return "agotado"
        return "ok"

    outcomes, errors = run_threads(30, work)

    assert errors == []
    assert outcomes["ok"] == 10
    assert Reservation.objects.filter(state="expired").count() == 10
    assert_reserved_equals_active_holds()
    assert_ledger_matches()
