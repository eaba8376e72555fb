"""Reads for the clerk inbox (a constant number of queries whatever the number of rows) and
for the checkout a customer opens from the chat."""

from django.db.models import Count, F, Q
from django.utils import timezone

from chat import access, presence
from chat.models import CannedAnswer, Conversation, Message
from crm.models import Address


def visible_to(user):
    """Conversations a clerk may see (chat.access: the rule every check is derived from)."""
    return access.visible_conversations(user=user, side=access.CLERK)


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
    follow_ups = access.follow_ups_visible_to(user).filter(handled=False).select_related("store")
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
    from chat.assignment import CLERK_ROLES

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


def checkout_delivery(conversation: Conversation) -> dict:
    """What the customer told this conversation, to fill the checkout they open with "Pagar"
    (chat.views.pay hands it to orders.prefill once it checked the browser owns it).

    Only the address whose id the system posted in this conversation (selling.answer_address
    always writes a new row from what was typed there, so it shows nothing the conversation's
    own log doesn't), with the e-mail typed with it.
    """
    answer = (
        conversation.messages.filter(sender=Message.Sender.SYSTEM, payload__has_key="address_id")
        .order_by("-pk")
        .first()
    )
    address = None
    if answer is not None:
        address = Address.objects.filter(pk=answer.payload["address_id"]).first()
    return {
        "conversation_id": conversation.pk,
        "name": conversation.display_name,
        "email": answer.payload.get("email", "") if answer is not None else "",
        "phone": address.phone_display if address is not None and address.phone else "",
        "address_id": address.pk if address is not None else None,
    }
