"""Login rate limits keyed by the real client address: behind our proxies (TRUSTED_PROXY_COUNT)
the address is the one they put in X-Forwarded-For; with no proxy trusted the header, which
anyone can send, is ignored."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings):
    # Three failed logins a minute per address (the real figure is ten): quicker to reach.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    return settings


def attempt(client: Client, email: str, password: str, forwarded_for: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def fail_three_times(email, forwarded_for) -> None:
    for n in range(3):
        attempt(Client(), f"nadie{n}@example.pe", "no-es-la-clave", forwarded_for)


def logs_in(email, forwarded_for) -> bool:
    client = Client()
    attempt(client, email, PASSWORD, forwarded_for)
    return SESSION_KEY in client.session


def test_behind_one_proxy_two_clients_are_limited_separately(user, tight_limits):
    tight_limits.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    fail_three_times(user.email, "203.0.113.5")
    assert not logs_in(user.email, "203.0.113.5")  # this address is limited...
    assert logs_in(user.email, "198.51.100.7")  # ...its neighbour behind the proxy is not
    # What the client itself puts before the proxy's entry changes nothing.
    assert not logs_in(user.email, "10.9.9.9, 203.0.113.5")


def test_with_no_trusted_proxy_a_spoofed_header_is_ignored(user, tight_limits):
    tight_limits.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for n in range(3):
        attempt(Client(), f"nadie{n}@example.pe", "no-es-la-clave", f"192.0.2.{n}")
    # A fresh made-up address does not escape the limit: REMOTE_ADDR is what counts.
    assert not logs_in(user.email, "192.0.2.200")


def test_the_limited_login_says_what_to_do_in_spanish(user, tight_limits):
    fail_three_times(user.email, None)
    response = attempt(Client(), user.email, PASSWORD)
    assert response.status_code in (200, 429)
    assert "intentos" in response.content.decode().lower()


def settings_with(env: dict) -> str:
    """The settings a fresh process reads from these environment variables."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT, "
        "s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    for name in ("DJANGO_TRUSTED_PROXY_COUNT", "DJANGO_TRUSTED_CLIENT_IP_HEADER"):
        if name not in env:
            environment.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_one_environment_variable_sets_the_trusted_proxies():
    assert settings_with({}) == "0 0 None"
    assert settings_with({"DJANGO_TRUSTED_PROXY_COUNT": "1"}) == "1 1 None"
    assert settings_with({"DJANGO_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}) == "0 0 X-Real-IP"
