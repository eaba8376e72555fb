"""Clerk presence in the live chat: who counts as online, truthfully.

Two facts are kept apart:

- The wish: ClerkPresence.wants_online, the inbox's "En línea" switch. Only the clerk changes it
  (set_presence); it survives reloads, closed tabs and crashes, so the inbox shows
  it as it is after a reload.
- Liveness: one ClerkSocket row per open inbox socket (a browser tab), keyed by the socket's
  channel name. The row is written when the socket connects, refreshed by the heartbeat frame the
  page sends every `heartbeat_every()` seconds (CHAT_PRESENCE_TIMEOUT / 3; the write is skipped
  when the row is younger than WRITE_EVERY seconds), and deleted when the socket closes.

A clerk is online (routing, wait estimates, the colleague list, their own inbox) when they want
to be AND at least one of their sockets was seen in the last CHAT_PRESENCE_TIMEOUT seconds:

- closing one of two tabs deletes that tab's row only; the other keeps the clerk online;
- a daphne crash or a network cut without a close leaves rows nobody refreshes: they stop
  counting after the timeout by themselves (correctness needs no cleanup), and the beat task
  (chat.tasks.sweep_presence_task, every minute) deletes them and routes waiting conversations.
  A counter of open sockets would stay wrong forever after a crash; rows with a time cannot.

Conversations a clerk holds stay theirs while they are away: a reload, a tablet changing Wi-Fi
or a daphne restart must not hand a customer to someone else mid-sentence. ClerkPresence.last_seen
is the clerk's last sign of life (any socket connected, beat or closed). Once it is older than
CHAT_PRESENCE_TIMEOUT + CHAT_PRESENCE_GRACE, their open conversations show in their colleagues'
inboxes under "Librero desconectado" and a colleague may take one over with "Tomar" (the customer
is told who answers now). Nothing moves without a person deciding; new conversations are never
routed to a clerk who is not live.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chat import events
from chat.models import ClerkPresence, ClerkSocket, Conversation, Message

# A heartbeat younger than this is not written again: at most one UPDATE per socket and period.
WRITE_EVERY = timedelta(seconds=5)


def timeout() -> timedelta:
    return timedelta(seconds=settings.CHAT_PRESENCE_TIMEOUT)


def grace() -> timedelta:
    return timedelta(seconds=settings.CHAT_PRESENCE_GRACE)


def heartbeat_every() -> int:
    """Seconds between two heartbeats of an inbox page: three chances before the timeout."""
    return max(5, settings.CHAT_PRESENCE_TIMEOUT // 3)


# Reading
# ------------------------------------------------------------------------------


def live_socket(user=None, *, now: datetime | None = None) -> Exists:
    """Exists(a socket of `user` seen within the timeout); by default for the outer User row."""
    now = now or timezone.now()
    user = OuterRef("pk") if user is None else user
    return Exists(ClerkSocket.objects.filter(user=user, last_seen__gte=now - timeout()))


def online_q(*, now: datetime | None = None) -> Q:
    """Filter for User querysets: wants to take chats and has a live inbox socket."""
    return Q(chat_presence__wants_online=True) & Q(live_socket(now=now))


def is_online(user) -> bool:
    return (
        ClerkPresence.objects.filter(user_id=user.pk, wants_online=True)
        .filter(live_socket(user.pk))
        .exists()
    )


def is_away(last_seen: datetime | None, *, now: datetime | None = None) -> bool:
    """No sign of life for longer than the timeout plus the grace period (or never any)."""
    now = now or timezone.now()
    return last_seen is None or last_seen < now - timeout() - grace()


def clerk_is_away(user_id: int) -> bool:
    last_seen = (
        ClerkPresence.objects.filter(user_id=user_id).values_list("last_seen", flat=True).first()
    )
    return is_away(last_seen)


# Sockets
# ------------------------------------------------------------------------------


def _seen(user, now) -> None:
    ClerkPresence.objects.filter(user_id=user.pk).update(last_seen=now)


@transaction.atomic
def socket_connected(*, user, channel_name: str) -> bool:
    """Register an inbox socket; returns the clerk's wish (the inbox switch shows it).

    A clerk who wants to be online and was not live until now takes waiting conversations.
    """
    from chat.assignment import route_waiting

    now = timezone.now()
    was_online = is_online(user)
    presence, _created = ClerkPresence.objects.get_or_create(user=user)
    ClerkSocket.objects.update_or_create(
        channel_name=channel_name, defaults={"user": user, "last_seen": now}
    )
    _seen(user, now)
    if presence.wants_online and not was_online:
        route_waiting()
    return presence.wants_online


@transaction.atomic
def heartbeat(*, user, channel_name: str) -> bool:
    """Refresh this socket's row; True when it was written.

    Cheap on purpose: one conditional UPDATE, skipped when the row is younger than WRITE_EVERY.
    A row that is gone (swept after the socket was silent past the timeout, e.g. a laptop that
    slept) is written again, and the clerk takes waiting conversations as on connect.
    """
    now = timezone.now()
    written = ClerkSocket.objects.filter(
        channel_name=channel_name, user=user, last_seen__lt=now - WRITE_EVERY
    ).update(last_seen=now)
    if written:
        _seen(user, now)
        return True
    if ClerkSocket.objects.filter(channel_name=channel_name).exists():
        return False  # beat again too soon
    socket_connected(user=user, channel_name=channel_name)
    return True


@transaction.atomic
def socket_disconnected(*, user, channel_name: str) -> None:
    """The socket closed: its row goes, the clerk's other tabs keep them online."""
    ClerkSocket.objects.filter(channel_name=channel_name).delete()
    _seen(user, timezone.now())


