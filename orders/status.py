"""The order's life: which status may follow which, checked in one place.

pendiente de pago → en proceso → embalado → listo para recoger | despachado → entregado
(recogido, or recibido por el cliente); anulado at any point before dispatch.

Every move writes an OrderEvent and publishes `order.status_changed` (orders.events.record);
a courier delivery or the customer's "recibido" also publishes `order.delivered`, an
annulment `order.cancelled`, a payment `order.paid` and a refund `order.refunded`, each in the
transaction of the change.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory import stock
from loyalty import services as loyalty
from orders import delivery, events
from orders.exceptions import IllegalTransition, PaymentError, StaleBoardMove
from orders.facts import money, order_lines, order_tenders, publish_order_fact
from orders.models import TRANSITIONS, Order, Payment, Tender

S = Order.Status
F = Order.Fulfilment

# The board's button, by the status it moves the order to.
BOARD_LABELS = {
    S.PACKED: gettext_lazy("Marcar como embalado"),
    S.READY: gettext_lazy("Listo para recoger"),
    S.DISPATCHED: gettext_lazy("Despachar"),
    S.DELIVERED: gettext_lazy("Marcar como entregado"),
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


def next_board_label(order: Order) -> str:
    """The text of the board's button for the order's next move ("" when there is none)."""
    to = next_board_status(order)
    return str(BOARD_LABELS[Order.Status(to)]) if to else ""


def check_board_move(order: Order, wanted: str, *, seen: str = "") -> None:
    """IllegalTransition unless `wanted` is the one move the board offers for the order now
    (a stale page, a forged form, a pickup order someone tries to mark delivered).

    `seen` is the status the clerk's card showed: when someone else moved the order
    meanwhile, the message says so and names the status it has now (StaleBoardMove)."""
    if wanted not in S.values:
        raise IllegalTransition(_("Esa acción no existe; recarga la página."))
    if (seen in S.values and seen != order.status) or wanted == order.status:
        raise StaleBoardMove(order)
    if wanted == next_board_status(order):
        return
    if wanted == S.DELIVERED and order.fulfilment == F.PICKUP:
        raise IllegalTransition(
            _(
                "Un pedido de recojo se entrega en el mostrador de recojo, con el código del "
                "cliente."
            )
        )
    raise IllegalTransition(
        _(
            "No se puede pasar el pedido %(number)s de «%(current)s» a «%(to)s». Ahora está "
            "«%(current)s»; revisa el pedido."
        )
        % {"number": order.number, "current": order.get_status_display(), "to": S(wanted).label}
    )


def advance_on_board(*, order: Order, to: str, actor=None, seen: str = "") -> Order:
    """The board's button: make the move it offered, if it is still the next one (and the
    order is still in the status `seen` on the card, when given)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        check_board_move(order, to, seen=seen)
        return advance(order=order, to=to, actor=actor)


def _refuse(order: Order, to: str):
    raise IllegalTransition(
        _("No se puede pasar el pedido %(number)s de «%(current)s» a «%(to)s».")
        % {"number": order.number, "current": order.get_status_display(), "to": S(to).label}
    )


