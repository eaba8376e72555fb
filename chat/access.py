"""Who may see a conversation: one query, and every yes/no check derived from it.

- a customer: the conversation of this browser (its session's token) unless it belongs to
  another person's account, and the conversations of their own account;
- a clerk or store manager: the conversations assigned to them, their store's, and those
  waiting without a store;
- the owner and the admin (superuser): every conversation.

The follow-ups a visitor left ("déjanos un mensaje") follow the same store rule.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.roles import Role
from chat.exceptions import ChatError, ChatForbidden
from chat.models import Conversation, FollowUp

SESSION_KEY = "chat_token"

CUSTOMER = "customer"
CLERK = "clerk"


def parse_id(raw) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ChatError(_("Identificador no válido."), code="invalid_id") from None
    if value <= 0 or value > 2**62:
        raise ChatError(_("Identificador no válido."), code="invalid_id")
    return value


def is_chat_clerk(user) -> bool:
    return bool(user and user.is_authenticated and user.is_store_staff)


def sees_every_store(user) -> bool:
    return bool(user.is_superuser or user.has_role(Role.OWNER))


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated


def _customer_rule(*, user, session) -> Q:
    rule = Q(pk__in=[])
    token = session.get(SESSION_KEY) if session is not None else None
    if token:
        by_token = Q(visitor_token=str(token)[:64])
        if _authenticated(user):  # never someone else's account
            by_token &= (
                Q(customer__isnull=True) | Q(customer__user__isnull=True) | Q(customer__user=user)
            )
        rule |= by_token
    if _authenticated(user):
        rule |= Q(customer__user=user)
    return rule


def _clerk_rule(user) -> Q | None:
    """None: every conversation."""
    if not is_chat_clerk(user):
        return Q(pk__in=[])
    if sees_every_store(user):
        return None
    rule = Q(assigned_clerk=user) | Q(store__isnull=True, state=Conversation.State.WAITING)
    if user.store_id:
        rule |= Q(store_id=user.store_id)
    return rule


def visible_conversations(*, user=None, session=None, side: str = CLERK) -> QuerySet:
    """The conversations `user` (and this browser's `session`) may see, as a customer
    (`side=CUSTOMER`) or at the inbox (`side=CLERK`)."""
    queryset = Conversation.objects.all()
    if side == CUSTOMER:
        return queryset.filter(_customer_rule(user=user, session=session))
    rule = _clerk_rule(user)
    return queryset if rule is None else queryset.filter(rule)


def may_see(conversation: Conversation, *, user=None, session=None, side: str = CLERK) -> bool:
    return (
        visible_conversations(user=user, session=session, side=side)
        .filter(pk=conversation.pk)
        .exists()
    )


def clerk_can_access(user, conversation: Conversation) -> bool:
    return may_see(conversation, user=user, side=CLERK)


def follow_ups_visible_to(user) -> QuerySet:
    """The follow-ups a clerk sees in the inbox and may mark handled: their store's and those
    without a store; the owner and the admin see (and handle) every store's."""
    queryset = FollowUp.objects.all()
    if not is_chat_clerk(user):
        return queryset.none()
    if sees_every_store(user):
        return queryset
    return queryset.filter(Q(store__isnull=True) | Q(store_id=user.store_id))


def clerk_conversation(*, user, conversation_id, lock: bool = False) -> Conversation:
    """The conversation, or ChatForbidden when this clerk may not see it."""
    queryset = visible_conversations(user=user).select_related(
        "assigned_clerk", "store", "customer"
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    conversation = queryset.filter(pk=parse_id(conversation_id)).first()
    if conversation is None:
        raise ChatForbidden()
    return conversation


def customer_conversation(*, session, user, requested_id=None) -> Conversation:
    """The conversation this browser (session) or account owns; ChatForbidden otherwise.

    `requested_id` (from the socket URL) must be that same conversation: asking for another
    one is refused, never silently swapped. The browser's own conversation comes first, then
    the account's latest.
    """
    mine = visible_conversations(user=user, session=session, side=CUSTOMER).select_related(
        "assigned_clerk", "store", "customer"
    )
    token = session.get(SESSION_KEY) if session is not None else None
    conversation = None
    if token:
        conversation = mine.filter(visitor_token=str(token)[:64]).first()
    if conversation is None and _authenticated(user):
        conversation = mine.filter(customer__user=user).order_by("-last_activity_at").first()
    if conversation is None:
        if token and Conversation.objects.filter(visitor_token=str(token)[:64]).exists():
            raise ChatForbidden()  # the token is of a conversation this account may not see
        raise ChatForbidden(_("Todavía no iniciaste una conversación."), code="no_conversation")
    if requested_id not in (None, "") and str(requested_id) != str(conversation.pk):
        raise ChatForbidden()
    if _authenticated(user):
        conversation = attach_to_account(conversation=conversation, user=user)
    return conversation


def attach_to_account(*, conversation: Conversation, user) -> Conversation:
    """After login the visitor's conversation moves to their customer profile."""
    from crm.customers import ensure_customer_for_user

    with transaction.atomic():
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
