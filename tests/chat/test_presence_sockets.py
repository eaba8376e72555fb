"""Clerk presence over real websockets (config.asgi.application): several tabs of one clerk,
the heartbeat frame, the switch reaching every tab."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from chat import assignment, presence
from chat.models import ClerkPresence, ClerkSocket, Conversation
from tests.chat.conftest import a_logged_in, drain, receive_until, socket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.asyncio,
    pytest.mark.usefixtures("strict_async", "close_db_threads"),
]


async def open_tab(client):
    tab = socket("/ws/tienda/chat/", client)
    connected, code = await tab.connect()
    assert connected, code
    hello = await tab.receive_json_from()
    assert hello["type"] == "hello"
    return tab, hello


is_online = sync_to_async(presence.is_online)
start_conversation = sync_to_async(assignment.start_conversation)


async def assigned_clerk_id(conversation_id):
    return (await Conversation.objects.aget(pk=conversation_id)).assigned_clerk_id


async def test_closing_one_of_two_tabs_keeps_the_clerk_online_closing_both_does_not(rosa):
    client = await a_logged_in(rosa)
    first, hello = await open_tab(client)
    assert hello["presence"] == {"online": False}
    await first.send_json_to({"type": "presence", "online": True})
    assert (await receive_until(first, "presence"))["online"] is True
    second, hello = await open_tab(client)
    assert hello["presence"] == {"online": True}  # the server's switch, shown by the new tab
    assert await ClerkSocket.objects.filter(user=rosa).acount() == 2

    await first.disconnect()

    assert await ClerkSocket.objects.filter(user=rosa).acount() == 1
    assert await is_online(rosa)
    conversation = await start_conversation(name="Luis")
    assert await assigned_clerk_id(conversation.pk) == rosa.pk

    await second.disconnect()

    assert not await is_online(rosa)
    assert await ClerkSocket.objects.filter(user=rosa).acount() == 0
    # Her switch is her wish: it stays on for when she opens the inbox again.
    assert (await ClerkPresence.objects.aget(user=rosa)).wants_online is True
    later = await start_conversation(name="Carla")
    assert (await Conversation.objects.aget(pk=later.pk)).state == Conversation.State.WAITING

    # Opening the inbox again brings her back, and the waiting customer is hers.
    third, hello = await open_tab(client)
    assert hello["presence"] == {"online": True}
    assert await assigned_clerk_id(later.pk) == rosa.pk
    await third.disconnect()


async def test_switching_off_in_one_tab_reaches_the_other_tabs(rosa):
    client = await a_logged_in(rosa)
    first, _hello = await open_tab(client)
    second, _hello = await open_tab(client)
    await first.send_json_to({"type": "presence", "online": True})
    for tab in (first, second):  # the tab that switched gets it too
        assert (await receive_until(tab, "presence"))["online"] is True

    await second.send_json_to({"type": "presence", "online": False})

    assert (await receive_until(first, "presence"))["online"] is False
    assert not await is_online(rosa)
    for tab in (first, second):
        await tab.disconnect()


async def test_a_heartbeat_frame_refreshes_the_sockets_row_and_is_answered(rosa):
    tab, _hello = await open_tab(await a_logged_in(rosa))
    old = timezone.now() - timedelta(minutes=10)
    await ClerkSocket.objects.filter(user=rosa).aupdate(last_seen=old)
    await ClerkPresence.objects.filter(user=rosa).aupdate(wants_online=True)
    assert not await is_online(rosa)

    await tab.send_json_to({"type": "heartbeat"})

    assert (await receive_until(tab, "heartbeat")) == {"type": "heartbeat"}
    row = await ClerkSocket.objects.aget(user=rosa)
    assert row.last_seen > old
    assert await is_online(rosa)
    assert not [f for f in await drain(tab) if f["type"] == "error"]
    await tab.disconnect()
