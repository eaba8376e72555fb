"""Redis down (issue #18): every customer gets an answer, no order is duplicated, and every
notification is sent exactly once after Redis is back and the beat jobs ran.

Real parts only: PostgreSQL, a redis-server this test starts on a free port (never the shared
one) and stops while orders are placed, a real Celery worker (in a thread) consuming what was
queued before the outage, and the beat jobs' own functions for the rest.
"""

import shutil
import socket
import subprocess
import time
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import reverse

from config.celery import app as celery_app
from orders.models import Order
from outbox import sms, spine
from outbox.models import Delivery, Notification
from outbox.notifications import pending_notification_ids, send_notification
from tests.conftest import USING_POSTGRES
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not USING_POSTGRES, reason="a worker thread and row locks: PostgreSQL"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
    pytest.mark.django_db(transaction=True),
]

ORDERS_PER_PHASE = 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """A redis-server of this test alone, on a free port, that it may stop and start."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis():
    redis = OwnRedis()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def shop_on_own_redis(own_redis, settings):
    """The cache, the broker and the hand-off as in production, on the test's own Redis."""
    settings.REDIS_URL = own_redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    settings.OUTBOX_INLINE = False
    settings.SMS_BACKEND = "outbox.sms.LocmemBackend"
    saved = {
        key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "broker_write_url")
    }
    celery_app.conf.update(broker_url=own_redis.url, broker_write_url=None, task_always_eager=False)
    celery_app._after_fork()  # forget the pooled connections to the previous broker
    sms.outbox.clear()
    yield own_redis
    celery_app.conf.update(saved)
    celery_app._after_fork()


@pytest.fixture
def book(db):
    store = StoreFactory(slug="miraflores", name="Libros Pepito Miraflores")
    product = ProductFactory(title="Los ríos profundos", price=Decimal("45.90"))
    stock_up(store, product, 50)
    return store, product


def _checkout(client, store, product, n: int):
    """A guest puts the book in the cart and checks out (pickup, pays at the store)."""
    assert client.get(product.get_absolute_url()).status_code == 200
    client.post(reverse("orders:cart_add", args=[product.pk]), {"cantidad": "1"})
    form = client.get(reverse("orders:checkout")).context["form"]
    return client.post(
        reverse("orders:checkout"),
        {
            "name": f"Cliente {n}",
            "email": f"cliente{n}@example.pe",
            "phone": f"987 654 {n:03d}",
            "fulfilment": "pickup",
            "store": store.pk,
            "payment_method": "at_pickup",
            "checkout_token": form.initial["checkout_token"],
            "expected_subtotal": str(form.initial["expected_subtotal"]),
            "region": "Lima",
        },
    )


def test_orders_placed_while_redis_is_stopped_all_answer_and_notify_once(shop_on_own_redis, book):
    redis = shop_on_own_redis
    store, product = book
    answers = []

    def place_orders(phase: str) -> None:
        for _ in range(ORDERS_PER_PHASE):
            n = len(answers)
            response = _checkout(Client(), store, product, n)
            answers.append((phase, n, response.status_code, response.get("Location", "")))

    place_orders("redis up")
    redis.stop()
    place_orders("redis down")
    redis.start()  # empty: what was queued before the outage is lost with it ...
    place_orders("redis back")

    # Every customer got an answer: the tracking page of their own order.
    assert [status for _, _, status, _ in answers] == [302] * (3 * ORDERS_PER_PHASE), answers
    orders = list(Order.objects.all())
    assert len(orders) == 3 * ORDERS_PER_PHASE
    assert sorted(location for *_, location in answers) == sorted(
        order.get_absolute_url() for order in orders
    )
    assert len({order.customer.email for order in orders}) == len(orders)  # none duplicated

    # ... so a worker consumes what is queued now, and the beat jobs deliver the rest, both
    # at once: the row locks must still send each notification once.
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10):
        while spine.sweep(grace_seconds=0):
            pass
        for notification_id in pending_notification_ids(older_than_seconds=0):
            send_notification(notification_id=notification_id)
        time.sleep(1)  # let the worker finish what it took
    connections.close_all()

    assert not Delivery.objects.exclude(status=Delivery.Status.DONE).exists()
    notifications = list(Notification.objects.all())
    assert len(notifications) >= len(orders)  # at least the confirmation of each order
    assert {n.status for n in notifications} == {Notification.Status.SENT}
    assert {n.attempts for n in notifications} == {1}
    sent = [(m.to[0], m.subject) for m in mail.outbox] + [(m.to, m.body) for m in sms.outbox]
    assert len(sent) == len(notifications) == len(set(sent))  # each sent exactly once
    assert {order.customer.email for order in orders} <= {to for to, _ in sent}
