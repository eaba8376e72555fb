"""Phone orders: a clerk finds or creates the customer, fills that customer's cart (the same
cart the customer sees on the web) and places the order with channel "teléfono".

The order is placed by orders.checkout.place_order like any other; a card order sends the
customer the payment link by e-mail and SMS through the notification outbox.
"""

import contextlib
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.validators import normalize_dni, normalize_phone
from crm.customers import find_or_create_customer, update_profile
from crm.models import Customer
from orders import checkout
from orders.cart import cart_for_customer
from orders.exceptions import OrderError
from orders.models import Channel, Order
from outbox.notifications import enqueue_notification

MAX_QUERY = 100


class CustomerConflict(OrderError):
    pass


def find_customers(q: str, *, limit: int = 20) -> list[Customer]:
    """Customers matching a phone, e-mail, DNI or part of the name."""
    q = " ".join((q or "").split())[:MAX_QUERY]
    if len(q) < 2:
        return []
    queryset = Customer.objects.all()
    if "@" in q:
        queryset = queryset.filter(email__iexact=q)
    else:
        compact = q.replace(" ", "")
        phone = dni = None
        with contextlib.suppress(ValidationError):
            phone = normalize_phone(q)
        if compact.isdigit() and len(compact) in (8, 9):
            with contextlib.suppress(ValidationError):
                dni = normalize_dni(compact)
        if phone or dni:
            condition = Q(pk__in=[])
            if phone:
                condition |= Q(phone=phone)
            if dni:
                condition |= Q(dni=dni)
            queryset = queryset.filter(condition)
        elif any(ch.isalpha() for ch in q):
            queryset = queryset.filter(name__icontains=q)
        else:
            return []
    return list(queryset.order_by("name", "pk")[:limit])


@transaction.atomic
def register_customer(*, name: str, phone: str, email: str = "", dni: str = "") -> Customer:
    """The customer with this e-mail or phone, or a new one; `phone` in E.164, `dni` 8 digits.

    A DNI that already belongs to another customer is refused (CustomerConflict): the clerk
    should look that customer up instead of creating a second one.
    """
    if dni:
        holder = Customer.objects.filter(dni=dni).first()
        if holder is not None:
            same = (phone and holder.phone == phone) or (
                email and holder.email.lower() == email.lower()
            )
            if not same:
                raise CustomerConflict(
                    _(
                        "El DNI %(dni)s ya es de %(name)s. Búscalo por su DNI en lugar de "
                        "crear otro cliente."
                    )
                    % {"dni": dni, "name": holder}
                )
            return holder
    customer = find_or_create_customer(name=name, email=email, phone=phone, source="phone")
    if dni and not customer.dni:
        update_profile(customer=customer, data={"dni": dni})
    return customer


def payment_url(order: Order) -> str:
    from orders.access import signed_url

    return signed_url(order, "pagar/")


def send_payment_link(*, order: Order) -> list:
    """Queue the card payment link to the customer's e-mail and phone (once per order)."""
    url = payment_url(order)
    total = f"S/ {order.amount_due}"  # the card pays what the points and credit leave
    sent = []
    if order.contact_email:
        body = _(
            "Hola %(name)s:\n\nRegistramos tu pedido %(number)s por teléfono. Para pagarlo con "
            "tarjeta (total %(total)s), entra a este enlace:\n\n%(url)s\n\n"
            "Te separamos los libros %(hours)s horas; si no pagas en ese plazo el pedido se "
            "anula y los libros vuelven a la tienda.\n\nLibros Pepito"
        ) % {
            "name": order.contact_name,
            "number": order.number,
            "total": total,
            "url": url,
            "hours": settings.ORDER_PAYMENT_LINK_HOLD_HOURS,
        }
        sent.append(
            enqueue_notification(
                channel="email",
                to=order.contact_email,
                subject=_("Libros Pepito · Paga tu pedido %(number)s") % {"number": order.number},
                body=body,
                dedupe_key=f"order:{order.pk}:paylink:email",
            )
        )
    if order.contact_phone:
        sent.append(
            enqueue_notification(
                channel="sms",
                to=order.contact_phone,
                body=_("Libros Pepito: paga tu pedido %(number)s (%(total)s) aquí: %(url)s")
                % {"number": order.number, "total": total, "url": url},
                dedupe_key=f"order:{order.pk}:paylink:sms",
            )
        )
    return sent


def place_phone_order(
    *,
    customer: Customer,
    clerk,
    fulfilment: str,
    payment_method: str,
    checkout_token: str,
    store=None,
    address: checkout.Address | None = None,
    slot: str = "",
    points: int = 0,
    credit: Decimal = Decimal("0"),
) -> Order:
    """Place the customer's cart as a phone order registered by `clerk`.

    Raises what place_order raises (OrderError, InventoryError), with nothing written. A card
    order is left "pendiente de pago" and the customer gets the payment link (for what the
    points and store credit the customer asked to use leave to pay).
    """
    cart = cart_for_customer(customer)
    assert cart is not None  # create=True (the default) always gives one
    with transaction.atomic():
        order = checkout.place_order(
            cart=cart,
            contact=checkout.Contact(
                name=customer.name or str(customer), email=customer.email, phone=customer.phone
            ),
            fulfilment=fulfilment,
            payment_method=payment_method,
            channel=Channel.PHONE,
            checkout_token=checkout_token,
            expected_subtotal=None,
            store=store,
            address=address,
            slot=slot,
            customer=customer,
            actor=clerk,
            points=points,
            credit=credit,
        )
        if (
            order.payment_method == Order.PaymentMethod.CARD
            and order.payment_status == Order.PaymentStatus.PENDING
        ):
            send_payment_link(order=order)
    return order
