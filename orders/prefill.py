"""What a checkout opened from elsewhere starts with: the chat's "Pagar" fills it.

The chat checks that this browser (or account) owns the conversation, then leaves here the
conversation's id, the name, e-mail and phone given there, the address given there and the
cart it filled. The checkout reads only this: it offers that address (only that one, only to
this browser or account), places the order with channel chat and tells the `order.placed`
fact which conversation it came from (the chat links the order there).
"""

from dataclasses import dataclass

from crm.models import Address

SESSION_KEY = "checkout_prefill"


@dataclass(frozen=True)
class CheckoutPrefill:
    conversation_id: int
    name: str
    email: str
    phone: str
    address: Address | None
    # The Club Pepito points and store credit the clerk's payment request offered.
    points: int = 0
    credit: str = ""


def _id(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def set_checkout_prefill(
    session,
    *,
    conversation_id: int,
    name: str,
    email: str,
    phone: str,
    address_id: int | None,
    cart_id: int | None,
    user=None,
    points: int = 0,
    credit: str = "",
) -> None:
    """Called by whoever checked the visitor's right to it (chat.views.pay)."""
    session[SESSION_KEY] = {
        "conversation_id": int(conversation_id),
        "name": str(name or "")[:120],
        "email": str(email or "")[:254],
        "phone": str(phone or "")[:30],
        "address_id": int(address_id) if address_id else None,
        "cart_id": int(cart_id) if cart_id else None,
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "points": _id(points) or 0,
        "credit": str(credit or "")[:16],
    }


def clear_checkout_prefill(session) -> None:
    session.pop(SESSION_KEY, None)


def checkout_prefill(session, user, *, cart=None) -> CheckoutPrefill | None:
    """The prefill of this browser's checkout of `cart`, or None.

    None when it was left for another cart (the one "Pagar" prepared is not the one being paid)
    or another account. The address is left out when its customer has since become another
    person's account.
    """
    data = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(data, dict) or _id(data.get("conversation_id")) is None:
        return None
    user_id = user.pk if user is not None and user.is_authenticated else None
    if data.get("user_id") not in (None, user_id):
        return None
    if cart is not None and data.get("cart_id") not in (None, cart.pk):
        return None
    address = None
    address_id = _id(data.get("address_id"))
    if address_id is not None:
        address = Address.objects.select_related("customer").filter(pk=address_id).first()
    if address is not None and address.customer.user_id not in (None, user_id):
        address = None
    return CheckoutPrefill(
        conversation_id=data["conversation_id"],
        name=str(data.get("name", "")),
        email=str(data.get("email", "")),
        phone=str(data.get("phone", "")) if address is not None else "",
        address=address,
        points=_id(data.get("points")) or 0,
        credit=str(data.get("credit") or "")[:16],
    )
