"""Checkout: place the order in one transaction, and number it.

`place_order` is the only way an order is created (web, phone, chat): it re-reads prices,
reserves the stock (all lines or none), books the delivery window, numbers the order, writes its
lines and first event, queues the customer's notification and publishes `order.placed`, or
raises with nothing written. Prices and IGV live in orders.pricing; the pickup stores and the
store a delivery leaves from in orders.fulfilment.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from inventory import stock
from inventory.models import Store
from orders import delivery, events, tenders
from orders.exceptions import EmptyCart, OrderError, PricesChanged
from orders.facts import money, order_lines, order_tenders, publish_order_fact
from orders.fulfilment import delivery_store
from orders.models import Cart, Channel, Order, OrderLine, OrderNumber
from orders.pricing import igv_rate, quote
from orders.status import mark_paid

PICKUP_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes


def payment_hold(channel: str) -> timedelta:
    """How long a card order's books wait for the payment: minutes when the customer pays on
    the spot, a day when a clerk sent them a payment link (phone, chat)."""
    if channel in (Channel.PHONE, Channel.CHAT):
        return timedelta(hours=settings.ORDER_PAYMENT_LINK_HOLD_HOURS)
    return timedelta(minutes=settings.ORDER_PAYMENT_HOLD_MINUTES)


def cod_hold(slot, *, now=None) -> timedelta:
    """A pago contra entrega holds its copies until ORDER_COD_HOLD_DAYS after the delivery day:
    they are sold when the courier hands them over (orders.courier)."""
    now = now or timezone.now()
    until = datetime.combine(
        slot.date + timedelta(days=settings.ORDER_COD_HOLD_DAYS + 1),
        time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    return max(until - now, timedelta(hours=1))


def check_payment_method(*, fulfilment: str, payment_method: str) -> None:
    """OrderError unless this payment can complete this fulfilment (the region is checked once
    the address is quoted)."""
    if payment_method not in (
        Order.PaymentMethod.CARD,
        Order.PaymentMethod.AT_PICKUP,
        Order.PaymentMethod.ON_DELIVERY,
    ):
        raise OrderError(_("Elige cómo quieres pagar."))
    if payment_method == Order.PaymentMethod.AT_PICKUP and fulfilment != Order.Fulfilment.PICKUP:
        raise OrderError(_("El pago en tienda solo es posible si recoges el pedido en la tienda."))
    if (
        payment_method == Order.PaymentMethod.ON_DELIVERY
        and fulfilment != Order.Fulfilment.DELIVERY
    ):
        raise OrderError(_("El pago contra entrega es solo para delivery a domicilio en Lima."))
    if payment_method == Order.PaymentMethod.CARD and not settings.STRIPE_ENABLED:
        if fulfilment == Order.Fulfilment.PICKUP:
            raise OrderError(
                _("El pago con tarjeta no está disponible ahora; elige pagar al recoger en tienda.")
            )
        raise OrderError(
            _("El pago con tarjeta no está disponible ahora; en Lima elige pago contra entrega.")
        )


def next_order_number(now=None) -> str:
    """LP-2026-000123: per year, gap-free under concurrency (row lock on the year's counter)."""
    year = timezone.localtime(now).year
    OrderNumber.objects.get_or_create(year=year)
    counter = OrderNumber.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"LP-{year}-{counter.last:06d}"


def new_pickup_code() -> str:
    return get_random_string(6, PICKUP_CODE_ALPHABET)


@dataclass
class Contact:
    name: str
    email: str
    phone: str  # E.164


@dataclass
class Address:
    street: str
    reference: str
    district: str
    province: str
    region: str


def place_order(
    *,
    cart: Cart,
    contact: Contact,
    fulfilment: str,
    payment_method: str,
    channel: str,
    checkout_token: str,
    expected_subtotal: Decimal | None,
    store: Store | None = None,
    address: Address | None = None,
    slot: str = "",
    customer=None,
    actor=None,
    conversation_id: int | None = None,
    points: int = 0,
    credit: Decimal = Decimal("0"),
) -> Order:
    """Create the order from the cart, or raise an OrderError / InventoryError subclass.

    Idempotent on `checkout_token`: a double click returns the order the first click made.
    `expected_subtotal` is the subtotal the customer saw; when today's prices give another one
    (or a line is no longer sold) the order is refused with PricesChanged, so the customer
    confirms the new figures before paying. Phone orders pass None (the clerk reads them out).
    `conversation_id` (an order paid from a chat) only travels in the `order.placed` fact.

    `points` and `credit` are tenders (the customer's loyalty points and store credit): they
    are reserved in this transaction (loyalty.services.reserve; TenderRefused with the
    program's reason, nothing written) and pay part of the total, which stays as it is; the
    card, the courier or the store collects `Order.amount_due`. An order they pay whole is
    paid at once (orders.status.mark_paid). A Bibliófilo's Lima delivery is free.
    """
    existing = Order.objects.filter(checkout_token=checkout_token).first()
    if existing is not None:
        return existing
    try:
        return _place_order(
            cart=cart,
            contact=contact,
            fulfilment=fulfilment,
            payment_method=payment_method,
            channel=channel,
            checkout_token=checkout_token,
            expected_subtotal=expected_subtotal,
            store=store,
            address=address,
            slot=slot,
            customer=customer,
            actor=actor,
            conversation_id=conversation_id,
            points=points,
            credit=credit,
        )
    except IntegrityError:
        # The same token committed by a concurrent request (double click): that one wins.
        existing = Order.objects.filter(checkout_token=checkout_token).first()
        if existing is None:
            raise
        return existing


def _place_order(
    *,
    cart,
    contact,
    fulfilment,
    payment_method,
    channel,
    checkout_token,
    expected_subtotal,
    store,
    address,
    slot,
    customer,
    actor,
    conversation_id,
    points=0,
    credit=Decimal("0"),
):
    with transaction.atomic():
        cart = Cart.objects.select_for_update().get(pk=cart.pk)
        if cart.checked_out_at is not None:
            raise EmptyCart()
        if fulfilment not in Order.Fulfilment.values:
            raise OrderError(_("Elige recojo en tienda o delivery a domicilio."))
        check_payment_method(fulfilment=fulfilment, payment_method=payment_method)
        fee = Decimal("0.00")
        delivery_slot = None
        courier_eta = None
        if fulfilment == Order.Fulfilment.PICKUP:
            if store is None or not store.pickup_enabled or not store.is_active:
                raise OrderError(_("Elige una tienda para recoger tu pedido."))
        elif fulfilment == Order.Fulfilment.DELIVERY:
            if address is None or not address.street or not address.district:
                raise OrderError(_("Escribe la dirección de entrega con su distrito."))
            delivery_quote = delivery.quote_delivery(
                district=address.district, province=address.province, region=address.region
            )
            fee = delivery_quote.fee
            if delivery_quote.zone is not None and tenders.free_lima_delivery(customer):
                fee = Decimal("0.00")  # the tier's perk (loyalty.Tier.free_lima_delivery)
            if delivery_quote.zone is not None:
                day, window_id = delivery.parse_slot(slot)
                delivery_slot = delivery.book_slot(
                    zone=delivery_quote.zone, day=day, window_id=window_id
                )
            else:
                if payment_method == Order.PaymentMethod.ON_DELIVERY:
                    raise OrderError(
                        _(
                            "El pago contra entrega es solo para Lima; fuera de Lima el envío "
                            "se paga con tarjeta."
                        )
                    )
                courier_eta = delivery_quote.courier_eta
            store = delivery_store(cart, region=address.region)
            if store is None:
                raise OrderError(
                    _(
                        "No tenemos todos los libros en un mismo almacén para enviarlos juntos. "
                        "Elige recojo en tienda o quita alguno."
                    )
                )

        figures = quote(cart, delivery_fee=fee)
        if not figures.lines:
            raise EmptyCart()
        unavailable = [line for line in figures.changes if not line.available]
        if unavailable or (expected_subtotal is not None and expected_subtotal != figures.subtotal):
            raise PricesChanged(figures.changes)

        now = timezone.now()
        if payment_method == Order.PaymentMethod.CARD:
            status = Order.Status.PENDING_PAYMENT
            hold = payment_hold(channel)
        elif payment_method == Order.PaymentMethod.ON_DELIVERY:
            status = Order.Status.PROCESSING
            hold = cod_hold(delivery_slot, now=now)  # a Lima delivery always has its slot
        else:
            status = Order.Status.PROCESSING
            hold = timedelta(hours=settings.ORDER_PICKUP_HOLD_HOURS)
        order = Order.objects.create(
            number=next_order_number(now),
            channel=channel,
            customer=customer,
            contact_name=contact.name,
            contact_email=contact.email,
            contact_phone=contact.phone,
            status=status,
            fulfilment=fulfilment,
            store=store,
            address_street=address.street if address else "",
            address_reference=address.reference if address else "",
            address_district=address.district if address else "",
            address_province=address.province if address else "",
            address_region=address.region if address else "",
            delivery_slot=delivery_slot,
            courier_eta=courier_eta,
            pickup_code=new_pickup_code() if fulfilment == Order.Fulfilment.PICKUP else "",
            pickup_deadline=now + hold if fulfilment == Order.Fulfilment.PICKUP else None,
            subtotal=figures.subtotal,
            delivery_fee=fee,
            tax_total=figures.tax_total,
            total=figures.total,
            payment_method=payment_method,
            checkout_token=checkout_token,
            created_by=actor,
        )
        OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=order,
                    product=line.product,
                    title=line.product.title[:255],
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    tax_rate=igv_rate(line.product),
                    line_total=line.total,
                )
                for line in figures.lines
            ]
        )
        # OutOfStock here rolls the whole transaction back: no order, no lines, no slot taken.
        stock.reserve_for_order(
            [(line.product, line.quantity) for line in figures.lines],
            store,
            order_id=order.pk,
            ttl=hold,
            actor=actor,
        )
        if points or credit:
            # A LoyaltyError here (TenderRefused) rolls everything back, like OutOfStock.
            tenders.reserve(order=order, customer=customer, points=points, credit=credit)
        cart.checked_out_at = now
        cart.save(update_fields=["checked_out_at", "updated_at"])
        events.record(order=order, status=status, actor=actor, note=_("Pedido recibido"))
        placed = {"conversation_id": conversation_id} if conversation_id is not None else {}
        publish_order_fact(
            "order.placed",
            order,
            status=order.status,
            payment_method=order.payment_method,
            total=money(order.total),
            lines=order_lines(order),
            **order_tenders(order),
            **placed,
        )
        if order.has_tenders and order.amount_due == 0:
            # Paid whole with points and credit: nothing to wait for (no card, no cash).
            order = mark_paid(
                order=order,
                amount=Decimal("0.00"),
                currency=order.currency,
                method=order.payment_method,
                actor=actor,
            )
        return order
