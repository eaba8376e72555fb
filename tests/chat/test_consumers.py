"""The chat over real websockets: config.asgi.application (origin check, session auth, routing)
and the channel layer in use (in-memory by default, Redis in CI)."""

import json
import time
import types

import pytest
from asgiref.sync import sync_to_async
from django.test import override_settings

from chat import access, assignment, messaging
from chat.models import Conversation, Message
from core import abuse
from tests.chat.conftest import (
    a_logged_in,
    a_online,
    a_visitor,
    drain,
    receive_until,
    refusal_code,
    socket,
)
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
    pytest.mark.usefixtures("strict_async", "close_db_threads"),
]


async def connect(communicator):
    connected, code = await communicator.connect()
    assert connected, code
    hello = await communicator.receive_json_from()
    assert hello["type"] == "hello"
    return hello


async def test_customer_and_clerk_talk_with_cards_and_a_payment_request(rosa, book):
    await a_online(rosa)
    browser, conversation_id = await a_visitor("Luis")
    customer = socket("/ws/chat/", browser)
    hello = await connect(customer)
    assert hello["conversation"]["clerk"] == "Rosa"
    history = await drain(customer)
    assert any(
        f["message"]["text"] == "Te atiende Rosa, de Libros Pepito Miraflores." for f in history
    )

    clerk = socket("/ws/tienda/chat/", await a_logged_in(rosa))
    await connect(clerk)
    await clerk.send_json_to({"type": "open", "conversation": conversation_id})
    assert (await receive_until(clerk, "opened"))["conversation"]["name"] == "Luis"
    await drain(clerk)

    await customer.send_json_to(
        {"type": "message", "text": "<b>Hola</b>, ¿tienen Arguedas?", "ref": "a1"}
    )
    assert (await receive_until(customer, "ack"))["ref"] == "a1"
    got = await receive_until(clerk, "message", sender="customer")
    assert got["message"]["text"] == "<b>Hola</b>, ¿tienen Arguedas?"  # escaped by the client

    await customer.send_json_to({"type": "typing"})
    typing = await receive_until(clerk, "typing")
    assert typing["by"] == "customer"

    await clerk.send_json_to({"type": "message", "conversation": conversation_id, "text": "¡Sí!"})
    reply = await receive_until(customer, "message", sender="clerk")
    assert reply["message"]["author"] == "Rosa"

    await customer.send_json_to({"type": "seen", "up_to": reply["message"]["id"]})
    receipt = await receive_until(clerk, "receipt")
    assert receipt["by"] == "customer" and receipt["read"] is True

    await clerk.send_json_to({"type": "card", "conversation": conversation_id, "product": book.pk})
    card = await receive_until(customer, "message", kind="product_card")
    assert card["message"]["payload"]["title"] == "Los ríos profundos"

    await clerk.send_json_to({"type": "payment_request", "conversation": conversation_id})
    refused = await receive_until(clerk, "error")
    assert refused["code"] == "empty_cart"

    await clerk.send_json_to(
        {"type": "cart_add", "conversation": conversation_id, "product": book.pk, "quantity": 1}
    )
    assert (await receive_until(clerk, "cart"))["cart"]["subtotal"] == "S/ 45.90"
    await clerk.send_json_to({"type": "payment_request", "conversation": conversation_id})
    request = await receive_until(customer, "message", kind="payment_request")
    assert request["message"]["payload"]["pay_url"] == "/chat/pagar/"

    await clerk.send_json_to({"type": "close", "conversation": conversation_id})
    state = await receive_until(customer, "state")
    assert state["conversation"]["state"] == "closed"
    await customer.send_json_to({"type": "rate", "rating": 5, "comment": "Muy amable"})
    await receive_until(customer, "state")
    conversation = await Conversation.objects.aget(pk=conversation_id)
    assert conversation.rating == 5

    await customer.disconnect()
    await clerk.disconnect()


async def test_reconnect_catches_up_in_order_without_loss_or_duplicates(rosa):
    await a_online(rosa)
    browser, conversation_id = await a_visitor()
    customer = socket("/ws/chat/", browser)
    await connect(customer)
    seen = [f["message"]["id"] for f in await drain(customer)]
    last = seen[-1]
    await customer.disconnect()

    # While the customer is away, the clerk writes three messages.
    for text in ("uno", "dos", "tres"):
        await sync_to_async(messaging.clerk_send)(
            user=rosa, conversation_id=conversation_id, text=text
        )

    again = socket(f"/ws/chat/?after={last}", browser)
    await connect(again)
    missed = [f["message"] for f in await drain(again) if f["type"] == "message"]
    assert [m["text"] for m in missed] == ["uno", "dos", "tres"]
    assert [m["id"] for m in missed] == sorted(m["id"] for m in missed)

    # Asking again for everything sends nothing twice on the same socket, and live ones flow.
    await again.send_json_to({"type": "sync", "after": last})
    assert [f for f in await drain(again) if f["type"] == "message"] == []
    await sync_to_async(messaging.clerk_send)(
        user=rosa, conversation_id=conversation_id, text="cuatro"
    )
    live = await receive_until(again, "message")
    assert live["message"]["text"] == "cuatro"
    assert [f for f in await drain(again) if f["type"] == "message"] == []
    await again.disconnect()


