"""Many threads racing on one account on PostgreSQL: a point is never lost, doubled or overdrawn."""

import threading
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from loyalty import earning, nightly, services
from loyalty.exceptions import LoyaltyError
from loyalty.models import PointsEntry, Redemption
from tests.conftest import USING_POSTGRES
from tests.factories import CustomerFactory, ProductFactory
from tests.loyalty.helpers import assert_reconciles, give_points, ledger_sum, order_payload

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


def test_fifty_redemptions_of_100_on_a_balance_of_300():
    customer = CustomerFactory()
    account = give_points(customer, 300)

    def work(n):
        try:
            services.reserve(
                customer=customer,
                order_id=1000 + n,
                order_number=f"LP-{n}",
                payable=Decimal("50.00"),
                points=100,
            )
        except LoyaltyError:
            return "refused"
        return "reserved"

    outcomes, errors = run_threads(50, work)
    assert errors == []
    assert outcomes == Counter(reserved=3, refused=47)
    account = assert_reconciles(account)
    assert account.points_balance == 0
    assert ledger_sum(account) == 0
    assert Redemption.objects.count() == 3


def test_ten_deliveries_of_the_same_order_event_earn_once():
    customer = CustomerFactory()  # no account yet: the threads race to create it too
    book = ProductFactory()
    payload = order_payload(77, customer, [(book, 2, "90.00")])

    def work(n):
        return len(earning.earn_for_order(payload))

    outcomes, errors = run_threads(10, work)
    assert errors == []
    assert outcomes == Counter({1: 1, 0: 9})
    account = assert_reconciles(services.account_for(customer))
    assert account.points_balance == 90
    assert account.spend_12m == Decimal("90.00")
    assert PointsEntry.objects.filter(kind="earn").count() == 1


def test_earn_expiry_return_and_redemptions_racing_on_one_account():
    customer = CustomerFactory()
    books = [ProductFactory() for _ in range(3)]
    account = give_points(customer, 500, expires_at=timezone.now() - timedelta(minutes=1))
    give_points(customer, 400)
    # order 1: already delivered, half paid with 200 points; it comes back while the rest runs
    services.reserve(
        customer=customer, order_id=1, order_number="LP-1", payable=Decimal("100"), points=200
    )
    paid_one = order_payload(
        1, customer, [(books[0], 1, "50.00"), (books[1], 1, "50.00")], points_value="10.00"
    )
    earning.pend_for_order(paid_one)
    earning.earn_for_order(paid_one)
    returned = order_payload(1, customer, [(books[0], 1, "50.00")], return_id=9)
    delivered = order_payload(2, customer, [(books[2], 3, "120.00")])

    def work(n):
        kind = n % 4
        if kind == 0:
            earning.earn_for_order(delivered)
        elif kind == 1:
            nightly.expire_points()
        elif kind == 2:
            earning.return_lines(returned)
        else:
            try:
                services.reserve(
                    customer=customer,
                    order_id=100 + n,
                    order_number=f"LP-{n}",
                    payable=Decimal("20.00"),
                    points=100,
                )
            except LoyaltyError:
                return "refused"
        return kind

    outcomes, errors = run_threads(16, work)
    assert errors == []
    account = assert_reconciles(account)
    assert PointsEntry.objects.filter(kind="expire").count() == 1
    assert PointsEntry.objects.filter(kind="earn", order_id=2).count() == 1
    assert PointsEntry.objects.filter(kind="give_back").count() == 1
    assert PointsEntry.objects.filter(kind="reverse").count() == 1
