"""Websocket consumers: authenticate, join groups, hand every frame to the chat services.

Frames are JSON objects with a `type`. Anything malformed gets {"type": "error"} and the socket
stays open; someone else's conversation closes the socket with 4403 (4401 when not logged in).

A refusal is always sent after the handshake (accept, then close with the code): closed before
it, daphne answers the handshake with HTTP 403 and the browser sees only 1006, which it cannot
tell from a network cut, so static/js/chat.js would reconnect forever. `HandshakeRefusals`
(config/asgi.py, outermost) does the same for anything that closes before accepting, such as
channels' origin check.
"""

import json
from concurrent.futures import ThreadPoolExecutor

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils.translation import gettext as _

from chat import access, assignment, events, followups, frames, messaging, presence, selling
from chat.exceptions import ChatError, ChatForbidden
from core.parsing import clean_frame

CLOSE_UNAUTHENTICATED = 4401  # not logged in, or the session (or its conversation) is gone
CLOSE_FORBIDDEN = 4403  # not allowed: someone else's conversation, not a clerk, foreign origin
MAX_FRAME = 16_000  # characters of raw JSON; a 2,000-character message fits with room to spare


class HandshakeRefusals:
    """ASGI middleware: a websocket closed before it was accepted is accepted, then closed with
    its code (4403 when it had none or an ordinary one), so the browser can read why."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.application(scope, receive, send)
        accepted = False

        async def send_after_accept(message):
            nonlocal accepted
            if message["type"] == "websocket.accept":
                accepted = True
            elif message["type"] == "websocket.close" and not accepted:
                accepted = True
                await send({"type": "websocket.accept"})
                code = message.get("code") or CLOSE_FORBIDDEN
                message = {**message, "code": code if code >= 4000 else CLOSE_FORBIDDEN}
            await send(message)

        return await self.application(scope, receive, send_after_accept)


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Answers {"type": "ping"} with {"type": "pong"} through the channel layer.

    The reply makes a round trip through the layer (Redis in production), so a pong proves
    that fan-out between processes works, not only the socket.
    """

    async def connect(self):
        await self.accept()
        user = self.scope.get("user")
        await self.send_json(
            {"type": "hello", "authenticated": bool(user and user.is_authenticated)}
        )

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or content.get("type") != "ping":
            await self.send_json({"type": "error", "error": "Mensaje no reconocido."})
            return
        await self.channel_layer.send(
            self.channel_name, {"type": "pong.relay", "payload": content.get("payload")}
        )

    async def pong_relay(self, event):
        await self.send_json({"type": "pong", "payload": event.get("payload")})

    @classmethod
    async def decode_json(cls, text_data):
        try:
            return json.loads(text_data)
        except ValueError:
            return None


def _query(scope) -> dict:
    from urllib.parse import parse_qs

    raw = scope.get("query_string", b"").decode("latin-1")[:500]
    return {key: values[0] for key, values in parse_qs(raw).items()}


def _after(raw) -> int:
    try:
        return max(0, int(str(raw)))
    except (TypeError, ValueError):
        return 0