async def test_a_customer_cannot_join_someone_elses_conversation(rosa):
    _, others = await a_visitor("Otra persona")
    browser, mine = await a_visitor("Luis")

    intruder = socket(f"/ws/chat/?conversation={others}", browser)
    assert await refusal_code(intruder) == 4403

    # No session at all (or one whose conversation is gone): 4401, the widget offers a new one.
    stranger = socket("/ws/chat/")
    assert await refusal_code(stranger) == 4401

    # A logged-in account cannot take over a browser's conversation either.
    owner = await sync_to_async(UserFactory)()
    conversation = await Conversation.objects.aget(pk=mine)
    conversation.customer = await sync_to_async(lambda: owner.customer)()
    await conversation.asave()
    other_account = await a_logged_in(await sync_to_async(UserFactory)())

    def plant_token():  # the other account's browser somehow holds this conversation's token
        session = other_account.session
        session[access.SESSION_KEY] = conversation.visitor_token
        session.save()

    await sync_to_async(plant_token)()
    hijack = socket("/ws/chat/", other_account)
    assert await refusal_code(hijack) == 4403


async def test_clerks_only_reach_their_stores_conversations(rosa, jorge, miraflores):
    from tests.factories import CustomerFactory

    customer = await sync_to_async(CustomerFactory)(preferred_store=miraflores)
    conversation = await sync_to_async(assignment.start_conversation)(
        name="Luis", customer=customer
    )

    anonymous = socket("/ws/tienda/chat/")
    assert await refusal_code(anonymous) == 4401

    not_staff = socket("/ws/tienda/chat/", await a_logged_in(await sync_to_async(UserFactory)()))
    assert await refusal_code(not_staff) == 4403

    other_store = socket("/ws/tienda/chat/", await a_logged_in(jorge))
    await connect(other_store)
    await other_store.send_json_to({"type": "open", "conversation": conversation.pk})
    closed = await other_store.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": 4403}

    own_store = socket("/ws/tienda/chat/", await a_logged_in(rosa))
    await connect(own_store)
    await own_store.send_json_to({"type": "open", "conversation": conversation.pk})
    assert (await receive_until(own_store, "opened"))["conversation"]["id"] == conversation.pk
    await own_store.disconnect()


async def test_bad_frames_get_error_frames_and_nothing_is_stored(rosa):
    browser, conversation_id = await a_visitor()
    customer = socket("/ws/chat/", browser)
    await connect(customer)
    await drain(customer)
    before = await Message.objects.filter(conversation_id=conversation_id).acount()

    bad = [
        "{esto no es json",
        "[1, 2]",
        json.dumps({"text": "sin tipo"}),
        json.dumps({"type": "borrar_todo"}),
        json.dumps({"type": "message", "text": ""}),
        json.dumps({"type": "message", "text": "   "}),
        json.dumps({"type": "message", "text": {"html": "<script>"}}),
        json.dumps({"type": "message", "text": "x" * 10_000}),
        json.dumps({"type": "seen", "up_to": "abc"}),
        json.dumps({"type": "address", "address": "no es un formulario"}),
        json.dumps({"type": "rate", "rating": 9}),
        "x" * 50_000,
    ]
    codes = []
    for text in bad:
        await customer.send_to(text_data=text)
        frame = await customer.receive_json_from(timeout=3)
        assert frame["type"] == "error" and frame["error"]
        codes.append(frame["code"])

    assert codes[:4] == ["malformed", "malformed", "malformed", "unknown_type"]
    assert "too_long" in codes and "empty" in codes and "too_large" in codes
    assert await Message.objects.filter(conversation_id=conversation_id).acount() == before
    # Still alive.
    await customer.send_json_to({"type": "message", "text": "hola"})
    assert (await receive_until(customer, "ack"))["id"]
    await customer.disconnect()


