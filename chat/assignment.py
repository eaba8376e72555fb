"""Starting, routing, taking, transferring and closing conversations (who answers whom)."""

import math

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from chat import events, presence
from chat.access import clerk_conversation, parse_id
from chat.exceptions import ChatError
from chat.frames import conversation_state
from chat.messaging import mark_seen, post
from chat.models import Conversation, Message
from outbox.spine import publish

CLERK_ROLES = [Role.CLERK.value, Role.STORE_MANAGER.value]


def clean_name(name) -> str:
    name = " ".join(str(name or "").split())[:80]
    if not name:
        raise ChatError(_("Escribe tu nombre para empezar."), code="name_required")
    return name


@transaction.atomic
def start_conversation(*, name: str, customer=None, cart=None) -> Conversation:
    """A new conversation, routed to a clerk when one is free (else it waits)."""
    name = clean_name(name)
    conversation = Conversation.objects.create(
        display_name=name,
        customer=customer,
        store=customer.preferred_store if customer is not None else None,
        cart=cart if cart is not None and cart.customer_id is None else None,
    )
    post(
        conversation,
        sender=Message.Sender.SYSTEM,
        text=_("Hola, %(name)s. Un librero de Libros Pepito te atenderá en un momento.")
        % {"name": name},
    )
    if route(conversation=conversation) is None:
        post_wait_notice(conversation)
    events.inbox_changed()
    return conversation


def online_clerks():
    """Clerks who want to take chats and have a live inbox socket (chat.presence)."""
    from accounts.models import User

    return (
        User.objects.filter(is_active=True, groups__name__in=CLERK_ROLES)
        .filter(presence.online_q())
        .select_related("store")
        .annotate(
            active_chats=Count(
                "chat_conversations",
                filter=Q(chat_conversations__state=Conversation.State.ACTIVE),
                distinct=True,
            )
        )
        .distinct()
    )


def route(*, conversation: Conversation):
    """Assign an online clerk of the customer's store, else the least busy one; or None.

    Clerks at CHAT_MAX_CONCURRENT active conversations are skipped.
    """
    if conversation.assigned_clerk_id or conversation.state != Conversation.State.WAITING:
        return conversation.assigned_clerk
    _lock_routing()
    candidates = [
        clerk
        for clerk in online_clerks().order_by("pk")
        if clerk.active_chats < settings.CHAT_MAX_CONCURRENT
    ]
    if not candidates:
        return None
    preferred = [c for c in candidates if c.store_id and c.store_id == conversation.store_id]
    pool = preferred or candidates
    clerk = min(pool, key=lambda c: (c.active_chats, c.pk))
    _assign(conversation, clerk)
    return clerk


ROUTING_LOCK = 4_206_001  # pg_advisory_xact_lock key: one routing decision at a time


