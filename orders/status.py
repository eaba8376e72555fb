"""The order's life: which status may follow which, checked in one place.

pendiente de pago → en proceso → embalado → listo para recoger | despachado → entregado
(recogido, or recibido por el cliente); anulado at any point before dispatch.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import stock
from inventory.models import Reservation
from orders import delivery, events
from orders.exceptions import IllegalTransition
from orders.models import Order, Payment

S = Order.Status
F = Order.Fulfilment

TRANSITIONS: dict[str, set[str]] = {
    S.PENDING_PAYMENT: {S.PROCESSING, S.CANCELLED},
    S.PROCESSING: {S.PACKED, S.CANCELLED},
    S.PACKED: {S.READY, S.DISPATCHED, S.CANCELLED},
    S.READY: {S.DELIVERED, S.CANCELLED},
    S.DISPATCHED: {S.DELIVERED, S.RECEIVED},
    S.DELIVERED: {S.RECEIVED},
    S.RECEIVED: set(),
    S.CANCELLED: set(),
}


def allowed(order: Order, to: str) -> bool:
    if to not in TRANSITIONS.get(order.status, set()):
        return False
    if to == S.READY and order.fulfilment != F.PICKUP:
        return False
    if to == S.DISPATCHED and order.fulfilment != F.DELIVERY:
        return False
    if to == S.PROCESSING and order.status == S.PENDING_PAYMENT:
        # Leaving "pendiente de pago" needs the payment (or pay-at-pickup).
        return order.payment_status == Order.PaymentStatus.PAID
    return True


def next_board_status(order: Order) -> str | None:
    """The one forward move offered on the board for this order, if any."""
    if order.status == S.PROCESSING:
        return S.PACKED
    if order.status == S.PACKED:
        return S.READY if order.fulfilment == F.PICKUP else S.DISPATCHED
    if order.status == S.DISPATCHED:
        return S.DELIVERED
    return None


def _refuse(order: Order, to: str):
    raise IllegalTransition(
        _("No se puede pasar el pedido %(number)s de «%(current)s» a «%(to)s».")
        % {"number": order.number, "current": order.get_status_display(), "to": S(to).label}
    )


@transaction.atomic
def advance(*, order: Order, to: str, actor=None, note: str = "") -> Order:
    """Move the order to `to`, write the event and notify the customer; or IllegalTransition.

    Locks the order row, so two clerks clicking at once make one move.
    Cancellation goes through `cancel` and handover through orders.pickup.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    if to == S.CANCELLED:
        return cancel(order=order, actor=actor, reason=note)
    if not allowed(order, to):
        _refuse(order, to)
    order.status = to
    order.save(update_fields=["status", "updated_at"])
    events.record(order=order, status=to, actor=actor, note=note)
    return order


