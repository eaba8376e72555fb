"""Reads for the clerk inbox (a constant number of queries whatever the number of rows) and
for the checkout a customer opens from the chat."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.roles import Role
from chat import presence
from chat.models import CannedAnswer, Conversation, FollowUp, Message
from crm.models import Address


def visible_to(user):
    """Conversations a clerk may see (the same rule as services.clerk_can_access)."""
    queryset = Conversation.objects.all()
    if user.is_superuser or user.has_role(Role.OWNER):
        return queryset
    rule = Q(assigned_clerk=user) | Q(store__isnull=True, state=Conversation.State.WAITING)
    if user.store_id:
        rule |= Q(store_id=user.store_id)
    return queryset.filter(rule)


def inbox(*, user, q: str = "") -> dict:
    now = timezone.now()
    base = visible_to(user).select_related("store", "assigned_clerk", "customer")
    waiting = list(base.filter(state=Conversation.State.WAITING).order_by("created_at", "pk")[:100])
    for conversation in waiting:
        conversation.wait_minutes = int((now - conversation.created_at).total_seconds() // 60)
    mine = list(
        base.filter(assigned_clerk=user, state=Conversation.State.ACTIVE)
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__sender=Message.Sender.CUSTOMER, messages__read_at__isnull=True),
            )
        )
        .order_by("-last_activity_at")
    )
    colleagues_active = list(
        base.filter(state=Conversation.State.ACTIVE)
        .exclude(assigned_clerk=user)
        .annotate(clerk_last_seen=F("assigned_clerk__chat_presence__last_seen"))
        .order_by("-last_activity_at")[:50]
    )
    # Left with a clerk who is gone past the grace period: any colleague may take them over.
    away, others = [], []
    for conversation in colleagues_active:
        gone = presence.is_away(conversation.clerk_last_seen, now=now)
        (away if gone else others).append(conversation)
    closed = base.filter(state=Conversation.State.CLOSED)
    q = " ".join(q.split())[:80]
    if q:
        closed = closed.filter(
            Q(display_name__icontains=q)
            | Q(customer__email__icontains=q)
            | Q(messages__text__icontains=q)
        ).distinct()
    follow_ups = FollowUp.objects.filter(handled=False).select_related("store")
    if not (user.is_superuser or user.has_role(Role.OWNER)):
        follow_ups = follow_ups.filter(Q(store__isnull=True) | Q(store_id=user.store_id))
    return {
        "waiting": waiting,
        "mine": mine,
        "others": others,
        "away": away,
        "closed": list(closed.order_by("-closed_at")[:30]),
        "follow_ups": list(follow_ups.order_by("created_at")[:50]),
        "q": q,
    }


def colleagues(user):
    from accounts.models import User
    from chat.services import CLERK_ROLES

    now = timezone.now()
    return (
        User.objects.filter(is_active=True, groups__name__in=CLERK_ROLES)
        .exclude(pk=user.pk)
        .select_related("store")
        # chat_online: what routing sees (chat.presence), not only the colleague's switch.
        .annotate(
            chat_wants_online=F("chat_presence__wants_online"),
            chat_live=presence.live_socket(now=now),
        )
        .distinct()
        .order_by("store__name", "first_name")
    )


def canned_answers():
    return CannedAnswer.objects.filter(is_active=True).order_by("title")


def customer_context(conversation: Conversation) -> dict:
    customer = conversation.customer
    if customer is None:
        return {"conversation": conversation, "customer": None}
    from crm.models import Favorite

    return {
        "conversation": conversation,
        "customer": customer,
        "genres": list(customer.favorite_genres.all()),
        "authors": list(customer.favorite_authors.all()),
        "favorites": [
            favorite.product
            for favorite in Favorite.objects.filter(customer=customer)
            .select_related("product")
            .order_by("-pk")[:8]
        ],
        "orders": list(customer.orders.order_by("-created_at")[:5]),
        "addresses": list(customer.addresses.all()[:3]),
    }


@dataclass(frozen=True)
class ChatDelivery:
    """What the customer told the chat, to fill the checkout they open with "Pagar"."""

    conversation: Conversation
    address: Address | None
    name: str
    email: str


def checkout_delivery(*, session, user) -> ChatDelivery | None:
    """The chat this browser is paying from (chat.views.pay), with the last address given in it.

    Only the conversation that "Pagar" put in the session, and only if this browser (session)
    or account owns it; only the address whose id the system posted in that conversation
    (services.answer_address always writes a new row from what was typed there, so it shows
    nothing the conversation's own log doesn't). An address whose customer has since become
    another person's account is left out.
    """
    from chat import services
    from chat.exceptions import ChatForbidden

    conversation_id = session.get(services.CHECKOUT_SESSION_KEY)
    if not conversation_id:
        return None
    try:
        conversation = services.customer_conversation(session=session, user=user)
    except ChatForbidden:
        return None
    if conversation.pk != conversation_id:
        return None
    answer = (
        conversation.messages.filter(sender=Message.Sender.SYSTEM, payload__has_key="address_id")
        .order_by("-pk")
        .first()
    )
    address = None
    if answer is not None:
        address = (
            Address.objects.select_related("customer")
            .filter(pk=answer.payload["address_id"])
            .first()
        )
    user_id = user.pk if user is not None and user.is_authenticated else None
    if address is not None and address.customer.user_id not in (None, user_id):
        address = None
    return ChatDelivery(
        conversation=conversation,
        address=address,
        name=conversation.display_name,
        email=(answer.payload.get("email", "") if answer is not None else ""),
    )
