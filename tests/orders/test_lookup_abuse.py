"""The guest's order lookup: it tells nobody whether a number exists, it is rate-limited per
client and per order number, and a bot that fills its honeypot learns nothing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import abuse
from tests.factories import UserFactory
from tests.factories.orders import OrderFactory

pytestmark = pytest.mark.django_db
URL = reverse("orders:order_lookup")


@pytest.fixture(autouse=True)
def _cache_up():
    abuse._cache_down_until = 0.0
    yield
    abuse._cache_down_until = 0.0


@pytest.fixture
def order(db):
    return OrderFactory(customer=None, contact_email="luis@example.pe")


def look_up(client, number, email, address="198.51.100.30", **extra):
    data = {"number": number, "email": email, **extra}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, data, REMOTE_ADDR=address)
    # The session and the honeypot aside, what the lookup itself asked the database.
    lookups = [q["sql"] for q in queries.captured_queries if "orders_order" in q["sql"]]
    return response, lookups


def page_shape(response) -> str:
    """The page without what differs by itself: what was typed, and the CSRF tokens."""
    text = re.sub(r'value="[^"]*"', 'value=""', response.content.decode())
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", text)


def test_a_wrong_email_and_an_unknown_number_get_the_same_answer_the_same_way(client, order):
    wrong_email, wrong_email_queries = look_up(client, order.number, "otra@example.pe")
    unknown, unknown_queries = look_up(client, "LP-2026-999999", "luis@example.pe")

    assert wrong_email.status_code == unknown.status_code == 200
    assert page_shape(wrong_email) == page_shape(unknown)
    assert "No encontramos un pedido con ese número y ese correo" in unknown.content.decode()
    # One query each, number and e-mail together: no "this number exists" step to time.
    assert len(wrong_email_queries) == len(unknown_queries) == 1
    # And the order's page answers 404 to both, the same as for no order at all.
    assert client.get(order.get_absolute_url()).status_code == 404
    assert client.get(reverse("orders:order_detail", args=["LP-2026-999999"])).status_code == 404

    found, _ = look_up(client, order.number.lower(), "LUIS@example.pe")
    assert found.status_code == 302


def test_the_lookup_is_limited_per_address_with_a_spanish_429(client, order, settings):
    settings.ABUSE_RATE_LIMITS = {"order_lookup": "3/10m"}
    for n in range(3):
        response, _ = look_up(client, f"LP-2026-{n:06d}", "x@example.pe")
        assert response.status_code == 200

    refused, queries = look_up(client, order.number, "luis@example.pe")
    assert refused.status_code == 429
    assert "Recibimos demasiados intentos seguidos" in refused.content.decode()
    assert queries == []  # not even looked at
    assert client.get(order.get_absolute_url()).status_code == 404  # and no access granted

    # Another address is not held back by this one; a logged-in customer has their own count.
    other, _ = look_up(client, order.number, "luis@example.pe", address="198.51.100.31")
    assert other.status_code == 302
    client.force_login(UserFactory())
    mine, _ = look_up(client, "LP-2026-000001", "x@example.pe")
    assert mine.status_code == 200


def test_one_number_tried_from_many_addresses_is_limited_too(client, order, settings):
    settings.ABUSE_RATE_LIMITS = {"order_lookup": "100/10m", "order_lookup_number": "3/h"}
    for n in range(3):
        response, _ = look_up(client, order.number, f"intento{n}@example.pe", f"198.51.100.{n}")
        assert response.status_code == 200
    refused, _ = look_up(client, order.number, "luis@example.pe", "198.51.100.99")
    assert refused.status_code == 429
    # Other numbers are not affected.
    unaffected, _ = look_up(client, "LP-2026-000777", "luis@example.pe", "198.51.100.98")
    assert unaffected.status_code == 200


def test_a_bot_filling_the_honeypot_gets_the_not_found_answer_and_no_access(client, order):
    page = client.get(URL).content.decode()
    assert 'name="sitio_web"' in page and "hp-row" in page

    bot, _ = look_up(client, order.number, "luis@example.pe", sitio_web="http://spam.example")
    unknown, _ = look_up(client, "LP-2026-999999", "luis@example.pe")

    assert bot.status_code == 200
    assert page_shape(bot) == page_shape(unknown)
    assert client.get(order.get_absolute_url()).status_code == 404


def test_with_the_cache_down_the_lookup_still_answers(client, order, settings):
    from tests.accounts.test_abuse import DEAD_REDIS

    settings.CACHES = DEAD_REDIS
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    found, _ = look_up(client, order.number, "luis@example.pe")
    assert found.status_code == 302
