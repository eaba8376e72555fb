"""Starting a chat against abuse: new conversations are limited per client (a JSON 429 with a
Spanish message, shown by chat-widget.js), and a bot that fills the honeypot gets the usual
answer while nothing is written. Returning to one's open conversation is never limited."""

import pytest
from django.test import Client
from django.urls import reverse

from chat.models import Conversation
from core import abuse
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("chat:start")


@pytest.fixture(autouse=True)
def _limits(settings):
    abuse._cache_down_until = 0.0
    settings.ABUSE_RATE_LIMITS = {"chat_start": "2/h"}
    yield
    abuse._cache_down_until = 0.0


def start(client, address="198.51.100.50", **data):
    return client.post(URL, {"name": "Luis", **data}, REMOTE_ADDR=address)


def test_new_conversations_from_one_address_are_limited_with_a_spanish_429():
    for _ in range(2):
        assert start(Client()).status_code == 201  # a new browser each time: a new chat

    refused = start(Client())

    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert "Recibimos demasiados intentos seguidos" in refused.json()["error"]
    assert Conversation.objects.count() == 2
    # Another address starts normally.
    assert start(Client(), address="198.51.100.51").status_code == 201


def test_going_back_to_ones_open_conversation_is_not_counted():
    browser = Client()
    first = start(browser).json()["conversation"]
    for _ in range(5):
        again = start(browser)
        assert again.status_code == 200 and again.json()["conversation"] == first


def test_a_logged_in_customer_has_a_count_of_their_own():
    for _ in range(2):
        start(Client())
    assert start(Client()).status_code == 429

    customer = Client()
    customer.force_login(UserFactory())
    assert start(customer).status_code == 201


def test_a_bot_filling_the_honeypot_gets_the_usual_answer_and_nothing_is_written():
    page = Client().get("/").content.decode()
    assert 'name="sitio_web"' in page

    bot = Client()
    response = start(bot, sitio_web="http://spam.example")

    assert response.status_code == 201 and isinstance(response.json()["conversation"], int)
    assert not Conversation.objects.exists()
    assert "chat_token" not in bot.session
