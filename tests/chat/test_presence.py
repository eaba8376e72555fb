"""Clerk presence (chat.presence): the switch plus a live socket, the heartbeat, the beat sweep,
and what happens to conversations of a clerk who is gone. Times are moved by writing old
timestamps, never by waiting."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, sync_roles
from chat import assignment, presence, selectors
from chat.exceptions import ChatError
from chat.models import ClerkPresence, ClerkSocket, Conversation
from chat.tasks import sweep_presence_task
from tests.chat.conftest import connected, logged_in, online
from tests.conftest import USING_POSTGRES
from tests.factories import CustomerFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def silence(clerk, *, seconds_past_timeout: int = 1) -> None:
    """The clerk's sockets stopped beating (a crashed daphne, a cut cable): rows stay behind."""
    then = timezone.now() - presence.timeout() - timedelta(seconds=seconds_past_timeout)
    ClerkSocket.objects.filter(user=clerk).update(last_seen=then)
    ClerkPresence.objects.filter(user=clerk).update(last_seen=then)


def status_line(html: str) -> str:
    """The text of the inbox's presence status line (the data-status-* attributes hold all)."""
    found = re.search(r'data-presence-status role="status">\s*(.*?)\s*</p>', html, re.S)
    assert found, "no status line"
    return found.group(1)


def online_names() -> list[str]:
    return sorted(clerk.first_name for clerk in assignment.online_clerks())


def test_a_clerk_online_needs_both_the_switch_and_a_live_socket(rosa, jorge):
    connected(rosa)  # inbox open, switch off
    presence.set_presence(user=jorge, online=True)  # switch on, no inbox open

    assert online_names() == []
    conversation = assignment.start_conversation(name="Luis")
    assert conversation.state == Conversation.State.WAITING

    connected(jorge)  # Jorge's inbox connects: he wants chats, so the waiting one is his
    conversation.refresh_from_db()
    assert conversation.assigned_clerk == jorge
    assert online_names() == ["Jorge"]


def test_a_clerk_whose_heartbeat_is_older_than_the_timeout_is_not_routed_to(
    rosa, jorge, miraflores
):
    online(rosa, jorge)
    silence(rosa)  # Rosa's daphne crashed: her row is still there, still "wants online"

    assert ClerkSocket.objects.filter(user=rosa).exists()
    assert ClerkPresence.objects.get(user=rosa).wants_online is True
    assert online_names() == ["Jorge"]
    # A Miraflores customer would go to Rosa if she counted; she does not.
    customer = CustomerFactory(preferred_store=miraflores)
    conversation = assignment.start_conversation(name="Luis", customer=customer)
    conversation.refresh_from_db()
    assert conversation.assigned_clerk == jorge
    assert assignment.wait_estimate(conversation)["online"] == 1


def test_a_stale_clerk_alone_leaves_new_conversations_waiting_with_nobody_online(rosa):
    online(rosa)
    silence(rosa)

    conversation = assignment.start_conversation(name="Luis")

    assert conversation.state == Conversation.State.WAITING
    notice = conversation.messages.filter(payload__has_key="wait").get()
    assert notice.payload["wait"]["online"] == 0


def test_a_heartbeat_refreshes_the_socket_and_is_not_written_again_right_away(rosa):
    connected(rosa)
    silence(rosa)
    before = ClerkSocket.objects.get(user=rosa).last_seen

    assert presence.heartbeat(user=rosa, channel_name=f"test-tab.{rosa.pk}") is True

    row = ClerkSocket.objects.get(user=rosa)
    assert row.last_seen > before
    assert ClerkPresence.objects.get(user=rosa).last_seen == row.last_seen
    # A second beat within WRITE_EVERY writes nothing.
    assert presence.heartbeat(user=rosa, channel_name=f"test-tab.{rosa.pk}") is False
    assert ClerkSocket.objects.get(user=rosa).last_seen == row.last_seen


