"""The chat's rate limits for every role and every path that counts (issue #20): the customer's
messages, address answers and follow-ups per conversation; the clerk's messages and canned
answers per clerk, across conversations. At the limit a message passes; one more is refused
with the Spanish error (code "rate_limited"), over the socket as an error frame."""

import time
import types

import pytest
from django.test import override_settings

from chat import assignment, followups, messaging, selling
from chat.exceptions import ChatError
from chat.models import CannedAnswer, FollowUp, Message
from core import abuse
from tests.chat.conftest import a_logged_in, a_online, a_visitor, drain, receive_until, socket

LIMIT = 3
TOO_FAST = "Estás enviando mensajes muy rápido. Espera unos segundos e inténtalo otra vez."


@pytest.fixture(autouse=True)
def _one_window(monkeypatch):
    """Hold core.abuse's clock inside one fixed window: a count that crossed a window's end
    would let twice the limit through."""
    start = (int(time.time()) // 100_000 + 1) * 100_000
    monkeypatch.setattr(
        abuse, "time", types.SimpleNamespace(time=lambda: start + 1, monotonic=time.monotonic)
    )
    abuse._cache_down_until = 0.0


@pytest.fixture
def _tight(settings):
    settings.CHAT_RATE_LIMIT = LIMIT


def _refused(call) -> ChatError:
    with pytest.raises(ChatError) as refused:
        call()
    assert refused.value.code == "rate_limited"
    assert refused.value.message == TOO_FAST
    return refused.value


ADDRESS = {
    "street": "Av. Larco 345",
    "district": "miraflores",
    "reference": "",
    "phone": "987 654 321",
    "email": "luis@example.pe",
}


@pytest.mark.django_db
@pytest.mark.usefixtures("_tight")
class TestCustomer:
    def test_messages(self):
        conversation = assignment.start_conversation(name="Luis")
        for n in range(LIMIT):
            messaging.customer_send(conversation_id=conversation.pk, text=f"m{n}")
        _refused(lambda: messaging.customer_send(conversation_id=conversation.pk, text="uno más"))
        assert conversation.messages.filter(sender="customer").count() == LIMIT

    def test_address_answers_count_with_the_messages(self, rosa):
        conversation = assignment.start_conversation(name="Luis")
        assignment.take(user=rosa, conversation_id=conversation.pk)
        for n in range(LIMIT - 1):
            messaging.customer_send(conversation_id=conversation.pk, text=f"m{n}")
        selling.answer_address(conversation_id=conversation.pk, data=ADDRESS)  # the limit
        _refused(lambda: selling.answer_address(conversation_id=conversation.pk, data=ADDRESS))

    def test_follow_ups_of_a_conversation(self):
        conversation = assignment.start_conversation(name="Luis")
        for n in range(LIMIT):
            followups.leave_message(
                conversation_id=conversation.pk, name="Luis", email="l@example.pe", text=f"{n}"
            )
        _refused(
            lambda: followups.leave_message(
                conversation_id=conversation.pk, name="Luis", email="l@example.pe", text="más"
            )
        )
        assert FollowUp.objects.count() == LIMIT

    def test_one_conversation_does_not_use_up_anothers(self):
        first = assignment.start_conversation(name="Luis")
        second = assignment.start_conversation(name="Ana")
        for n in range(LIMIT):
            messaging.customer_send(conversation_id=first.pk, text=f"m{n}")
        messaging.customer_send(conversation_id=second.pk, text="hola")


@pytest.mark.django_db
@pytest.mark.usefixtures("_tight")
class TestClerk:
    def _taken(self, rosa, name="Luis"):
        conversation = assignment.start_conversation(name=name)
        assignment.take(user=rosa, conversation_id=conversation.pk)
        return conversation

    def test_messages(self, rosa):
        conversation = self._taken(rosa)
        before = Message.objects.filter(sender="clerk").count()
        for n in range(LIMIT):
            messaging.clerk_send(user=rosa, conversation_id=conversation.pk, text=f"r{n}")
        _refused(lambda: messaging.clerk_send(user=rosa, conversation_id=conversation.pk, text="x"))
        assert Message.objects.filter(sender="clerk").count() == before + LIMIT

    def test_canned_answers_count_with_the_messages(self, rosa):
        conversation = self._taken(rosa)
        canned = CannedAnswer.objects.create(title="Saludo", text="Hola {nombre}")
        for n in range(LIMIT - 1):
            messaging.clerk_send(user=rosa, conversation_id=conversation.pk, text=f"r{n}")
        messaging.send_canned(user=rosa, conversation_id=conversation.pk, canned_id=canned.pk)
        _refused(
            lambda: messaging.send_canned(
                user=rosa, conversation_id=conversation.pk, canned_id=canned.pk
            )
        )

    def test_the_clerks_limit_spans_their_conversations(self, rosa, miraflores):
        first, second = self._taken(rosa, "Luis"), self._taken(rosa, "Ana")
        for n in range(LIMIT):
            messaging.clerk_send(user=rosa, conversation_id=first.pk, text=f"r{n}")
        _refused(lambda: messaging.clerk_send(user=rosa, conversation_id=second.pk, text="x"))

    def test_a_colleague_has_a_count_of_their_own(self, rosa, miraflores):
        from accounts.roles import Role
        from tests.factories import UserFactory

        ana = UserFactory(first_name="Ana", role=Role.CLERK, store=miraflores)
        first, second = self._taken(rosa, "Luis"), self._taken(ana, "Pedro")
        for n in range(LIMIT):
            messaging.clerk_send(user=rosa, conversation_id=first.pk, text=f"r{n}")
        messaging.clerk_send(user=ana, conversation_id=second.pk, text="hola")

    def test_the_customers_flood_does_not_silence_the_clerk(self, rosa):
        conversation = self._taken(rosa)
        for n in range(LIMIT):
            messaging.customer_send(conversation_id=conversation.pk, text=f"m{n}")
        messaging.clerk_send(user=rosa, conversation_id=conversation.pk, text="¿En qué te ayudo?")


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
@pytest.mark.usefixtures("strict_async", "close_db_threads")
@override_settings(CHAT_RATE_LIMIT=LIMIT)
async def test_the_clerks_socket_answers_an_error_frame_past_the_limit(rosa):
    await a_online(rosa)
    _, conversation_id = await a_visitor("Luis")  # routed to Rosa, who is online
    clerk = socket("/ws/tienda/chat/", await a_logged_in(rosa))
    connected, code = await clerk.connect()
    assert connected, code
    await clerk.send_json_to({"type": "open", "conversation": conversation_id})
    await receive_until(clerk, "opened")
    await drain(clerk)

    for n in range(LIMIT + 1):
        await clerk.send_json_to(
            {"type": "message", "conversation": conversation_id, "text": f"r{n}"}
        )
    frames = await drain(clerk, timeout=1)

    errors = [f for f in frames if f["type"] == "error"]
    assert [e["code"] for e in errors] == ["rate_limited"]
    assert errors[0]["error"] == TOO_FAST
    await clerk.disconnect()
