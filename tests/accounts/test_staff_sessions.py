"""Staff sessions end after STAFF_SESSION_IDLE_SECONDS without a request; customers keep
Django's two-week session."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db


def idle_for(client, seconds: int) -> None:
    """As if the last request of this session was `seconds` ago."""
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_a_staff_session_ends_after_thirty_idle_minutes(clerk_client, settings):
    assert settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60
    stock = reverse("staff:stock")
    assert clerk_client.get(stock).status_code == 200
    assert clerk_client.session.get_expiry_age() <= 31 * 60

    idle_for(clerk_client, 29 * 60)
    assert clerk_client.get(stock).status_code == 200  # still there, and the clock restarts
    assert clerk_client.session[LAST_SEEN_KEY] >= int(time.time()) - 1

    idle_for(clerk_client, 31 * 60)
    response = clerk_client.get(stock, follow=True)
    assert SESSION_KEY not in clerk_client.session
    assert response.redirect_chain[-1][0].startswith(reverse("account_login") + "?next=")
    assert "sin actividad" in response.content.decode()


def test_a_customer_session_does_not_end_after_idle_minutes(client, user):
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    assert LAST_SEEN_KEY not in client.session
    idle_for(client, 24 * 60 * 60)
    client.get(reverse("home"))
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.session.get_expiry_age() > 7 * 24 * 60 * 60


def test_the_idle_time_is_a_setting(clerk_client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 5 * 60
    clerk_client.get(reverse("staff:stock"))
    idle_for(clerk_client, 6 * 60)
    clerk_client.post(reverse("staff:stock"))
    assert SESSION_KEY not in clerk_client.session


def test_an_htmx_request_of_an_idle_session_reloads_the_whole_page(clerk_client):
    clerk_client.get(reverse("staff:stock"))
    idle_for(clerk_client, 31 * 60)
    response = clerk_client.get(reverse("staff:stock"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("account_login"))