@override_settings(CHAT_RATE_LIMIT=8)
async def test_a_flood_of_100_messages_is_rate_limited_and_the_socket_survives(monkeypatch):
    # The limit counts in fixed windows: hold the clock inside one, or a flood that crosses a
    # window's end lets twice the limit through and the count below would be a matter of luck.
    window_start = (int(time.time()) // 100_000 + 1) * 100_000
    clock = types.SimpleNamespace(time=lambda: window_start + 1, monotonic=time.monotonic)
    monkeypatch.setattr(abuse, "time", clock)  # chat.ratelimit counts with core.abuse.hit
    browser, conversation_id = await a_visitor()
    customer = socket("/ws/chat/", browser)
    await connect(customer)
    await drain(customer)

    for n in range(100):
        await customer.send_json_to({"type": "message", "text": f"spam {n}"})
    frames = await drain(customer, timeout=1)

    errors = [f for f in frames if f["type"] == "error"]
    assert len(errors) == 92 and {e["code"] for e in errors} == {"rate_limited"}
    assert "muy rápido" in errors[0]["error"]
    stored = await Message.objects.filter(
        conversation_id=conversation_id, sender="customer"
    ).acount()
    assert stored == 8
    await customer.disconnect()


async def test_the_helper_answers_while_nobody_is_free_and_hands_over_in_one_tap(rosa, book):
    browser, conversation_id = await a_visitor()
    customer = socket("/ws/chat/", browser)
    await connect(customer)
    await drain(customer)

    await customer.send_json_to({"type": "helper"})
    greeting = await receive_until(customer, "message", sender="bot")
    assert greeting["message"]["payload"]["label"] == "Asistente automático"
    await customer.send_json_to({"type": "message", "text": "Los ríos profundos"})
    answer = await receive_until(customer, "message", sender="bot")
    assert "S/ 45.90" in answer["message"]["text"]
    assert answer["message"]["payload"]["actions"] == ["human"]

    await a_online(rosa)  # routes the waiting conversation to Rosa
    state = await receive_until(customer, "state")
    assert state["conversation"]["clerk"] == "Rosa" and state["conversation"]["helper"] is False
    await drain(customer)
    await customer.send_json_to({"type": "message", "text": "Los ríos profundos"})
    frames = await drain(customer, timeout=0.5)
    assert not [f for f in frames if f["type"] == "message" and f["message"]["sender"] == "bot"]
    await customer.disconnect()


async def test_transfer_moves_the_conversation_and_the_customer_sees_who(rosa, jorge, miraflores):
    await a_online(rosa)
    browser, conversation_id = await a_visitor()
    customer = socket("/ws/chat/", browser)
    await connect(customer)
    await drain(customer)
    clerk = socket("/ws/tienda/chat/", await a_logged_in(rosa))
    await connect(clerk)

    await clerk.send_json_to({"type": "transfer", "conversation": conversation_id, "to": jorge.pk})

    notice = await receive_until(customer, "message", sender="system")
    assert notice["message"]["text"] == "Ahora te atiende Jorge, de Libros Pepito San Isidro."
    state = await receive_until(customer, "state")
    assert state["conversation"]["clerk"] == "Jorge"
    # The conversation now belongs to San Isidro: Rosa's socket is closed if she insists.
    await drain(clerk)
    await clerk.send_json_to({"type": "message", "conversation": conversation_id, "text": "x"})
    assert await clerk.receive_output(timeout=3) == {"type": "websocket.close", "code": 4403}
    await customer.disconnect()


async def test_a_customer_message_reaches_only_the_assigned_clerks_inbox(rosa, miraflores):
    from accounts.roles import Role

    colleague = await sync_to_async(UserFactory)(role=Role.CLERK, store=miraflores)
    await a_online(rosa)
    browser, conversation_id = await a_visitor()
    customer = socket("/ws/chat/", browser)
    await connect(customer)
    mine = socket("/ws/tienda/chat/", await a_logged_in(rosa))
    await connect(mine)
    other = socket("/ws/tienda/chat/", await a_logged_in(colleague))
    await connect(other)

    await customer.send_json_to({"type": "message", "text": "hola"})

    # Rosa's inbox follows the conversation it holds without opening it (its unread count),
    # with one frame per message: no extra "inbox" push.
    frame = await receive_until(mine, "message", sender="customer")
    assert frame["message"]["text"] == "hola"
    assert not [f for f in await drain(mine) if f["type"] == "inbox"]
    assert not [f for f in await drain(other) if f["type"] in ("message", "inbox")]
    for communicator in (customer, mine, other):
        await communicator.disconnect()


async def test_a_conversation_routed_later_reaches_the_inbox_that_was_already_open(
    rosa, miraflores
):
    inbox = socket("/ws/tienda/chat/", await a_logged_in(rosa))
    await connect(inbox)
    browser, conversation_id = await a_visitor()  # nobody online: it waits
    customer = socket("/ws/chat/", browser)
    await connect(customer)

    await a_online(rosa)  # Rosa switches on: the waiting conversation is routed to her
    assigned = await receive_until(inbox, "assigned")
    assert assigned["conversation"] == conversation_id
    await drain(inbox)
    await customer.send_json_to({"type": "message", "text": "¿Tienen Rayuela?"})

    frame = await receive_until(inbox, "message", sender="customer")
    assert frame["message"]["text"] == "¿Tienen Rayuela?"
    for communicator in (customer, inbox):
        await communicator.disconnect()


async def test_what_the_customer_adds_from_a_card_reaches_the_clerks_cart_box(
    rosa, miraflores, book
):
    from django.urls import reverse

    await a_online(rosa)
    browser, conversation_id = await a_visitor()
    inbox = socket("/ws/tienda/chat/", await a_logged_in(rosa))
    await connect(inbox)
    await inbox.send_json_to({"type": "open", "conversation": conversation_id})
    await drain(inbox)

    response = await sync_to_async(browser.post)(
        reverse("orders:cart_add", args=[book.pk]),
        {"cantidad": "2"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200
    frame = await receive_until(inbox, "cart")
    assert frame["conversation"] == conversation_id
    assert frame["cart"]["count"] == 2 and frame["cart"]["lines"][0]["quantity"] == 2
    await inbox.disconnect()
