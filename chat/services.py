"""Writes of the live chat. Sync, transactional; the consumers and inbox views call these.

Every message is stored first and pushed to the sockets after the commit (chat.events), so a
client that reconnects with the last id it saw gets exactly what it missed (`messages_since`).
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from chat import events, presence
from chat.exceptions import ChatError, ChatForbidden
from chat.models import MAX_TEXT, CannedAnswer, ClerkPresence, Conversation, FollowUp, Message
from core.money import format_soles as soles

CLERK_ROLES = [Role.CLERK.value, Role.STORE_MANAGER.value]
ACTIVITY_RESOLUTION = 5  # seconds: how stale Conversation.last_activity_at may be


# Reading and serialising
# ------------------------------------------------------------------------------


def message_frame(message: Message) -> dict:
    author = message.author
    return {
        "type": "message",
        "message": {
            "id": message.pk,
            "conversation": message.conversation_id,
            "sender": message.sender,
            "kind": message.kind,
            "text": message.text,
            "payload": message.payload,
            "author": (author.first_name or str(author)) if author else "",
            "created_at": message.created_at.isoformat(),
            "delivered": message.delivered_at is not None,
            "read": message.read_at is not None,
        },
    }


def messages_since(*, conversation_id: int, after: int = 0, limit: int = 500) -> list[dict]:
    """Frames of the messages after `after`, oldest first: the reconnect catch-up."""
    rows = (
        Message.objects.filter(conversation_id=conversation_id, pk__gt=max(0, int(after or 0)))
        .select_related("author")
        .order_by("pk")[:limit]
    )
    return [message_frame(message) for message in rows]


def conversation_state(conversation: Conversation) -> dict:
    clerk = conversation.assigned_clerk
    return {
        "id": conversation.pk,
        "state": conversation.state,
        "name": conversation.display_name,
        "clerk": (clerk.first_name or str(clerk)) if clerk else "",
        "store": conversation.store.name if conversation.store_id else "",
        "helper": conversation.helper_enabled,
        "rated": conversation.rating is not None,
    }


def _parse_id(raw) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ChatError(_("Identificador no válido."), code="invalid_id") from None
    if value <= 0 or value > 2**62:
        raise ChatError(_("Identificador no válido."), code="invalid_id")
    return value


# Authorization
# ------------------------------------------------------------------------------


def is_chat_clerk(user) -> bool:
    return bool(user and user.is_authenticated and user.is_store_staff)


def clerk_can_access(user, conversation: Conversation) -> bool:
    """A clerk sees conversations of their store, assigned to them, or waiting without store."""
    if not is_chat_clerk(user):
        return False
    if user.is_superuser or user.has_role(Role.OWNER):
        return True
    if conversation.assigned_clerk_id == user.pk:
        return True
    if conversation.store_id is not None:
        return conversation.store_id == user.store_id
    return conversation.state == Conversation.State.WAITING


def clerk_conversation(*, user, conversation_id, lock: bool = False) -> Conversation:
    """The conversation, or ChatForbidden when this clerk may not see it."""
    queryset = Conversation.objects.select_related("assigned_clerk", "store", "customer")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    conversation = queryset.filter(pk=_parse_id(conversation_id)).first()
    if conversation is None or not clerk_can_access(user, conversation):
        raise ChatForbidden()
    return conversation


def customer_conversation(*, session, user, requested_id=None) -> Conversation:
    """The conversation this browser (session) or account owns; ChatForbidden otherwise.

    `requested_id` (from the socket URL) must be that same conversation: asking for another
    one is refused, never silently swapped.
    """
    token = session.get(SESSION_KEY) if session is not None else None
    conversation = None
    if token:
        conversation = (
            Conversation.objects.select_related("assigned_clerk", "store", "customer")
            .filter(visitor_token=str(token)[:64])
            .first()
        )
    if conversation is None and user is not None and user.is_authenticated:
        conversation = (
            Conversation.objects.select_related("assigned_clerk", "store", "customer")
            .filter(customer__user=user)
            .order_by("-last_activity_at")
            .first()
        )
    if conversation is None:
        raise ChatForbidden(_("Todavía no iniciaste una conversación."), code="no_conversation")
    if requested_id not in (None, "") and str(requested_id) != str(conversation.pk):
        raise ChatForbidden()
    if (
        user is not None
        and user.is_authenticated
        and conversation.customer_id
        and conversation.customer.user_id
        and conversation.customer.user_id != user.pk
    ):
        raise ChatForbidden()  # someone else's account
    if user is not None and user.is_authenticated:
        conversation = attach_to_account(conversation=conversation, user=user)
    return conversation


SESSION_KEY = "chat_token"
CHECKOUT_SESSION_KEY = "chat_checkout_conversation"


@transaction.atomic
def attach_to_account(*, conversation: Conversation, user) -> Conversation:
    """After login the visitor's conversation moves to their customer profile."""
    from crm.customers import ensure_customer_for_user

    customer = ensure_customer_for_user(user=user)
    if conversation.customer_id == customer.pk:
        return conversation
    if conversation.customer_id and conversation.customer.user_id:
        return conversation
    conversation.customer = customer
    if conversation.store_id is None and customer.preferred_store_id:
        conversation.store_id = customer.preferred_store_id
    conversation.save(update_fields=["customer", "store"])
    return conversation


