"""Selling in the chat: product cards and recommendations, the cart the clerk fills, the
payment request, and the address and phone the customer leaves for the delivery.

Payloads keep amounts plain ("45.90"); chat.frames formats them for the browser.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chat.access import parse_id
from chat.exceptions import ChatError
from chat.frames import display_cart
from chat.messaging import clerk_open, open_conversation, post
from chat.models import Conversation, Message
from chat.ratelimit import check_rate
from core.money import format_soles, to_decimal


def plain_amount(value) -> str:
    """An amount as a payload keeps it: "45.90"."""
    return str(to_decimal(value))


# Product cards and recommendations
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
            ids.append(parse_id(part))
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
        "price": plain_amount(product.price),
        "cover": product.cover_url,
        "url": product.get_absolute_url(),
        "add_url": reverse("orders:cart_add", args=[product.pk]),
        "reason": reason,
        "stock": stock_rows(availability(product)),
    }


def _active_product(product_id):
    from catalog.models import Product

    product = Product.objects.active().for_cards().filter(pk=parse_id(product_id)).first()
    if product is None:
        raise ChatError(_("Ese libro no existe o ya no está a la venta."), code="invalid_product")
    return product


@transaction.atomic
def send_product_card(*, user, conversation_id, product_id, reason: str = "") -> Message:
    product = _active_product(product_id)
    conversation = clerk_open(user, conversation_id)
    return post(
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

    conversation = clerk_open(user, conversation_id)
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
        post(
            conversation,
            sender=Message.Sender.CLERK,
            kind=Message.Kind.PRODUCT_CARD,
            text=product.title,
            payload=product_payload(product, reason=reason),
            author=user,
        )
        for product, reason in picks[:limit]
    ]


# The chat's cart
# ------------------------------------------------------------------------------


def chat_cart(conversation: Conversation, *, create: bool = True):
    """The cart the clerk fills and the customer pays.

    A customer with an account has one cart across channels: that one. A visitor without an
    account gets the anonymous cart of the browser that started the chat (kept on the
    conversation); the "Pagar" view makes it the one /checkout/ uses.
    """
    from orders import cart as carts

    if conversation.customer_id and conversation.customer.user_id:
        return carts.cart_for_customer(conversation.customer, create=create)
    cart = carts.open_anonymous_cart(conversation.cart_id)
    if cart is None and create:
        cart = carts.open_anonymous_cart(None, create=True)
        conversation.cart = cart
        conversation.save(update_fields=["cart"])
    return cart


@transaction.atomic
def clerk_cart_add(*, user, conversation_id, product_id, quantity=1) -> None:
    from orders import cart as carts
    from orders.exceptions import CartError

    product = _active_product(product_id)
    conversation = clerk_open(user, conversation_id)
    try:
        carts.add_to_cart(
            cart=chat_cart(conversation), product=product, quantity=carts.parse_quantity(quantity)
        )
    except CartError as error:
        raise ChatError(error.message, code="cart") from None
    # The clerk's panel gets the new summary through `cart.changed` (chat.handlers).


def cart_amounts(cart) -> dict:
    """A cart as a payment request keeps it: lines and subtotal with plain amounts."""
    from orders import cart as carts

    summary = carts.summarize(cart)
    return {
        "lines": [
            {
                "title": row.product.title,
                "quantity": row.quantity,
                "total": plain_amount(row.total),
                "available": row.available,
            }
            for row in summary.lines
        ],
        "subtotal": plain_amount(summary.subtotal),
        "count": summary.count,
    }


def summarize_cart(cart) -> dict:
    """A cart as the clerk's panel shows it (amounts formatted)."""
    return display_cart(cart_amounts(cart))


def cart_summary(conversation: Conversation) -> dict:
    return summarize_cart(chat_cart(conversation, create=False))


# The payment request, the address
# ------------------------------------------------------------------------------


