"""The signed links of an order's e-mails and SMS (orders.access), bound in every direction.

Written for the mutants of orders/access.py that the rest of the suite let live (README,
"Mutation testing"): a link opens its own order only, for a limited time, and a browser keeps
the orders it opened by link (the last twenty).
"""

import time

import pytest
from django.conf import settings
from django.core import signing

from orders import access
from tests.factories.orders import OrderFactory

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60


def _token_signed_days_ago(order, days: int, monkeypatch) -> str:
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - days * DAY)
    token = access.token_for(order)
    monkeypatch.setattr(signing.time, "time", real_time)
    return token


def test_the_link_of_one_order_does_not_open_another(client):
    mine, other = OrderFactory(customer=None), OrderFactory(customer=None)

    response = client.get(other.get_absolute_url(), {"t": access.token_for(mine)})

    assert response.status_code == 404
    assert access.SESSION_KEY not in client.session
    # Nor afterwards, without the token: nothing was granted.
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(mine.get_absolute_url()).status_code == 404


def test_the_link_is_the_order_page_on_the_site_with_its_token():
    order = OrderFactory(customer=None)
    token = access.token_for(order)

    assert access.signed_url(order) == f"{settings.SITE_URL}{order.get_absolute_url()}?t={token}"
    assert access.signed_url(order, "pagar/") == (
        f"{settings.SITE_URL}{order.get_absolute_url()}pagar/?t={token}"
    )


def test_a_link_signed_for_something_else_opens_nothing(client):
    """The same number signed by another part of the site (another salt) is not a key."""
    order = OrderFactory(customer=None)
    for token in (signing.dumps(order.number), signing.dumps(order.number, salt="otra.cosa")):
        assert client.get(order.get_absolute_url(), {"t": token}).status_code == 404
    assert access.number_in_token(access.token_for(order)) == order.number


def test_a_link_works_for_120_days_and_not_after(client, monkeypatch):
    order = OrderFactory(customer=None)
    fresh_enough = _token_signed_days_ago(order, 119, monkeypatch)
    too_old = _token_signed_days_ago(order, 121, monkeypatch)

    assert client.get(order.get_absolute_url(), {"t": too_old}).status_code == 404
    assert access.SESSION_KEY not in client.session
    assert client.get(order.get_absolute_url(), {"t": fresh_enough}).status_code == 200


def test_a_token_past_300_characters_is_refused_even_when_signed():
    """Only the first 300 characters are ever read: a huge token costs nothing to refuse."""
    tokens = (signing.dumps("LP-" + "7" * n, salt=access.SALT) for n in range(150, 300))
    token = next(token for token in tokens if len(token) == 301)

    assert signing.loads(token, salt=access.SALT).startswith("LP-")  # a good signature...
    assert access.number_in_token(token) is None  # ...but too long
    assert access.number_in_token("x" * 5000) is None


def test_a_browser_keeps_the_last_twenty_orders_it_opened_by_link(client):
    orders = [OrderFactory(customer=None) for _ in range(21)]
    for order in orders:
        response = client.get(order.get_absolute_url(), {"t": access.token_for(order)})
        assert response.status_code == 200

    assert client.session[access.SESSION_KEY] == [order.number for order in orders[1:]]
    # The first one needs its link again; the other twenty open without it.
    assert client.get(orders[0].get_absolute_url()).status_code == 404
    for order in (orders[1], orders[-1]):
        assert client.get(order.get_absolute_url()).status_code == 200


def test_an_empty_token_opens_nothing(client):
    order = OrderFactory(customer=None)

    assert client.get(order.get_absolute_url(), {"t": ""}).status_code == 404
    assert access.SESSION_KEY not in client.session
