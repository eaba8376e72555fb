"""Frames pushed through the channel layer, always after the database commit.

A browser never sees a message that was rolled back; one that was committed but whose push was
lost (Redis down, a socket reconnecting) is recovered by the client's catch-up (`after=<id>`).
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

INBOX_GROUP = "chat.inbox"


def conversation_group(conversation_id: int) -> str:
    return f"chat.conv.{conversation_id}"


def _send(group: str, frame: dict) -> None:
    layer = get_channel_layer()
    try:
        async_to_sync(layer.group_send)(group, {"type": "chat.frame", "frame": frame})
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
