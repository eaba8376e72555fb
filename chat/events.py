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


def inbox_changed() -> None:
    """Tell every open clerk inbox to refresh its lists (they re-read them with their rights)."""
    broadcast_on_commit(INBOX_GROUP, {"type": "inbox"})
