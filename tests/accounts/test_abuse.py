"""Abuse limits (core.abuse) and the real client address (core.net), then sign-up's limit and
honeypot (allauth's, configured in settings and accounts.signup)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from core import abuse
from core.net import client_ip, rate_key_ip
from tests.factories import UserFactory
from tests.factories.accounts import PASSWORD

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1: refused at once
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture(autouse=True)
def _cache_up():
    abuse._cache_down_until = 0.0  # a previous test may have left the limits "off"
    yield
    abuse._cache_down_until = 0.0


def request_from(remote="203.0.113.7", forwarded=None, user=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().post("/", **extra)
    if user is not None:
        request.user = user
    return request


# core.net.client_ip
# ------------------------------------------------------------------------------


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_saw_counts_and_a_forged_prefix_does_not(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4"; nginx appended the address it saw.
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.9")) == "198.51.100.9"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.9, 10.0.0.1")) == (
        "198.51.100.9"
    )


def test_fewer_hops_than_proxies_garbage_and_ports_never_break_it(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", "198.51.100.9")) == "198.51.100.9"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", "no-es-una-ip")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", " , ")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", "198.51.100.9:5123")) == "198.51.100.9"
    assert client_ip(request_from("10.0.0.2", "[2001:db8::5]:443")) == "2001:db8::5"
    assert client_ip(request_from("basura")) == "0.0.0.0"


def test_a_trusted_client_ip_header_wins_when_configured(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "CF-Connecting-IP"
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_CF_CONNECTING_IP="198.51.100.4"
    )
    assert client_ip(request) == "198.51.100.4"


def test_ipv6_clients_are_counted_per_64():
    assert rate_key_ip("2001:db8:1:2:aaaa::1") == rate_key_ip("2001:db8:1:2:bbbb::9")
    assert rate_key_ip("2001:db8:1:3::1") != rate_key_ip("2001:db8:1:2::1")
    assert rate_key_ip("203.0.113.7") == "203.0.113.7"


# core.abuse
# ------------------------------------------------------------------------------


def test_rates_are_parsed_and_a_bad_one_says_how_to_write_it():
    assert abuse.parse_rate("10/h") == (10, 3600)
    assert abuse.parse_rate("5/10m") == (5, 600)
    with pytest.raises(ValueError, match="10/h"):
        abuse.parse_rate("diez por hora")


@pytest.mark.django_db
def test_visitors_count_per_address_and_accounts_per_account(settings):
    settings.ABUSE_RATE_LIMITS = {"prueba": "2/h"}
    settings.TRUSTED_PROXY_COUNT = 1
    first = request_from("10.0.0.2", "198.51.100.1")
    assert abuse.allow(first, "prueba") and abuse.allow(first, "prueba")
    assert not abuse.allow(first, "prueba")
    # Another address has its own count; a forged X-Forwarded-For prefix changes nothing.
    assert abuse.allow(request_from("10.0.0.2", "198.51.100.2"), "prueba")
    assert not abuse.allow(request_from("10.0.0.2", "9.9.9.9, 198.51.100.1"), "prueba")
    # A customer who logs in from that same address has an allowance of their own.
    user = UserFactory()
    logged_in = request_from("10.0.0.2", "198.51.100.1", user=user)
    assert abuse.allow(logged_in, "prueba") and abuse.allow(logged_in, "prueba")
    assert not abuse.allow(logged_in, "prueba")
    # An action without a rate is not limited.
    assert all(abuse.allow(first, "sin-tasa") for _ in range(5))


def test_with_the_cache_down_the_limits_fail_open_and_back_off(settings):
    settings.ABUSE_RATE_LIMITS = {"prueba": "1/h"}
    settings.CACHES = DEAD_REDIS
    request = request_from()
    assert all(abuse.allow(request, "prueba") for _ in range(5))
    assert abuse._cache_down_until > 0  # the next hits do not wait for a dead Redis


# Sign-up: allauth's limit and honeypot
# ------------------------------------------------------------------------------


def sign_up(client, email, **extra):
    return client.post(
        reverse("account_signup"),
        {
            "name": "Rosa Quispe",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
        **{"REMOTE_ADDR": "198.51.100.20"},
    )


@pytest.mark.django_db
def test_signup_is_rate_limited_per_address_with_a_spanish_429(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    for n in range(3):
        assert sign_up(client, f"nueva{n}@example.pe").status_code == 302
    refused = sign_up(client, "nueva9@example.pe")

    assert refused.status_code == 429
    assert "Demasiados intentos seguidos" in refused.content.decode()
    assert not User.objects.filter(email="nueva9@example.pe").exists()
    # Another address signs up normally.
    other = client.post(
        reverse("account_signup"),
        {
            "name": "Ana",
            "email": "ana@example.pe",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        REMOTE_ADDR="198.51.100.21",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_bot_filling_the_signup_honeypot_sees_the_usual_page_and_no_account_exists(client):
    form_page = client.get(reverse("account_signup")).content.decode()
    assert 'name="sitio_web"' in form_page
    assert 'class="hp-field"' in form_page and "right: -99999px" not in form_page  # no inline CSS

    human = sign_up(client, "persona@example.pe")
    bot = sign_up(client, "bot@example.pe", sitio_web="https://spam.example")

    assert bot.status_code == human.status_code == 302
    assert bot["Location"] == human["Location"]
    assert User.objects.filter(email="persona@example.pe").exists()
    assert not User.objects.filter(email="bot@example.pe").exists()
