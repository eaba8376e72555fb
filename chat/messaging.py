"""Messages: store one, push it after the commit; the customer's and the clerk's writing.

Every message is stored first and pushed to the sockets after the commit (chat.events), so a
client that reconnects with the last id it saw gets exactly what it missed
(`chat.frames.messages_since`).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chat import events
from chat.access import clerk_conversation, parse_id
from chat.exceptions import ChatError
from chat.frames import message_frame
from chat.models import MAX_TEXT, CannedAnswer, Conversation, Message
from chat.ratelimit import check_rate

ACTIVITY_RESOLUTION = 5  # seconds: how stale Conversation.last_activity_at may be


def clean_text(text) -> str:
    if not isinstance(text, str):
        raise ChatError(_("El mensaje debe ser texto."), code="invalid_text")
    text = text.replace("\x00", "").strip()
    if not text:
        raise ChatError(_("El mensaje está vacío."), code="empty")
    if len(text) > MAX_TEXT:
        raise ChatError(
            _("El mensaje es muy largo: como máximo %(max)s caracteres.") % {"max": MAX_TEXT},
            code="too_long",
        )
    return text


def post(
    conversation: Conversation,
    *,
    sender: str,
    text: str = "",
    kind: str = Message.Kind.TEXT,
    payload: dict | None = None,
    author=None,
) -> Message:
    """Store a message and push it after commit. Callers validate and lock."""
    message = Message.objects.create(
        conversation=conversation,
        sender=sender,
        kind=kind,
        text=text[:MAX_TEXT],
        payload=payload or {},
        author=author,
    )
    # The inbox sorts by last activity; in a lively conversation a write every few seconds
    # is enough (one UPDATE less per message).
    last = conversation.last_activity_at
    if last is None or (message.created_at - last).total_seconds() >= ACTIVITY_RESOLUTION:
        Conversation.objects.filter(pk=conversation.pk).update(last_activity_at=message.created_at)
        conversation.last_activity_at = message.created_at
    events.broadcast_on_commit(events.conversation_group(conversation.pk), message_frame(message))
    return message


def open_conversation(conversation_id, *, related: bool = True) -> Conversation:
    queryset = Conversation.objects.select_for_update(of=("self",))
    if related:
        queryset = queryset.select_related("assigned_clerk", "store", "customer")
    conversation = queryset.get(pk=conversation_id)
    if conversation.state == Conversation.State.CLOSED:
        raise ChatError(_("Esta conversación ya terminó."), code="closed")
    return conversation


@transaction.atomic
def customer_send(*, conversation_id: int, text) -> Message:
    """A customer's message; the automatic helper answers when it is on and no clerk is in."""
    text = clean_text(text)
    check_rate(f"conv-{conversation_id}")
    conversation = open_conversation(conversation_id, related=False)  # the hot path: no joins
    message = post(conversation, sender=Message.Sender.CUSTOMER, text=text)
    if conversation.helper_enabled and conversation.assigned_clerk_id is None:
        from chat import helper

        reply, payload = helper.answer(text)
        post(conversation, sender=Message.Sender.BOT, text=reply, payload=payload)
    # No inbox push here: the assigned clerk's sockets are in the conversation's group (they
    # join it on connect and when it is assigned) and count the message themselves.
    return message


def clerk_open(user, conversation_id) -> Conversation:
    conversation = clerk_conversation(user=user, conversation_id=conversation_id, lock=True)
    if conversation.state == Conversation.State.CLOSED:
        raise ChatError(_("Esta conversación ya terminó."), code="closed")
    if conversation.assigned_clerk_id != user.pk:
        raise ChatError(_("Toma la conversación antes de escribir."), code="not_assigned")
    return conversation


@transaction.atomic
def clerk_send(*, user, conversation_id, text) -> Message:
    text = clean_text(text)
    check_rate(f"user-{user.pk}")
    conversation = clerk_open(user, conversation_id)
    return post(conversation, sender=Message.Sender.CLERK, text=text, author=user)


def fill_placeholders(text: str, *, conversation: Conversation, user) -> str:
    values = {
        "nombre": conversation.display_name,
        "tienda": conversation.store.name if conversation.store_id else settings.SITE_NAME,
        "librero": user.first_name or str(user),
    }
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@transaction.atomic
def send_canned(*, user, conversation_id, canned_id) -> Message:
    canned = CannedAnswer.objects.filter(pk=parse_id(canned_id), is_active=True).first()
    if canned is None:
        raise ChatError(_("Esa respuesta rápida no existe."), code="invalid_canned")
    check_rate(f"user-{user.pk}")
    conversation = clerk_open(user, conversation_id)
    text = fill_placeholders(canned.text, conversation=conversation, user=user)
    return post(conversation, sender=Message.Sender.CLERK, text=text[:MAX_TEXT], author=user)


@transaction.atomic
def mark_seen(*, conversation_id: int, reader: str, up_to, read: bool = True) -> int:
    """Mark the other side's messages up to `up_to` delivered (and read); push a receipt."""
    up_to = parse_id(up_to)
    now = timezone.now()
    others = Message.objects.filter(conversation_id=conversation_id, pk__lte=up_to)
    if reader == Message.Sender.CUSTOMER:
        others = others.exclude(sender=Message.Sender.CUSTOMER)
    else:
        others = others.filter(sender=Message.Sender.CUSTOMER)
    changed = others.filter(delivered_at__isnull=True).update(delivered_at=now)
    if read:
        changed += others.filter(read_at__isnull=True).update(read_at=now)
    if changed:
        # The clerk's other tabs see this receipt too (they are in the group) and refresh
        # their unread counts.
        events.broadcast_on_commit(
            events.conversation_group(conversation_id),
            {
                "type": "receipt",
                "conversation": conversation_id,
                "by": reader,
                "up_to": up_to,
                "read": bool(read),
            },
        )
    return changed