def test_a_heartbeat_after_the_sweep_brings_the_clerk_back_and_routes_waiting(rosa):
    online(rosa)
    silence(rosa)
    sweep_presence_task()
    assert not ClerkSocket.objects.filter(user=rosa).exists()
    conversation = assignment.start_conversation(name="Luis")
    assert conversation.state == Conversation.State.WAITING

    # Her laptop wakes up; the same socket beats again.
    presence.heartbeat(user=rosa, channel_name=f"test-tab.{rosa.pk}")

    conversation.refresh_from_db()
    assert conversation.assigned_clerk == rosa
    assert online_names() == ["Rosa"]


def test_a_socket_of_someone_else_is_not_refreshed_by_a_heartbeat(rosa, jorge):
    connected(rosa)
    silence(rosa)
    before = ClerkSocket.objects.get(user=rosa).last_seen

    presence.heartbeat(user=jorge, channel_name=f"test-tab.{rosa.pk}")

    assert ClerkSocket.objects.get(channel_name=f"test-tab.{rosa.pk}").last_seen == before


def test_the_beat_task_deletes_stale_sockets_only(rosa, jorge):
    online(rosa, jorge)
    presence.socket_connected(user=rosa, channel_name="rosa-second-tab")
    ClerkSocket.objects.filter(channel_name=f"test-tab.{rosa.pk}").update(
        last_seen=timezone.now() - presence.timeout() - timedelta(seconds=1)
    )
    silence(jorge)

    result = sweep_presence_task()

    assert result["stale_sockets"] == 2
    assert list(ClerkSocket.objects.values_list("channel_name", flat=True)) == ["rosa-second-tab"]
    assert online_names() == ["Rosa"]
    assert sweep_presence_task()["stale_sockets"] == 0  # safe to run again


@override_settings(CHAT_MAX_CONCURRENT=1)
def test_the_beat_task_routes_a_waiting_conversation_once_a_clerk_is_free(rosa):
    online(rosa)
    first = assignment.start_conversation(name="Ana")
    second = assignment.start_conversation(name="Beto")
    assert second.state == Conversation.State.WAITING
    assignment.close(user=rosa, conversation_id=first.pk)

    assert sweep_presence_task()["routed"] == 1

    second.refresh_from_db()
    assert second.assigned_clerk == rosa


def test_the_beat_task_is_scheduled():
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-chat-presence"]
    assert entry["task"] == "chat.tasks.sweep_presence_task"
    assert entry["task"] in app.tasks


def test_a_gone_clerks_conversations_stay_theirs_until_the_grace_is_over_then_a_colleague_takes(
    rosa, miraflores
):
    ana = UserFactory(first_name="Ana", role=Role.CLERK, store=miraflores)
    connected(ana)
    online(rosa)
    conversation = assignment.start_conversation(
        name="Luis", customer=CustomerFactory(preferred_store=miraflores)
    )
    conversation.refresh_from_db()
    assert conversation.assigned_clerk == rosa
    presence.socket_disconnected(user=rosa, channel_name=f"test-tab.{rosa.pk}")  # tab closed

    # Within the grace period: nobody steals it, the sweep leaves it alone.
    sweep_presence_task()
    assert selectors.inbox(user=ana)["away"] == []
    assert not conversation.messages.filter(payload__has_key="clerk_away").exists()
    with pytest.raises(ChatError, match="ya atiende"):
        assignment.take(user=ana, conversation_id=conversation.pk)

    # Gone for longer than timeout + grace: still Rosa's, but shown to colleagues, and takeable.
    silence(rosa, seconds_past_timeout=settings.CHAT_PRESENCE_GRACE + 1)
    sweep_presence_task()
    sweep_presence_task()  # the customer is told once, not at every sweep
    conversation.refresh_from_db()
    assert conversation.assigned_clerk == rosa
    told = conversation.messages.filter(payload__has_key="clerk_away")
    assert [m.text for m in told] == [
        "Rosa perdió la conexión. Tus mensajes quedan guardados: otro librero puede continuar "
        "aquí en cuanto se libere."
    ]
    lists = selectors.inbox(user=ana)
    assert [c.pk for c in lists["away"]] == [conversation.pk]
    assert conversation.pk not in [c.pk for c in lists["others"]]

    assignment.take(user=ana, conversation_id=conversation.pk)

    conversation.refresh_from_db()
    assert conversation.assigned_clerk == ana
    assert conversation.messages.filter(text__startswith="Ahora te atiende Ana").exists()