def _lock_routing() -> None:
    """Serialise routing until the transaction ends, so two conversations starting in the same
    instant cannot both see a clerk's last free slot (CHAT_MAX_CONCURRENT). Routing is rare
    (a new conversation, a clerk coming online), so one lock for all of it costs nothing. SQLite
    writes are serialised anyway."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROUTING_LOCK])


def _assign(conversation: Conversation, clerk, *, transfer_from=None) -> None:
    conversation.assigned_clerk = clerk
    conversation.state = Conversation.State.ACTIVE
    conversation.helper_enabled = False
    conversation.assigned_at = timezone.now()
    if clerk.store_id and (conversation.store_id is None or transfer_from is not None):
        conversation.store_id = clerk.store_id
    conversation.save(
        update_fields=["assigned_clerk", "state", "helper_enabled", "assigned_at", "store"]
    )
    store_name = clerk.store.name if clerk.store_id else settings.SITE_NAME
    clerk_name = clerk.first_name or str(clerk)
    if transfer_from is None:
        text = _("Te atiende %(clerk)s, de %(store)s.") % {"clerk": clerk_name, "store": store_name}
    else:
        text = _("Ahora te atiende %(clerk)s, de %(store)s.") % {
            "clerk": clerk_name,
            "store": store_name,
        }
    post(
        conversation,
        sender=Message.Sender.SYSTEM,
        text=text,
        payload={"joined": clerk_name, "store": store_name},
    )
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk),
        {"type": "state", "conversation": conversation_state(conversation)},
    )
    # The clerk's open inboxes join the conversation's group (ClerkChatConsumer.chat_frame).
    events.broadcast_on_commit(
        events.clerk_group(clerk.pk), {"type": "assigned", "conversation": conversation.pk}
    )
    events.inbox_changed()


def assigned_conversation_ids(user) -> list[int]:
    """The open conversations a clerk holds: their inbox sockets follow all of them."""
    return list(
        Conversation.objects.filter(assigned_clerk=user)
        .exclude(state=Conversation.State.CLOSED)
        .values_list("pk", flat=True)[:200]
    )


def wait_estimate(conversation: Conversation) -> dict:
    """How many are ahead and a rough wait, plus whether any store is open now."""
    from inventory.models import Store

    now = timezone.now()
    ahead = Conversation.objects.filter(
        state=Conversation.State.WAITING, created_at__lt=conversation.created_at
    ).count()
    online = online_clerks().count()
    minutes = math.ceil((ahead + 1) * settings.CHAT_AVG_HANDLE_MINUTES / max(online, 1))
    stores = Store.objects.filter(is_active=True, kind=Store.Kind.STORE)
    is_open = any(store.is_open_at(now) for store in stores)
    return {"ahead": ahead, "minutes": minutes, "online": online, "open": is_open}


def post_wait_notice(conversation: Conversation) -> None:
    estimate = wait_estimate(conversation)
    if not estimate["open"]:
        text = _(
            "Nuestras tiendas están cerradas en este momento. Puedes dejarnos un mensaje y te "
            "responderemos apenas abramos, o usar el asistente automático."
        )
    elif estimate["online"] == 0:
        text = _(
            "Ahora no hay libreros conectados. Puedes esperar, dejarnos un mensaje o usar el "
            "asistente automático."
        )
    else:
        text = (
            _(
                "Todos nuestros libreros están ocupados. Espera aproximada: %(minutes)s min "
                "(%(ahead)s personas antes que tú). Puedes esperar, dejarnos un mensaje o usar el "
                "asistente automático."
            )
            % estimate
        )
    post(
        conversation,
        sender=Message.Sender.SYSTEM,
        text=text,
        payload={"wait": estimate, "actions": ["leave_message", "helper"]},
    )


@transaction.atomic
def take(*, user, conversation_id) -> Conversation:
    """Take a waiting conversation, or one whose clerk has been away past the grace period.

    A colleague's conversation is never taken while they are connected or only briefly gone
    (chat.presence): the customer would lose the person who knows their case.
    """
    conversation = clerk_conversation(user=user, conversation_id=conversation_id, lock=True)
    if conversation.state == Conversation.State.CLOSED:
        raise ChatError(_("Esta conversación ya está cerrada."), code="closed")
    if conversation.assigned_clerk_id == user.pk:
        return conversation
    if conversation.assigned_clerk_id:
        if not presence.clerk_is_away(conversation.assigned_clerk_id):
            raise ChatError(
                _("%(clerk)s ya atiende esta conversación.")
                % {"clerk": conversation.assigned_clerk},
                code="taken",
            )
        _assign(conversation, user, transfer_from=conversation.assigned_clerk)
        return conversation
    _assign(conversation, user)
    return conversation


@transaction.atomic
def transfer(*, user, conversation_id, to_user_id) -> Conversation:
    from accounts.models import User

    conversation = clerk_conversation(user=user, conversation_id=conversation_id, lock=True)
    if conversation.state == Conversation.State.CLOSED:
        raise ChatError(_("Esta conversación ya está cerrada."), code="closed")
    target = (
        User.objects.select_related("store")
        .filter(pk=parse_id(to_user_id), is_active=True, groups__name__in=CLERK_ROLES)
        .first()
    )
    if target is None:
        raise ChatError(_("Elige a un colega de la lista."), code="invalid_clerk")
    if target.pk == conversation.assigned_clerk_id:
        raise ChatError(_("Esa persona ya atiende esta conversación."), code="same_clerk")
    _assign(conversation, target, transfer_from=user)
    return conversation


@transaction.atomic
def close(*, conversation_id, user=None, by_customer: bool = False) -> Conversation:
    if by_customer:
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
    else:
        conversation = clerk_conversation(user=user, conversation_id=conversation_id, lock=True)
    if conversation.state == Conversation.State.CLOSED:
        return conversation
    conversation.state = Conversation.State.CLOSED
    conversation.closed_at = timezone.now()
    conversation.helper_enabled = False
    conversation.save(update_fields=["state", "closed_at", "helper_enabled"])
    publish(
        "chat.closed",
        conversation_id=conversation.pk,
        customer_id=conversation.customer_id,
        clerk_id=conversation.assigned_clerk_id,
        store_id=conversation.store_id,
    )
    post(
        conversation,
        sender=Message.Sender.SYSTEM,
        text=_("La conversación terminó. ¿Cómo te atendimos? Califícanos de 1 a 5."),
        payload={"rate": True},
    )
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk),
        {"type": "state", "conversation": conversation_state(conversation)},
    )
    events.inbox_changed()
    return conversation


@transaction.atomic
def rate(*, conversation_id: int, rating, comment: str = "") -> Conversation:
    conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
    if conversation.state != Conversation.State.CLOSED:
        raise ChatError(_("Podrás calificar cuando termine la conversación."), code="not_closed")
    if conversation.rating is not None:
        raise ChatError(_("Ya calificaste esta conversación. ¡Gracias!"), code="already_rated")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ChatError(_("Elige una calificación de 1 a 5."), code="invalid_rating")
    conversation.rating = rating
    conversation.rating_comment = str(comment or "").strip()[:500]
    conversation.save(update_fields=["rating", "rating_comment"])
    # Rating answers the last message ("¿Cómo te atendimos?"): the customer has read the whole
    # conversation, so no page counts any of it as unread again.
    last = conversation.messages.order_by("-pk").values_list("pk", flat=True).first()
    if last is not None:
        mark_seen(conversation_id=conversation.pk, reader=Message.Sender.CUSTOMER, up_to=last)
    publish(
        "chat.rated",
        conversation_id=conversation.pk,
        customer_id=conversation.customer_id,
        clerk_id=conversation.assigned_clerk_id,
        rating=rating,
        comment=conversation.rating_comment,
    )
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk),
        {"type": "state", "conversation": conversation_state(conversation)},
    )
    return conversation


def route_waiting(*, limit: int = 50) -> int:
    """Route waiting conversations, oldest first, while a clerk is free; how many were.

    Caller runs inside a transaction (the conversations are locked).
    """
    routed = 0
    waiting = Conversation.objects.select_for_update().filter(state=Conversation.State.WAITING)
    for conversation in waiting.order_by("created_at", "pk")[:limit]:
        if route(conversation=conversation) is None:
            break
        routed += 1
    return routed