# Rate limiting
# ------------------------------------------------------------------------------


def check_rate(sender_key: str) -> None:
    """At most CHAT_RATE_LIMIT messages per CHAT_RATE_WINDOW seconds per sender (fixed window).

    Counted in the shared cache, so a sender cannot get around it through another socket or
    another daphne process; on Redis it is one round trip (INCR and EXPIRE in a pipeline).
    """
    window = settings.CHAT_RATE_WINDOW
    key = f"chat-rate:{sender_key}:{int(time.time() // window)}"
    count = _count_hit(key, window + 1)
    if count > settings.CHAT_RATE_LIMIT:
        raise ChatError(
            _("Estás enviando mensajes muy rápido. Espera unos segundos e inténtalo otra vez."),
            code="rate_limited",
        )


def _count_hit(key: str, timeout: int) -> int:
    client = getattr(cache, "_cache", None)
    if hasattr(client, "get_client"):  # django.core.cache.backends.redis.RedisCache
        key = cache.make_and_validate_key(key)
        pipe = client.get_client(key, write=True).pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, timeout)
        return int(pipe.execute()[0])
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


# Starting, routing, taking
# ------------------------------------------------------------------------------


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
    _post(
        conversation,
        sender=Message.Sender.SYSTEM,
        text=_("Hola, %(name)s. Un librero de Libros Pepito te atenderá en un momento.")
        % {"name": name},
    )
    if route(conversation=conversation) is None:
        _post_wait_notice(conversation)
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
    _post(
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


def _post_wait_notice(conversation: Conversation) -> None:
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
    _post(
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
        .filter(pk=_parse_id(to_user_id), is_active=True, groups__name__in=CLERK_ROLES)
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
    _post(
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
    events.broadcast_on_commit(
        events.conversation_group(conversation.pk),
        {"type": "state", "conversation": conversation_state(conversation)},
    )
    return conversation


@transaction.atomic
def set_presence(*, user, online: bool) -> ClerkPresence:
    """The clerk's switch: whether they want new conversations (their wish, see chat.presence).

    They count as online only while one of their inbox sockets is alive, too. Every inbox tab
    of this clerk gets the new value, so a tab never reasserts a stale one.
    """
    presence_row, _created = ClerkPresence.objects.update_or_create(
        user=user, defaults={"wants_online": bool(online)}
    )
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
    from django.db.models import Exists, OuterRef

    cutoff = timezone.now() - presence.timeout() - presence.grace()
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
        _post(
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


# Messages
# ------------------------------------------------------------------------------


def _post(
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


def _open_conversation(conversation_id, *, related: bool = True) -> Conversation:
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
    conversation = _open_conversation(conversation_id, related=False)  # the hot path: no joins
    message = _post(conversation, sender=Message.Sender.CUSTOMER, text=text)
    if conversation.helper_enabled and conversation.assigned_clerk_id is None:
        from chat import helper

        reply, payload = helper.answer(text)
        _post(conversation, sender=Message.Sender.BOT, text=reply, payload=payload)
    # No inbox push here: the assigned clerk's sockets are in the conversation's group (they
    # join it on connect and when it is assigned) and count the message themselves.
    return message


def _clerk_open(user, conversation_id) -> Conversation:
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
    conversation = _clerk_open(user, conversation_id)
    return _post(conversation, sender=Message.Sender.CLERK, text=text, author=user)


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
    canned = CannedAnswer.objects.filter(pk=_parse_id(canned_id), is_active=True).first()
    if canned is None:
        raise ChatError(_("Esa respuesta rápida no existe."), code="invalid_canned")
    check_rate(f"user-{user.pk}")
    conversation = _clerk_open(user, conversation_id)
    text = fill_placeholders(canned.text, conversation=conversation, user=user)
    return _post(conversation, sender=Message.Sender.CLERK, text=text[:MAX_TEXT], author=user)


@transaction.atomic
def mark_seen(*, conversation_id: int, reader: str, up_to, read: bool = True) -> int:
    """Mark the other side's messages up to `up_to` delivered (and read); push a receipt."""
    up_to = _parse_id(up_to)
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


# Product cards, recommendations, cart and payment
# ------------------------------------------------------------------------------


def stock_rows(stock) -> list[dict]:
    """A product's StoreStock list as the cards show it."""
    return [{"store": row.store.name, "available": row.available, "low": row.low} for row in stock]


def live_stock(raw_ids) -> dict[str, list[dict]]:
    """Current stock per store of the products of some cards: {"<id>": rows}, two queries.

    Cards keep the stock of the moment they were sent; the widget asks this when it shows
    them, so a card sent an hour ago does not promise a copy sold since.
    """
    from catalog.models import Product
    from inventory.selectors import availability_many

    ids = []
    for part in str(raw_ids or "").split(",")[:MAX_STOCK_IDS]:
        if part.strip():
            ids.append(_parse_id(part))
    if not ids:
        raise ChatError(_("Indica al menos un libro."), code="invalid_id")
    active = Product.objects.active().filter(pk__in=ids).values_list("pk", flat=True)
    return {str(pk): stock_rows(stock) for pk, stock in availability_many(list(active)).items()}


MAX_STOCK_IDS = 30


def product_payload(product, *, reason: str = "") -> dict:
    from inventory.selectors import availability

    return {
        "product_id": product.pk,
        "title": product.title,
        "authors": product.author_names,
        "price": soles(product.price),
        "cover": product.cover_url,
        "url": product.get_absolute_url(),
        "add_url": reverse("orders:cart_add", args=[product.pk]),
        "reason": reason,
        "stock": stock_rows(availability(product)),
    }


def _active_product(product_id):
    from catalog.models import Product

    product = Product.objects.active().for_cards().filter(pk=_parse_id(product_id)).first()
    if product is None:
        raise ChatError(_("Ese libro no existe o ya no está a la venta."), code="invalid_product")
    return product


@transaction.atomic
def send_product_card(*, user, conversation_id, product_id, reason: str = "") -> Message:
    product = _active_product(product_id)
    conversation = _clerk_open(user, conversation_id)
    return _post(
        conversation,
        sender=Message.Sender.CLERK,
        kind=Message.Kind.PRODUCT_CARD,
        text=product.title,
        payload=product_payload(product, reason=reason),
        author=user,
    )


@transaction.atomic
def send_recommendations(*, user, conversation_id, product_id=None, limit: int = 3):
    """ "Del mismo autor" (with a product) or "para ti" (the customer's taste) cards."""
    from catalog.selectors import best_sellers
    from shop import recommendations

    conversation = _clerk_open(user, conversation_id)
    if product_id not in (None, ""):
        product = _active_product(product_id)
        picks = [
            (p, _("Del mismo autor que «%(t)s»") % {"t": product.title})
            for p in recommendations.more_by_same_author(product, limit=limit)
        ]
    elif conversation.customer_id:
        picks = [
            (r.product, str(r.reason))
            for r in recommendations.for_customer(conversation.customer, limit=limit)
        ]
    else:
        picks = [(p, _("De lo más vendido")) for p in best_sellers(limit)]
    if not picks:
        raise ChatError(_("No encontramos recomendaciones para enviar."), code="no_recommendations")
    return [
        _post(
            conversation,
            sender=Message.Sender.CLERK,
            kind=Message.Kind.PRODUCT_CARD,
            text=product.title,
            payload=product_payload(product, reason=reason),
            author=user,
        )
        for product, reason in picks[:limit]
    ]


def chat_cart(conversation: Conversation, *, create: bool = True):
    """The cart the clerk fills and the customer pays.

    A customer with an account has one cart across channels: that one. A visitor without an
    account gets the anonymous cart of the browser that started the chat (kept on the
    conversation); the "Pagar" view puts it in the session so /checkout/ uses it.
    """
    from orders import cart as carts
    from orders.models import Cart

    if conversation.customer_id and conversation.customer.user_id:
        return carts.cart_for_customer(conversation.customer, create=create)
    cart = None
    if conversation.cart_id:
        cart = Cart.objects.filter(
            pk=conversation.cart_id, customer__isnull=True, checked_out_at__isnull=True
        ).first()
    if cart is None and create:
        cart = Cart.objects.create()
        conversation.cart = cart
        conversation.save(update_fields=["cart"])
    return cart


@transaction.atomic
def clerk_cart_add(*, user, conversation_id, product_id, quantity=1) -> None:
    from orders import cart as carts
    from orders.exceptions import CartError

    product = _active_product(product_id)
    conversation = _clerk_open(user, conversation_id)
    try:
        carts.add_to_cart(
            cart=chat_cart(conversation), product=product, quantity=carts.parse_quantity(quantity)
        )
    except CartError as error:
        raise ChatError(error.message, code="cart") from None
    # The clerk's panel gets the new summary from push_cart (orders.cart.cart_changed).


def cart_summary(conversation: Conversation) -> dict:
    return summarize_cart(chat_cart(conversation, create=False))


def summarize_cart(cart) -> dict:
    """A cart as the clerk's panel and a payment request show it."""
    from orders import cart as carts

    summary = carts.summarize(cart)
    return {
        "lines": [
            {
                "title": row.product.title,
                "quantity": row.quantity,
                "total": soles(row.total),
                "available": row.available,
            }
            for row in summary.lines
        ],
        "subtotal": soles(summary.subtotal),
        "count": summary.count,
    }


def push_cart(sender=None, *, cart, **kwargs) -> None:
    """A cart changed (orders.cart.cart_changed): the open conversations that fill it (see
    chat_cart) get its new summary; the clerk's panel shows it, whoever changed the cart."""
    open_conversations = Conversation.objects.exclude(state=Conversation.State.CLOSED)
    if cart.customer_id:  # an account's one cart
        filling = open_conversations.filter(
            customer_id=cart.customer_id, customer__user__isnull=False
        )
    else:  # a visitor's cart, kept on the conversation
        filling = open_conversations.filter(cart_id=cart.pk).filter(
            Q(customer__isnull=True) | Q(customer__user__isnull=True)
        )
    conversation_ids = list(filling.order_by("-last_activity_at").values_list("pk", flat=True)[:3])
    if not conversation_ids:
        return
    summary = summarize_cart(cart)
    for conversation_id in conversation_ids:
        events.broadcast_on_commit(
            events.conversation_group(conversation_id),
            {"type": "cart", "conversation": conversation_id, "cart": summary},
        )


@transaction.atomic
def send_payment_request(*, user, conversation_id) -> Message:
    conversation = _clerk_open(user, conversation_id)
    summary = cart_summary(conversation)
    if not summary["count"]:
        raise ChatError(
            _("El carrito está vacío: agrega al menos un libro antes de pedir el pago."),
            code="empty_cart",
        )
    return _post(
        conversation,
        sender=Message.Sender.CLERK,
        kind=Message.Kind.PAYMENT_REQUEST,
        text=_("Tu pedido está listo para pagar: %(total)s") % {"total": summary["subtotal"]},
        payload={**summary, "pay_url": reverse("chat:pay")},
        author=user,
    )


@transaction.atomic
def send_address_request(*, user, conversation_id) -> Message:
    conversation = _clerk_open(user, conversation_id)
    return _post(
        conversation,
        sender=Message.Sender.CLERK,
        kind=Message.Kind.ADDRESS_REQUEST,
        text=_("¿Nos dejas tu dirección y teléfono para el envío?"),
        payload={"needs_email": not conversation.customer_id},
        author=user,
    )


@dataclass
class AddressAnswer:
    street: str
    district: str
    reference: str
    phone: str
    email: str


def clean_address(data) -> AddressAnswer:
    from core.validators import normalize_phone
    from crm.peru import LIMA_DISTRICTS

    if not isinstance(data, dict):
        raise ChatError(_("Completa el formulario."), code="invalid_address")

    def field(name, limit):
        value = data.get(name, "")
        return " ".join(str(value).split())[:limit] if isinstance(value, str | int) else ""

    street, reference = field("street", 200), field("reference", 200)
    district, email = field("district", 80), field("email", 254).lower()
    if len(street) < 5:
        raise ChatError(_("Escribe tu dirección (calle y número)."), code="invalid_address")
    districts = {d.lower(): d for d in LIMA_DISTRICTS}
    if district.lower() not in districts:
        raise ChatError(_("Elige un distrito de Lima de la lista."), code="invalid_district")
    try:
        phone = normalize_phone(field("phone", 30))
    except ValidationError:
        raise ChatError(
            _("Escribe un celular peruano válido, por ejemplo 987 654 321."), code="invalid_phone"
        ) from None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ChatError(_("Escribe un correo válido."), code="invalid_email") from None
    return AddressAnswer(street, districts[district.lower()], reference, phone, email)


@transaction.atomic
def answer_address(*, conversation_id: int, data) -> Message:
    """Save the customer's address and phone to their profile (crm), then tell both sides."""
    from crm.customers import find_or_create_customer, save_address
    from crm.models import Address

    answer = clean_address(data)
    check_rate(f"conv-{conversation_id}")
    conversation = _open_conversation(conversation_id)
    customer = conversation.customer
    if customer is None:
        found = find_or_create_customer(
            name=conversation.display_name, email=answer.email, phone=answer.phone
        )
        if found.user_id:
            # Never write into an account from an anonymous chat.
            raise ChatError(
                _(
                    "Ese correo o teléfono tiene una cuenta: inicia sesión para guardar tu "
                    "dirección."
                ),
                code="login_required",
            )
        customer = found
        conversation.customer = customer
        conversation.save(update_fields=["customer"])
    if not customer.phone:
        customer.phone = answer.phone
        customer.save(update_fields=["phone", "updated_at"])
    address = save_address(
        customer=customer,
        address=Address(
            street=answer.street,
            district=answer.district,
            reference=answer.reference,
            phone=answer.phone,
            label=_("Chat"),
        ),
    )
    return _post(
        conversation,
        sender=Message.Sender.SYSTEM,
        text=_("Dirección guardada: %(address)s · %(phone)s")
        % {"address": address, "phone": address.phone_display},
        # The checkout opened from "Pagar" offers this address, and the e-mail typed with it
        # (chat.selectors.checkout_delivery).
        payload={"address_id": address.pk, "email": answer.email},
    )


@transaction.atomic
def link_order(*, conversation_id: int, order) -> Message | None:
    """The order paid from a payment request shows up in its conversation."""
    conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
    if conversation is None:
        return None
    return _post(
        conversation,
        sender=Message.Sender.SYSTEM,
        kind=Message.Kind.ORDER_STATUS,
        text=_("Pedido %(number)s: %(status)s")
        % {"number": order.number, "status": order.get_status_display()},
        payload={
            "number": order.number,
            "status": order.status,
            "status_display": str(order.get_status_display()),
            "total": soles(order.total) if hasattr(order, "total") else "",
            "url": order.get_absolute_url(),
        },
    )


# When nobody is free
# ------------------------------------------------------------------------------


@transaction.atomic
def use_helper(*, conversation_id: int) -> Message:
    from chat import helper

    conversation = _open_conversation(conversation_id)
    if conversation.assigned_clerk_id:
        raise ChatError(_("Ya te atiende una persona."), code="clerk_present")
    conversation.helper_enabled = True
    conversation.save(update_fields=["helper_enabled"])
    return _post(
        conversation, sender=Message.Sender.BOT, text=helper.GREETING, payload=helper.PAYLOAD
    )


@transaction.atomic
def ask_for_human(*, conversation_id: int) -> Conversation:
    conversation = _open_conversation(conversation_id)
    conversation.helper_enabled = False
    conversation.save(update_fields=["helper_enabled"])
    if route(conversation=conversation) is None:
        _post_wait_notice(conversation)
    events.inbox_changed()
    return conversation


@transaction.atomic
def leave_message(*, conversation_id: int | None, name, email="", phone="", text="") -> FollowUp:
    from core.validators import normalize_phone

    name = clean_name(name)
    text = clean_text(text)
    email = str(email or "").strip().lower()[:254]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ChatError(_("Escribe un correo válido."), code="invalid_email") from None
    phone_raw = str(phone or "").strip()
    if phone_raw:
        try:
            phone = normalize_phone(phone_raw)
        except ValidationError:
            raise ChatError(
                _("Escribe un celular peruano válido, por ejemplo 987 654 321."),
                code="invalid_phone",
            ) from None
    else:
        phone = ""
    if not email and not phone:
        raise ChatError(
            _("Déjanos un correo o un teléfono para responderte."), code="contact_required"
        )
    conversation = None
    if conversation_id:
        conversation = Conversation.objects.select_for_update().filter(pk=conversation_id).first()
        check_rate(f"conv-{conversation_id}")
    follow_up = FollowUp.objects.create(
        conversation=conversation,
        name=name,
        email=email,
        phone=phone,
        text=text,
        store=conversation.store if conversation else None,
    )
    if conversation is not None:
        _post(
            conversation,
            sender=Message.Sender.SYSTEM,
            text=_("Recibimos tu mensaje. Un librero te escribirá a %(contact)s.")
            % {"contact": email or phone},
        )
    events.inbox_changed()
    return follow_up


@transaction.atomic
def handle_follow_up(*, user, follow_up_id) -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().filter(pk=_parse_id(follow_up_id)).first()
    if follow_up is None or not is_chat_clerk(user):
        raise ChatForbidden()
    if follow_up.store_id and follow_up.store_id != user.store_id and not user.is_superuser:
        raise ChatForbidden()
    follow_up.handled = True
    follow_up.handled_by = user
    follow_up.save(update_fields=["handled", "handled_by"])
    events.inbox_changed()
    return follow_up