@transaction.atomic
def cancel(*, order: Order, actor=None, reason: str = "") -> Order:
    """Annul before dispatch: give the stock and the delivery window back, refund a card."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if S.CANCELLED not in TRANSITIONS.get(order.status, set()):
        _refuse(order, S.CANCELLED)
    owner = f"order:{order.pk}"
    for reservation in Reservation.objects.filter(owner=owner, state=Reservation.State.ACTIVE):
        stock.release(reservation, actor=actor, reason=_("Pedido anulado"))
    # Copies already sold to this order (it was paid) go back on the shelf.
    for reservation in Reservation.objects.filter(owner=owner, state=Reservation.State.CONSUMED):
        stock.restock_return(
            order.store,
            reservation.product,
            reservation.quantity,
            actor=actor,
            reason=_("Pedido %(number)s anulado") % {"number": order.number},
        )
    if order.delivery_slot_id:
        delivery.free_slot(order.delivery_slot)
    if order.payment_status == Order.PaymentStatus.PAID:
        _refund(order=order, actor=actor)
    order.status = S.CANCELLED
    order.save(update_fields=["status", "payment_status", "updated_at"])
    events.record(order=order, status=S.CANCELLED, actor=actor, note=reason)
    return order


def _refund(*, order: Order, actor) -> None:
    if order.payment_method == Order.PaymentMethod.CARD and order.stripe_payment_intent:
        from orders.payments import refund_card_payment

        refund_card_payment(order=order)
    else:
        Payment.objects.create(
            order=order,
            kind=Payment.Kind.REFUND,
            method=order.payment_method,
            amount=order.total,
            received_by=actor,
        )
    order.payment_status = Order.PaymentStatus.REFUNDED


@transaction.atomic
def mark_paid(*, order: Order, amount, currency: str, method: str, reference: str = "", actor=None):
    """Record money received for the order (once), and move it on from pendiente de pago.

    The amount and currency must match the order exactly; otherwise nothing changes and
    PaymentMismatch is raised. A second call for the same payment does nothing.
    """
    from orders.exceptions import PaymentError

    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.payment_status == Order.PaymentStatus.PAID:
        return order
    if currency.upper() != order.currency or amount != order.total:
        raise PaymentError(
            _("El monto pagado no coincide con el total del pedido %(number)s.")
            % {"number": order.number}
        )
    if order.status == S.CANCELLED:
        raise PaymentError(_("El pedido %(number)s está anulado.") % {"number": order.number})
    Payment.objects.create(
        order=order,
        kind=Payment.Kind.CHARGE,
        method=method,
        amount=amount,
        currency=order.currency,
        reference=reference,
        received_by=actor,
    )
    order.payment_status = Order.PaymentStatus.PAID
    order.paid_at = timezone.now()
    order.save(update_fields=["payment_status", "paid_at", "updated_at"])
    if order.fulfilment == F.DELIVERY or order.payment_method == Order.PaymentMethod.CARD:
        _consume_holds(order=order, actor=actor)
    if order.status == S.PENDING_PAYMENT:
        order.status = S.PROCESSING
        order.save(update_fields=["status", "updated_at"])
        events.record(order=order, status=S.PROCESSING, actor=actor, note=_("Pago recibido"))
    return order


def _consume_holds(*, order: Order, actor) -> None:
    """A paid order's copies are sold: the holds become sale movements in the ledger.

    A hold that expired before the payment arrived is taken again; if the stock is gone the
    caller's transaction fails with OutOfStock (the payment is then refunded by the caller).
    """
    owner = f"order:{order.pk}"
    holds = list(Reservation.objects.filter(owner=owner, state=Reservation.State.ACTIVE))
    covered = {hold.product_id for hold in holds if hold.expires_at > timezone.now()}
    missing = [
        (line.product, line.quantity)
        for line in order.lines.select_related("product")
        if line.product_id not in covered
    ]
    if missing:
        holds = [hold for hold in holds if hold.product_id in covered]
        holds += stock.reserve(missing, order.store, owner, actor=actor)
    for hold in holds:
        stock.consume(hold, actor=actor, reason=order.number)


def annul_expired_orders(*, now=None) -> int:
    """Annul what can no longer be honoured, each order in its own transaction:
    card orders still unpaid when their stock hold ran out, and pay-at-pickup orders past their
    pickup deadline. Their stock goes back on the shelf. Returns how many were annulled."""
    from django.db.models import Q

    now = now or timezone.now()
    from orders.checkout import payment_hold
    from orders.models import Channel

    link_channels = [Channel.PHONE, Channel.CHAT]
    unpaid_card = Q(status=S.PENDING_PAYMENT, payment_method=Order.PaymentMethod.CARD) & (
        Q(channel__in=link_channels, created_at__lte=now - payment_hold(Channel.PHONE))
        | (~Q(channel__in=link_channels) & Q(created_at__lte=now - payment_hold(Channel.WEB)))
    )
    not_collected = Q(
        status__in=[S.PROCESSING, S.PACKED, S.READY],
        fulfilment=F.PICKUP,
        payment_status=Order.PaymentStatus.PENDING,
        pickup_deadline__lte=now,
    )
    annulled = 0
    for order in Order.objects.filter(unpaid_card | not_collected).order_by("pk")[:500]:
        reason = (
            _("No recibimos el pago a tiempo")
            if order.status == S.PENDING_PAYMENT
            else _("No se recogió dentro del plazo")
        )
        try:
            cancel(order=order, reason=reason)
        except IllegalTransition:
            continue  # it moved on meanwhile
        annulled += 1
    return annulled
