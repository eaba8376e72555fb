"""Frames pushed through the channel layer, always after the database commit.

A browser never sees a message that was rolled back; one that was committed but whose push was
lost (Redis down, a socket reconnecting) is recovered by the client's catch-up (`after=<id>`).
"""

import asyncio
import logging
import weakref

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

INBOX_GROUP = "chat.inbox"


def conversation_group(conversation_id: int) -> str:
    return f"chat.conv.{conversation_id}"


def _send(group: str, frame: dict) -> None:
    """Push a frame to a group, without making a socket's worker thread wait for Redis.

    A service called from a consumer runs in a worker thread of daphne's event loop: the push
    is handed to that loop and the thread goes back to work at once (async_to_sync would hold it
    until Redis answered, through the loop that every socket of the process shares). Anywhere
    else (HTTP views, Celery, the shell) it is sent before returning.
    """
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is not None and not _in_loop_thread(loop):
        if loop.is_running():
            loop.call_soon_threadsafe(_schedule, loop, group, frame)
        # else the process is shutting down: waiting for its loop would hang this thread (and
        # the exit) forever; the message is stored and the clients catch up on reconnect.
        return
    try:
        async_to_sync(_group_send)(group, frame)
    except Exception:  # the message is stored; the client catches up when it reconnects
        logger.exception("chat: could not push a frame to %s", group)


def _in_loop_thread(loop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


async def _group_send(group: str, frame: dict) -> None:
    await get_channel_layer().group_send(group, {"type": "chat.frame", "frame": frame})


# The pushes waiting on each loop, last one per group: a group's frames leave in the order they
# were committed, while different conversations go out in parallel.
_tails: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict]" = weakref.WeakKeyDictionary()


def _schedule(loop, group: str, frame: dict) -> None:
    tails = _tails.setdefault(loop, {})
    task = loop.create_task(_push_after(tails.get(group), group, frame))
    tails[group] = task

    def forget(done):
        if tails.get(group) is done:
            del tails[group]

    task.add_done_callback(forget)


async def _push_after(previous, group: str, frame: dict) -> None:
    if previous is not None:
        await asyncio.wait([previous])
    try:
        await _group_send(group, frame)
    except Exception:  # the message is stored; the client catches up when it reconnects
        logger.exception("chat: could not push a frame to %s", group)


def broadcast_on_commit(group: str, frame: dict) -> None:
    transaction.on_commit(lambda: _send(group, frame))


def clerk_group(user_id: int) -> str:
    return f"chat.clerk.{user_id}"


def inbox_changed(clerk_id: int | None = None) -> None:
    """Tell open clerk inboxes to refresh their lists (they re-read them with their rights).

    With `clerk_id` only that clerk's inboxes (a new message or read receipt in a conversation
    they hold: their unread counts); without it every clerk's (a conversation waits, moves or
    closes). Per-message pushes never go to everyone: that would be N² frames.
    """
    group = INBOX_GROUP if clerk_id is None else clerk_group(clerk_id)
    broadcast_on_commit(group, {"type": "inbox"})
