"""A real local Stripe for the tests: a `localstripe` server started once per session.

Import the fixtures you need into the test module:
`from tests.orders.stripe_fixtures import localstripe, stripe_settings  # noqa: F401`.

localstripe keeps webhook endpoints for its whole life; the `stripe_webhook` fixture points the
endpoint at this test's live server and points it back at a closed port afterwards, so tests
without it never receive deliveries (as if the webhook were lost).
"""

import hashlib
import hmac
import json
import shutil
import socket
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest

from orders import cart as carts
from orders import checkout, payments
from tests.factories import StoreFactory
from tests.factories.catalog import ProductFactory
from tests.factories.inventory import stock_up

SECRET_KEY = "sk_test_estante_local"
PUBLISHABLE_KEY = "pk_test_estante_local"
WEBHOOK_SECRET = "whsec_estante_local_test"
WEBHOOK_ID = "estante"
CARD = {"number": "4242424242424242", "exp_month": "12", "exp_year": "2034", "cvc": "123"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _executable() -> str:
    beside_python = Path(sys.executable).with_name("localstripe")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("localstripe")
    if found is None:
        pytest.fail("localstripe is not installed: run `make test` (pip install '.[test]')")
    return found


def register_webhook(base: str, url: str) -> None:
    data = urlencode({"url": url, "secret": WEBHOOK_SECRET}).encode()
    with urlopen(Request(f"{base}/_config/webhooks/{WEBHOOK_ID}", data=data), timeout=5):
        pass


def _nowhere() -> str:
    return f"http://127.0.0.1:{_free_port()}/nowhere/"


@pytest.fixture(scope="session")
def localstripe():
    """The base URL of a localstripe server running for the whole session."""
    port = _free_port()
    process = subprocess.Popen(
        [_executable(), "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urlopen(f"{base}/js.stripe.com/v3/", timeout=1) as response:
                if response.status == 200:
                    break
        except (URLError, ConnectionError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"localstripe did not start on port {port}")
        time.sleep(0.1)
    register_webhook(base, _nowhere())
    yield base
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def stripe_settings(settings, localstripe):
    """Stripe enabled and pointed at localstripe for this test."""
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe
    settings.STRIPE_JS_URL = f"{localstripe}/js.stripe.com/v3/"
    settings.STRIPE_ENABLED = True
    return settings


@pytest.fixture
def fresh_stripe(stripe_settings, localstripe):
    """An empty localstripe for this test: reconciliation lists every charge Stripe holds, and
    the earlier tests' charges (for order numbers this test's database reuses) would show."""
    with urlopen(Request(f"{localstripe}/_config/data", method="DELETE"), timeout=5):
        pass
    register_webhook(localstripe, _nowhere())
    return stripe_settings


@pytest.fixture
def stripe_webhook(stripe_settings, live_server, localstripe):
    """localstripe delivers its events to this test's live server (about 1 s after each)."""
    register_webhook(localstripe, f"{live_server.url}/pagos/stripe/webhook/")
    yield f"{live_server.url}/pagos/stripe/webhook/"
    register_webhook(localstripe, _nowhere())
    # localstripe posts the other events of a payment (charge.succeeded...) a moment after the
    # one a test waited for. Let the live server finish them before the test's flush: with
    # SQLite in memory it shares this test's connection, and a webhook still in its
    # transaction made the flush fail ("cannot start a transaction within a transaction"),
    # leaving every row of the test to the tests after it.
    _settle_webhooks()


def _settle_webhooks(*, quiet: float = 2.0, limit: float = 20.0) -> None:
    """Wait until no Stripe event has been recorded for `quiet` seconds (at most `limit`)."""
    from orders.models import StripeEvent

    deadline = time.monotonic() + limit
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = StripeEvent.objects.count()
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


# Helpers
# ------------------------------------------------------------------------------


def card_order(*, customer, store=None, price=Decimal("45.90"), quantity=2):
    """A web card order waiting for its payment, placed through checkout like the site does."""
    store = store or StoreFactory()
    book = ProductFactory(title="Los ríos profundos", price=price)
    stock_up(store, book, 5)
    cart = carts.cart_for_customer(customer)
    carts.add_to_cart(cart=cart, product=book, quantity=quantity)
    return checkout.place_order(
        cart=cart,
        contact=checkout.Contact(name="Rosa Quispe", email="rosa@example.pe", phone="+51987654321"),
        fulfilment="pickup",
        payment_method="card",
        channel="web",
        checkout_token=uuid.uuid4().hex,
        expected_subtotal=None,
        store=store,
        customer=customer,
    )


def pay_with_card(order) -> str:
    """Charge the order's PaymentIntent with the 4242 test card, as the pay page does."""
    payments.create_payment_intent(order)
    token = payments.client().tokens.create(params={"card": dict(CARD)})
    result = payments.attach_test_card(order, token=token.id)
    assert result["status"] == "succeeded", result
    order.refresh_from_db()
    return order.stripe_payment_intent


def succeeded_event(intent_id: str, *, timeout: float = 10.0) -> bytes:
    """The JSON of localstripe's payment_intent.succeeded event for this PaymentIntent, as
    localstripe would deliver it."""
    from django.conf import settings

    query = urlencode({"type": "payment_intent.succeeded", "limit": 1000})
    request = Request(
        f"{settings.STRIPE_API_BASE}/v1/events?{query}",
        headers={"Authorization": f"Bearer {SECRET_KEY}"},
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urlopen(request, timeout=5) as response:
            events = json.load(response)["data"]
        for event in events:
            if event["data"]["object"]["id"] == intent_id:
                return json.dumps(event, indent=2, sort_keys=True).encode()
        time.sleep(0.1)
    raise AssertionError(f"no payment_intent.succeeded event for {intent_id}")


def signature_header(payload: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None):
    timestamp = int(time.time()) if at is None else at
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_webhook(client, payload: bytes, *, secret: str = WEBHOOK_SECRET):
    return client.post(
        "/pagos/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload, secret=secret),
    )


def wait_for(condition, *, timeout: float = 15.0, interval: float = 0.1):
    """Poll until condition() is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
