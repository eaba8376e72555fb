"""'Avísame cuando llegue' against abuse: a limit per client (429 with the form and a Spanish
message, by htmx too) and a honeypot (the usual confirmation, nothing stored)."""

import pytest
from django.urls import reverse

from core import abuse
from inventory.models import BackInStockRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    abuse._cache_down_until = 0.0
    settings.ABUSE_RATE_LIMITS = {"back_in_stock": "3/h"}
    yield
    abuse._cache_down_until = 0.0


def ask(client, product, email, address="198.51.100.40", **extra):
    return client.post(
        reverse("inventory:back_in_stock", args=[product.pk]),
        {"email": email, **extra},
        HTTP_HX_REQUEST="true",
        REMOTE_ADDR=address,
    )


def test_a_flood_from_one_address_is_refused_with_a_spanish_429_and_stores_nothing(client, product):
    for n in range(3):
        assert ask(client, product, f"ana{n}@example.pe").status_code == 200

    refused = ask(client, product, "flood@example.pe")

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Recibimos demasiados intentos seguidos" in html
    assert "<form" in html and "<html" not in html  # the htmx partial, with its form
    assert BackInStockRequest.objects.count() == 3
    # Without htmx: the full page, also 429.
    plain = client.post(
        reverse("inventory:back_in_stock", args=[product.pk]),
        {"email": "flood@example.pe"},
        REMOTE_ADDR="198.51.100.40",
    )
    assert plain.status_code == 429 and "<html" in plain.content.decode()


def test_the_limit_is_per_address_and_per_account(client, product):
    for n in range(3):
        ask(client, product, f"ana{n}@example.pe")
    assert ask(client, product, "ana9@example.pe").status_code == 429

    assert ask(client, product, "otra@example.pe", address="198.51.100.41").status_code == 200
    client.force_login(UserFactory())  # a customer behind the same address: their own count
    assert ask(client, product, "cliente@example.pe").status_code == 200


def test_a_bot_filling_the_honeypot_sees_the_confirmation_and_nothing_is_stored(client, product):
    form = client.get(product.get_absolute_url()).content.decode()
    assert 'name="sitio_web"' in form and 'class="hp-field"' in form

    bot = ask(client, product, "bot@example.pe", sitio_web="http://spam.example")

    assert bot.status_code == 200
    assert "te escribiremos a <strong>bot@example.pe</strong>" in bot.content.decode()
    assert not BackInStockRequest.objects.exists()