@transaction.atomic
def send_payment_request(*, user, conversation_id, points=None, credit=None) -> Message:
    """The "Pagar" message with the cart's lines. `points` and `credit`: the Club Pepito points
    and store credit the customer asked to use (checked against their balance now; the
    checkout the customer opens starts with them, and reserves them when the order is placed,
    checking again)."""
    conversation = clerk_open(user, conversation_id)
    summary = cart_amounts(chat_cart(conversation, create=False))
    if not summary["count"]:
        raise ChatError(
            _("El carrito está vacío: agrega al menos un libro antes de pedir el pago."),
            code="empty_cart",
        )
    subtotal = to_decimal(summary["subtotal"]) or Decimal("0.00")
    tenders = _payment_tenders(conversation, subtotal=subtotal, points=points, credit=credit)
    text = _("Tu pedido está listo para pagar: %(total)s") % {
        "total": format_soles(summary["subtotal"])
    }
    if tenders:
        text += " " + _(
            "Usas %(points)s puntos y %(credit)s de tu vale: pagas %(due)s (más el envío si "
            "eliges delivery)."
        ) % {
            "points": tenders["points"],
            "credit": format_soles(tenders["credit"]),
            "due": format_soles(tenders["due"]),
        }
    return post(
        conversation,
        sender=Message.Sender.CLERK,
        kind=Message.Kind.PAYMENT_REQUEST,
        text=text,
        payload={**summary, **tenders, "pay_url": reverse("chat:pay")},
        author=user,
    )


def _payment_tenders(conversation: Conversation, *, subtotal, points, credit) -> dict:
    """{} or {"points", "points_value", "credit", "due"} for the payment request, within the
    customer's balances and the program's limits (loyalty.services.redeemable)."""
    from orders import tenders
    from orders.exceptions import TenderRefused

    try:
        points = tenders.parse_points(points)
        credit = tenders.parse_credit(credit)
    except TenderRefused as error:
        raise ChatError(error.message, code="invalid_tender") from None
    if not points and not credit:
        return {}
    customer = conversation.customer if conversation.customer_id else None
    options = (
        tenders.tender_options(customer, payable=subtotal)
        if customer is not None and customer.user_id
        else None
    )
    if options is None:
        raise ChatError(
            _(
                "Este cliente no tiene cuenta Club Pepito con sesión iniciada: no puede pagar "
                "con puntos ni vale."
            ),
            code="invalid_tender",
        )
    if points and not (options.min_points <= points <= options.max_points):
        raise ChatError(
            _(
                "En este pedido se pueden usar de %(min)s a %(max)s puntos (saldo del cliente: "
                "%(balance)s)."
            )
            % {
                "min": options.min_points,
                "max": options.max_points,
                "balance": options.points_balance,
            },
            code="invalid_tender",
        )
    if credit > options.max_credit:
        raise ChatError(
            _("El vale del cliente alcanza para %(max)s en este pedido.")
            % {"max": format_soles(options.max_credit)},
            code="invalid_tender",
        )
    value = (options.point_value * points).quantize(Decimal("0.01"))
    due = max(subtotal - value - credit, 0)
    return {
        "points": points,
        "points_value": plain_amount(value),
        "credit": plain_amount(credit),
        "due": plain_amount(due),
    }


def payment_tenders(conversation: Conversation) -> dict:
    """The points and credit of the conversation's last payment request ({"points": int,
    "credit": "10.00"}, or {}): the checkout opened with "Pagar" starts with them."""
    request = (
        conversation.messages.filter(kind=Message.Kind.PAYMENT_REQUEST).order_by("-pk").first()
    )
    payload = request.payload if request is not None and isinstance(request.payload, dict) else {}
    if not payload.get("points") and not payload.get("credit"):
        return {}
    return {"points": payload.get("points") or 0, "credit": payload.get("credit") or ""}


@transaction.atomic
def send_address_request(*, user, conversation_id) -> Message:
    conversation = clerk_open(user, conversation_id)
    return post(
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
    from crm.peru import LIMA_DISTRICTS, canonical_district

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
    district = canonical_district(district)  # "Surco", "SJL": as people say it
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
    from crm.customers import find_or_create_customer, save_address, set_phone
    from crm.models import Address

    answer = clean_address(data)
    check_rate(f"conv-{conversation_id}")
    conversation = open_conversation(conversation_id)
    customer = conversation.customer
    if customer is None:
        found = find_or_create_customer(
            name=conversation.display_name, email=answer.email, phone=answer.phone, source="chat"
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
        set_phone(customer=customer, phone=answer.phone)
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
    return post(
        conversation,
        sender=Message.Sender.SYSTEM,
        text=_("Dirección guardada: %(address)s · %(phone)s")
        % {"address": address, "phone": address.phone_display},
        # The checkout opened from "Pagar" offers this address, and the e-mail typed with it
        # (chat.selectors.checkout_delivery, handed over by chat.views.pay).
        payload={"address_id": address.pk, "email": answer.email},
    )