class ChatSocket(AsyncJsonWebsocketConsumer):
    """What both sides share: frame parsing, error frames, catch-up without duplicates."""

    handlers: dict[str, str] = {}

    async def dispatch(self, message):
        """Channels' dispatch without its `aclose_old_connections()` before every handler.

        That call hops to the process's single thread-sensitive executor for each frame and
        each group event, so every socket of the process queues behind one thread: at 200
        conversations it was the whole send-to-delivery latency. These consumers never touch
        the database on the event loop; every query runs through `service()`
        (database_sync_to_async), which closes stale connections in its own worker thread.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def websocket_connect(self, message):
        self.sent_ids: set[int] = set()
        self.groups_joined: set[str] = set()
        await super().websocket_connect(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if text_data is None or len(text_data) > MAX_FRAME:
            await self.error(_("Mensaje demasiado grande o vacío."), "too_large")
            return
        try:
            # NUL characters out of every string of the frame (PostgreSQL refuses them; issue #18).
            content = clean_frame(json.loads(text_data))
        except ValueError:
            await self.error(_("El mensaje no es JSON válido."), "malformed")
            return
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.error(_("Falta el tipo de mensaje."), "malformed")
            return
        handler = self.handlers.get(content["type"])
        if handler is None:
            await self.error(_("Tipo de mensaje no reconocido."), "unknown_type")
            return
        try:
            await getattr(self, handler)(content)
        except ChatForbidden:
            await self.close(code=CLOSE_FORBIDDEN)
        except ChatError as error:
            await self.error(error.message, error.code, ref=content.get("ref"))

    async def refuse(self, code: int):
        """Accept, then close with `code` (see the module docstring for why not before)."""
        await self.accept()
        await self.close(code=code)

    async def error(self, text, code, ref=None):
        frame = {"type": "error", "code": code, "error": str(text)}
        if ref is not None:
            frame["ref"] = str(ref)[:40]
        await self.send_json(frame)

    async def join(self, group):
        if group not in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.add(group)

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", ()):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def send_messages(self, frames, *, again: bool = False):
        """Catch-up frames; `again` resends ones this socket already sent (a fresh view)."""
        for frame in frames:
            if again:
                self.sent_ids.discard(frame["message"]["id"])
            await self.chat_frame({"frame": frame})

    async def chat_frame(self, event):
        """ "chat.frame" from a group. A message already sent on this socket is not resent."""
        frame = event["frame"]
        if frame.get("type") == "message":
            message_id = frame["message"]["id"]
            if message_id in self.sent_ids:
                return
            self.sent_ids.add(message_id)
        elif frame.get("type") == "typing" and event.get("origin") == self.channel_name:
            return
        await self.send_json(frame)

    async def typing(self, conversation_id, who):
        await self.channel_layer.group_send(
            events.conversation_group(conversation_id),
            {
                "type": "chat.frame",
                "origin": self.channel_name,
                "frame": {"type": "typing", "by": who, "conversation": conversation_id},
            },
        )


# The threads the services run in: as many as the process may hold database connections
# (settings.CHAT_SERVICE_THREADS, DATABASE_POOL_SIZE by default). A service spends most of its
# time waiting for PostgreSQL and Redis, so a thread waiting is not a core used. The event
# loop's default executor has min(32, cores + 4) threads: 6 here, which at 400 conversations
# (~140 messages/s) on a busy machine was the queue every message waited in (issue #19).
SERVICE_THREADS = ThreadPoolExecutor(
    max_workers=settings.CHAT_SERVICE_THREADS, thread_name_prefix="chat-service"
)


def service(function):
    """A service callable from a consumer. Not thread-sensitive: each call may run on any
    worker thread (with its own connection), so one slow query does not queue every socket
    of the process behind it; the services are transactional and need no shared thread."""
    return database_sync_to_async(function, thread_sensitive=False, executor=SERVICE_THREADS)


is_chat_clerk = service(access.is_chat_clerk)
customer_conversation = service(access.customer_conversation)
messages_since = service(frames.messages_since)
conversation_state = service(frames.conversation_state)
customer_send = service(messaging.customer_send)
mark_seen = service(messaging.mark_seen)
answer_address = service(selling.answer_address)
leave_message = service(followups.leave_message)
use_helper = service(followups.use_helper)
ask_for_human = service(followups.ask_for_human)
rate = service(assignment.rate)
close_conversation = service(assignment.close)
clerk_conversation = service(access.clerk_conversation)
set_presence = service(presence.set_presence)
socket_connected = service(presence.socket_connected)
heartbeat = service(presence.heartbeat)
socket_disconnected = service(presence.socket_disconnected)
take = service(assignment.take)
transfer = service(assignment.transfer)
assigned_conversation_ids = service(assignment.assigned_conversation_ids)
clerk_send = service(messaging.clerk_send)
send_canned = service(messaging.send_canned)
send_product_card = service(selling.send_product_card)
send_recommendations = service(selling.send_recommendations)
clerk_cart_add = service(selling.clerk_cart_add)
send_payment_request = service(selling.send_payment_request)
send_address_request = service(selling.send_address_request)


class CustomerChatConsumer(ChatSocket):
    """/ws/chat/?after=<last id seen>: the customer's own conversation, bound to the session."""

    handlers = {
        "message": "on_message",
        "typing": "on_typing",
        "seen": "on_seen",
        "sync": "on_sync",
        "address": "on_address",
        "leave_message": "on_leave_message",
        "helper": "on_helper",
        "human": "on_human",
        "rate": "on_rate",
        "close": "on_close",
    }

    async def connect(self):
        query = _query(self.scope)
        try:
            conversation = await customer_conversation(
                session=self.scope.get("session"),
                user=self.scope.get("user"),
                requested_id=query.get("conversation"),
            )
        except ChatForbidden as refused:
            # No conversation in this session (it expired, or never started one): 4401, the
            # page offers to start one. Someone else's: 4403.
            gone = refused.code == "no_conversation"
            await self.refuse(CLOSE_UNAUTHENTICATED if gone else CLOSE_FORBIDDEN)
            return
        self.conversation_id = conversation.pk
        await self.join(events.conversation_group(conversation.pk))
        await self.accept()
        await self.send_json(
            {"type": "hello", "conversation": await conversation_state(conversation)}
        )
        # Joined the group first, then caught up: nothing falls in between, and sent_ids
        # drops what arrives twice.
        await self.send_messages(
            await messages_since(conversation_id=conversation.pk, after=_after(query.get("after")))
        )

    async def on_sync(self, content):
        await self.send_messages(
            await messages_since(
                conversation_id=self.conversation_id, after=_after(content.get("after"))
            )
        )

    async def on_message(self, content):
        message = await customer_send(
            conversation_id=self.conversation_id, text=content.get("text")
        )
        await self.send_json(
            {"type": "ack", "ref": str(content.get("ref", ""))[:40], "id": message.pk}
        )

    async def on_typing(self, content):
        await self.typing(self.conversation_id, "customer")

    async def on_seen(self, content):
        await mark_seen(
            conversation_id=self.conversation_id,
            reader="customer",
            up_to=content.get("up_to"),
            read=bool(content.get("read", True)),
        )

    async def on_address(self, content):
        await answer_address(conversation_id=self.conversation_id, data=content.get("address"))

    async def on_leave_message(self, content):
        await leave_message(
            conversation_id=self.conversation_id,
            name=content.get("name", ""),
            email=content.get("email", ""),
            phone=content.get("phone", ""),
            text=content.get("text", ""),
        )

    async def on_helper(self, content):
        await use_helper(conversation_id=self.conversation_id)

    async def on_human(self, content):
        await ask_for_human(conversation_id=self.conversation_id)

    async def on_rate(self, content):
        await rate(
            conversation_id=self.conversation_id,
            rating=content.get("rating"),
            comment=content.get("comment", ""),
        )

    async def on_close(self, content):
        await close_conversation(conversation_id=self.conversation_id, by_customer=True)