@transaction.atomic
def sweep() -> dict:
    """Beat: delete socket rows past the timeout, then route waiting conversations.

    Safe to run twice or concurrently: it only deletes rows that no longer count and routing
    locks the waiting conversations. Inboxes refresh when a clerk's socket went stale, so
    colleagues see the change; conversations held by a clerk who stays away are left to them
    and shown to colleagues by the inbox itself (chat.selectors.inbox).
    """
    from chat.assignment import route_waiting

    deleted, _per_model = ClerkSocket.objects.filter(
        last_seen__lt=timezone.now() - timeout()
    ).delete()
    routed = route_waiting()
    told = tell_customers_their_clerk_is_away()
    if deleted:
        events.inbox_changed()
    return {"stale_sockets": deleted, "routed": routed, "told_away": told}


# The clerk's switch, and telling customers their clerk is away
# ------------------------------------------------------------------------------


@transaction.atomic
def set_presence(*, user, online: bool) -> ClerkPresence:
    """The clerk's switch: whether they want new conversations (their wish, see above).

    They count as online only while one of their inbox sockets is alive, too. Every inbox tab
    of this clerk gets the new value, so a tab never reasserts a stale one.
    """
    presence_row, _created = ClerkPresence.objects.update_or_create(
        user=user, defaults={"wants_online": bool(online)}
    )
    from chat.assignment import route_waiting

    if online:
        route_waiting()  # whoever waits for this clerk's store (or anyone) may be routed now
    events.broadcast_on_commit(
        events.clerk_group(user.pk), {"type": "presence", "online": bool(online)}
    )
    events.inbox_changed()
    return presence_row


@transaction.atomic
def tell_customers_their_clerk_is_away() -> int:
    """Beat (chat.presence.sweep): a customer whose clerk has been gone past the grace period is
    told once, plainly, that their messages are kept and a colleague can go on. The conversation
    stays the clerk's (they may come back); colleagues see it under "Librero desconectado"."""
    from chat.messaging import post

    cutoff = timezone.now() - timeout() - grace()
    told = Message.objects.filter(
        conversation=OuterRef("pk"),
        payload__has_key="clerk_away",
        created_at__gte=OuterRef("assigned_at"),
    )
    conversations = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("assigned_clerk")
        .filter(state=Conversation.State.ACTIVE, assigned_clerk__isnull=False)
        .filter(
            Q(assigned_clerk__chat_presence__last_seen__lt=cutoff)
            | Q(assigned_clerk__chat_presence__last_seen__isnull=True)
        )
        .exclude(Exists(told))
        .order_by("pk")[:200]
    )
    count = 0
    for conversation in conversations:
        clerk = conversation.assigned_clerk
        post(
            conversation,
            sender=Message.Sender.SYSTEM,
            text=_(
                "%(clerk)s perdió la conexión. Tus mensajes quedan guardados: otro librero "
                "puede continuar aquí en cuanto se libere."
            )
            % {"clerk": clerk.first_name or str(clerk)},
            payload={"clerk_away": True},
        )
        count += 1
    if count:
        events.inbox_changed()
    return count