def test_the_inbox_page_shows_the_clerks_own_state_after_a_reload(rosa, jorge):
    url = reverse("staff:chat_inbox")
    connected(jorge)
    presence.set_presence(user=jorge, online=True)

    page = logged_in(rosa).get(url)
    html = page.content.decode()
    assert page.context["online"] is False and "data-presence checked" not in html
    assert status_line(html) == "Fuera de línea: no recibes conversaciones nuevas."
    # The colleague list marks Jorge, who is online for real.
    assert re.search(r"Jorge[^<]* ●</option>", html)

    online(rosa)
    page = logged_in(rosa).get(url)
    html = page.content.decode()
    assert page.context["online"] is True and "data-presence checked" in html
    assert status_line(html) == "En línea: recibes conversaciones nuevas."
    assert f'"heartbeat": {presence.heartbeat_every()}' in html

    # Her only tab died without a close: the switch stays on, the status does not lie.
    silence(rosa)
    silence(jorge)
    html = logged_in(rosa).get(url).content.decode()
    assert "data-presence checked" in html
    assert status_line(html) == "Conectando…"
    assert " ●</option>" not in html  # Jorge is not online either


@pytest.mark.postgres
@pytest.mark.race
@pytest.mark.skipif(not USING_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
@override_settings(CHAT_MAX_CONCURRENT=2)
def test_concurrent_sweeps_route_each_waiting_conversation_once_within_capacity():
    from tests.inventory.test_concurrency import run_threads

    sync_roles()  # a transactional test before this one may have flushed the groups
    store = StoreFactory(slug="miraflores")
    clerks = [UserFactory(role=Role.CLERK, store=store) for _ in range(2)]
    waiting = [assignment.start_conversation(name=f"Cliente {n}") for n in range(6)]
    for n, clerk in enumerate(clerks):
        # Live and willing, as if they had connected while the routing was not run.
        ClerkPresence.objects.create(user=clerk, wants_online=True, last_seen=timezone.now())
        ClerkSocket.objects.create(user=clerk, channel_name=f"tab.{n}", last_seen=timezone.now())

    outcomes, errors = run_threads(6, lambda _n: presence.sweep()["routed"])

    assert not errors, errors
    assert sum(routed * times for routed, times in outcomes.items()) == 4
    rows = Conversation.objects.filter(pk__in=[c.pk for c in waiting])
    assert rows.filter(state=Conversation.State.ACTIVE).count() == 4
    for clerk in clerks:
        assert rows.filter(assigned_clerk=clerk).count() == 2
    for conversation in rows.filter(state=Conversation.State.ACTIVE):
        assert conversation.messages.filter(payload__has_key="joined").count() == 1


@pytest.mark.postgres
@pytest.mark.race
@pytest.mark.skipif(not USING_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
@override_settings(CHAT_MAX_CONCURRENT=3)
def test_conversations_starting_at_once_never_give_a_clerk_more_than_the_maximum():
    from tests.inventory.test_concurrency import run_threads

    sync_roles()  # a transactional test before this one may have flushed the groups
    store = StoreFactory(slug="miraflores")
    rosa = UserFactory(role=Role.CLERK, store=store)
    ClerkPresence.objects.create(user=rosa, wants_online=True, last_seen=timezone.now())
    ClerkSocket.objects.create(user=rosa, channel_name="tab.rosa", last_seen=timezone.now())

    outcomes, errors = run_threads(
        12, lambda n: assignment.start_conversation(name=f"Cliente {n}").assigned_clerk_id
    )

    assert not errors, errors
    assert outcomes == {rosa.pk: 3, None: 9}
    assert Conversation.objects.filter(assigned_clerk=rosa, state="active").count() == 3
    assert Conversation.objects.filter(state="waiting").count() == 9