class ClerkChatConsumer(ChatSocket):
    """/ws/tienda/chat/: the clerk inbox. Opens any number of conversations it may see.

    Each socket is one row of the clerk's liveness (chat.presence): registered before the
    hello, refreshed by {"type": "heartbeat"} (answered with the same, so the page can tell a
    dead connection from a quiet one), deleted on close. The clerk's switch is not touched by
    a close: another tab may still be open.
    """

    handlers = {
        "open": "on_open",
        "presence": "on_presence",
        "heartbeat": "on_heartbeat",
        "take": "on_take",
        "transfer": "on_transfer",
        "close": "on_close",
        "message": "on_message",
        "canned": "on_canned",
        "card": "on_card",
        "recommend": "on_recommend",
        "cart_add": "on_cart_add",
        "payment_request": "on_payment_request",
        "address_request": "on_address_request",
        "typing": "on_typing",
        "seen": "on_seen",
    }

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.refuse(CLOSE_UNAUTHENTICATED)
            return
        if not await is_chat_clerk(user):  # reads the user's groups: off the event loop
            await self.refuse(CLOSE_FORBIDDEN)
            return
        self.user = user
        await self.join(events.INBOX_GROUP)
        await self.join(events.clerk_group(user.pk))
        # Every open conversation this clerk holds: its messages reach this inbox, which
        # counts the unread ones without another push per message.
        for conversation_id in await assigned_conversation_ids(user):
            await self.join(events.conversation_group(conversation_id))
        wants_online = await socket_connected(user=user, channel_name=self.channel_name)
        await self.accept()
        await self.send_json(
            {
                "type": "hello",
                "clerk": user.pk,
                "presence": {"online": wants_online},
                "heartbeat": presence.heartbeat_every(),
            }
        )

    async def disconnect(self, code):
        await super().disconnect(code)
        if getattr(self, "user", None) is not None:
            await socket_disconnected(user=self.user, channel_name=self.channel_name)

    async def chat_frame(self, event):
        frame = event["frame"]
        if frame.get("type") == "assigned":  # a conversation was routed or transferred to me
            await self.join(events.conversation_group(int(frame["conversation"])))
        await super().chat_frame(event)

    async def on_open(self, content):
        conversation = await clerk_conversation(
            user=self.user, conversation_id=content.get("conversation")
        )
        await self.join(events.conversation_group(conversation.pk))
        await self.send_json(
            {"type": "opened", "conversation": await conversation_state(conversation)}
        )
        await self.send_messages(
            await messages_since(
                conversation_id=conversation.pk, after=_after(content.get("after"))
            ),
            again=True,
        )

    async def _conversation_id(self, content) -> int:
        conversation = await clerk_conversation(
            user=self.user, conversation_id=content.get("conversation")
        )
        return conversation.pk

    async def on_presence(self, content):
        # Every tab of this clerk, this one included, gets {"type": "presence"} from the service.
        await set_presence(user=self.user, online=bool(content.get("online")))

    async def on_heartbeat(self, content):
        await heartbeat(user=self.user, channel_name=self.channel_name)
        await self.send_json({"type": "heartbeat"})

    async def on_take(self, content):
        conversation = await take(user=self.user, conversation_id=content.get("conversation"))
        await self.join(events.conversation_group(conversation.pk))

    async def on_transfer(self, content):
        await transfer(
            user=self.user,
            conversation_id=content.get("conversation"),
            to_user_id=content.get("to"),
        )

    async def on_close(self, content):
        await close_conversation(user=self.user, conversation_id=content.get("conversation"))

    async def on_message(self, content):
        message = await clerk_send(
            user=self.user, conversation_id=content.get("conversation"), text=content.get("text")
        )
        await self.send_json(
            {"type": "ack", "ref": str(content.get("ref", ""))[:40], "id": message.pk}
        )

    async def on_canned(self, content):
        await send_canned(
            user=self.user,
            conversation_id=content.get("conversation"),
            canned_id=content.get("canned"),
        )

    async def on_card(self, content):
        await send_product_card(
            user=self.user,
            conversation_id=content.get("conversation"),
            product_id=content.get("product"),
        )

    async def on_recommend(self, content):
        await send_recommendations(
            user=self.user,
            conversation_id=content.get("conversation"),
            product_id=content.get("product"),
        )

    async def on_cart_add(self, content):
        # The new summary comes back as a "cart" frame to the conversation
        # (chat.handlers.on_cart_changed).
        await clerk_cart_add(
            user=self.user,
            conversation_id=content.get("conversation"),
            product_id=content.get("product"),
            quantity=content.get("quantity", 1),
        )

    async def on_payment_request(self, content):
        await send_payment_request(
            user=self.user,
            conversation_id=content.get("conversation"),
            points=content.get("points"),
            credit=content.get("credit"),
        )

    async def on_address_request(self, content):
        await send_address_request(user=self.user, conversation_id=content.get("conversation"))

    async def on_typing(self, content):
        await self.typing(await self._conversation_id(content), "clerk")

    async def on_seen(self, content):
        conversation_id = await self._conversation_id(content)
        await mark_seen(
            conversation_id=conversation_id,
            reader="clerk",
            up_to=content.get("up_to"),
            read=bool(content.get("read", True)),
        )