def advance(*, order: Order, to: str, actor=None, note: str = "") -> Order:
    """Move the order to `to`, write the event and notify the customer; or IllegalTransition.

    Locks the order row, so two clerks clicking at once make one move.
    Cancellation goes through `cancel` and handover through orders.pickup.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if to == S.CANCELLED:
            return cancel(order=order, actor=actor, reason=note)
        if not allowed(order, to):
            _refuse(order, to)
        previous = order.status
        order.status = to
        order.save(update_fields=["status", "updated_at"])
        events.record(order=order, status=to, previous=previous, actor=actor, note=note)
        if _reached_customer(order, previous=previous):
            publish_order_fact(
                "order.delivered",
                order,
                total=money(order.total),
                lines=order_lines(order),
                **order_tenders(order),
            )
        return order


def _reached_customer(order: Order, *, previous: str) -> bool:
    """Delivered by courier, or received by the customer (once per order: "recibido" after
    "entregado" is the same delivery). A pickup's "entregado" is a handover
    (orders.pickup publishes order.handed_over)."""
    if order.status == S.DELIVERED:
        return order.fulfilment != F.PICKUP
    return order.status == S.RECEIVED and previous != S.DELIVERED


def cancel(*, order: Order, actor=None, reason: str = "") -> Order:
    """Annul before dispatch: give the stock and the delivery window back, refund a card, and
    give back the points and store credit the order reserved or spent (loyalty.release, which
    loyalty's order.cancelled handler repeats harmlessly)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if not order.can_be_cancelled():
            _refuse(order, S.CANCELLED)
        # Copies already sold to this order (it was paid) go back on the shelf too.
        stock.release_order_holds(
            order.pk,
            actor=actor,
            reason=_("Pedido anulado"),
            sold_reason=_("Pedido %(number)s anulado") % {"number": order.number},
        )
        if order.delivery_slot is not None:
            delivery.free_slot(order.delivery_slot)
        if order.is_paid:  # paid, or partly refunded already (the rest goes back)
            _refund(order=order, actor=actor)
        if order.has_tenders:
            loyalty.release(order_id=order.pk, reason=str(reason)[:200])
        previous = order.status
        order.status = S.CANCELLED
        order.save(update_fields=["status", "payment_status", "updated_at"])
        events.record(order=order, status=S.CANCELLED, previous=previous, actor=actor, note=reason)
        publish_order_fact(
            "order.cancelled",
            order,
            reason=str(reason)[:300],
            lines=order_lines(order),
            was_fulfilled=False,  # anulado only happens before dispatch or handover
            **order_tenders(order),
        )
        return order


def customer_cancel_refusal(order: Order) -> str:
    """Why the customer cannot annul this order themselves, and whom to ask ("" if they can)."""
    if order.customer_can_cancel():
        return ""
    if order.status == S.CANCELLED:
        return _("Este pedido ya está anulado.")
    if not order.can_be_cancelled():  # dispatched, delivered, received
        return _(
            "Tu pedido ya salió o ya fue entregado, así que no se puede anular. Si quieres "
            "devolverlo, escríbenos por el chat o acércate a una tienda con tu número de pedido."
        )
    shop = order.store
    store = shop.name if shop is not None else _("la tienda")
    phone = shop.phone if shop is not None else ""
    contact = (
        _("llama a %(store)s al %(phone)s o escríbenos por el chat")
        % {"store": store, "phone": phone}
        if phone
        else _("escríbenos por el chat o acércate a %(store)s") % {"store": store}
    )
    return _(
        "Tu pedido ya está embalado, así que ya no puedes anularlo desde aquí. Para anularlo, "
        "%(contact)s, con tu número de pedido %(number)s."
    ) % {"contact": contact, "number": order.number}


def cancel_by_customer(*, order: Order, actor=None, reason: str = "") -> Order:
    """The customer annuls their own order before it is packed: the same annulment as the
    staff's (`cancel`: stock and window back, a paid card refunded through Stripe, one
    `order.cancelled` fact). IllegalTransition, with what to do instead, once it is packed,
    dispatched or already annulled (a second click, a stale page)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        refusal = customer_cancel_refusal(order)
        if refusal:
            raise IllegalTransition(refusal)
        reason = str(reason).strip()[:200]
        note = _("Anulado por el cliente") + (f": {reason}" if reason else "")
        return cancel(order=order, actor=actor, reason=note)


def _refund(*, order: Order, actor) -> None:
    """Give back what paid the order: the money part (a card through Stripe, else recorded as
    given back at the store) and the tenders, each as a refund Payment row. The points and
    the credit themselves go back to the customer's account through loyalty.release."""
    if order.amount_due > 0:
        if order.payment_method == Order.PaymentMethod.CARD and order.stripe_payment_intent:
            from orders.payments import refund_card_payment

            payment = refund_card_payment(order=order)
        else:
            payment = Payment.objects.create(
                order=order,
                kind=Payment.Kind.REFUND,
                method=order.payment_method,
                amount=order.amount_due,
                received_by=actor,
            )
        publish_order_fact("order.refunded", order, amount=money(payment.amount))
    spent = order.payments.filter(kind=Payment.Kind.CHARGE, method__in=Tender.values)
    for tender in spent:
        Payment.objects.get_or_create(
            kind=Payment.Kind.REFUND,
            reference=tender.reference,
            defaults={
                "order": order,
                "method": tender.method,
                "amount": tender.amount,
                "received_by": actor,
            },
        )
    order.payment_status = Order.PaymentStatus.REFUNDED


def _record_tenders(*, order: Order, actor) -> None:
    """The tenders as payments of the order, once (the points and the credit were reserved at
    checkout; loyalty.commit spends them in the same transaction)."""
    for method, amount in (
        (Tender.POINTS, order.points_value),
        (Tender.CREDIT, order.credit_used),
    ):
        if amount > 0:
            Payment.objects.get_or_create(
                kind=Payment.Kind.CHARGE,
                reference=f"{method}:{order.number}",
                defaults={
                    "order": order,
                    "method": method,
                    "amount": amount,
                    "currency": order.currency,
                    "received_by": actor,
                },
            )


def mark_paid(
    *,
    order: Order,
    amount,
    currency: str,
    method: str,
    reference: str = "",
    actor=None,
    means: str = "",
):
    """Record money received for the order (once), and move it on from pendiente de pago.

    The amount and currency must match what the order leaves to pay in money exactly (its
    total minus the points and store credit it uses: `Order.amount_due`; 0 for an order the
    tenders pay whole), and the order must not be annulled; otherwise nothing changes and
    PaymentError is raised. The tenders are recorded as payments too and spent
    (loyalty.commit) in the same transaction. A second call for the same payment does nothing.
    Publishes `order.paid`.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.payment_status == Order.PaymentStatus.PAID:
            return order
        if currency.upper() != order.currency or amount != order.amount_due:
            raise PaymentError(
                _("El monto pagado no coincide con el total del pedido %(number)s.")
                % {"number": order.number}
            )
        if order.status == S.CANCELLED:
            raise PaymentError(_("El pedido %(number)s está anulado.") % {"number": order.number})
        if amount > 0:
            Payment.objects.create(
                order=order,
                kind=Payment.Kind.CHARGE,
                method=method,
                amount=amount,
                currency=order.currency,
                reference=reference,
                means=means,
                received_by=actor,
            )
        if order.has_tenders:
            _record_tenders(order=order, actor=actor)
            loyalty.commit(order_id=order.pk)
        order.payment_status = Order.PaymentStatus.PAID
        order.paid_at = timezone.now()
        order.save(update_fields=["payment_status", "paid_at", "updated_at"])
        if order.fulfilment == F.DELIVERY or order.payment_method == Order.PaymentMethod.CARD:
            # The paid copies are sold now. A hold that expired before the payment arrived is
            # taken again; if the stock is gone this raises OutOfStock and the whole payment rolls
            # back (the caller then refunds the card).
            stock.consume_order_holds(
                order.pk,
                store=order.store,  # type: ignore[arg-type]  # a paid order always has its store
                lines=_stock_lines(order),
                actor=actor,
                reason=order.number,
            )
        publish_order_fact("order.paid", order, amount=money(amount), method=method)
        if order.status == S.PENDING_PAYMENT:
            order.status = S.PROCESSING
            order.save(update_fields=["status", "updated_at"])
            events.record(
                order=order,
                status=S.PROCESSING,
                previous=S.PENDING_PAYMENT,
                actor=actor,
                note=_("Pago recibido"),
            )
        return order


def _stock_lines(order: Order) -> list[tuple]:
    return [(line.product, line.quantity) for line in order.lines.select_related("product")]


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
