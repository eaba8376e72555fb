"""Order events and the customer's notification at each of them.

Every status change is an OrderEvent with time and actor, and puts an e-mail (and an SMS when
there is a phone) in the outbox, inside the same transaction: sent after commit, once.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from orders.facts import publish_order_fact
from orders.models import Order, OrderEvent
from outbox.notifications import enqueue_notification

# What the customer reads at each status (SMS: short; e-mail adds the details).
HEADLINES = {
    Order.Status.PENDING_PAYMENT: _("Recibimos tu pedido %(number)s: falta el pago."),
    Order.Status.PROCESSING: _("Tu pedido %(number)s está en proceso."),
    Order.Status.PACKED: _("Tu pedido %(number)s ya está embalado."),
    Order.Status.READY: _("Tu pedido %(number)s está listo para recoger en %(store)s."),
    Order.Status.DISPATCHED: _("Tu pedido %(number)s salió a reparto."),
    Order.Status.DELIVERED: _("Tu pedido %(number)s fue entregado. ¡Gracias!"),
    Order.Status.RECEIVED: _("Confirmaste que recibiste tu pedido %(number)s. ¡Gracias!"),
    Order.Status.CANCELLED: _("Tu pedido %(number)s fue anulado."),
}


def record(
    *,
    order: Order,
    status: str,
    previous: str | None = None,
    actor=None,
    note: str = "",
    notify: bool = True,
):
    """Write the event and queue the customer's e-mail and SMS (call inside the transaction).

    `previous` is the status the order had before this move: when it differs from `status`
    the move is published as `order.status_changed`. A note on the same status (a late
    refund) and the order's first event (published as `order.placed`) pass None."""
    event = OrderEvent.objects.create(order=order, status=status, actor=actor, note=note[:300])
    if notify:
        _notify(order=order, event=event)
    if previous is not None and previous != status:
        extra = {"actor_id": actor.pk} if actor is not None and actor.pk else {}
        if note:
            extra["note"] = str(note)[:300]
        publish_order_fact("order.status_changed", order, status=status, previous=previous, **extra)
    return event


def tracking_url(order: Order) -> str:
    """The link in e-mails and SMS: it opens the order even without an account (signed)."""
    from orders.access import signed_url

    return signed_url(order)


def _shows_qr(order: Order, event: OrderEvent) -> bool:
    return event.status == Order.Status.READY and order.is_pickup and bool(order.pickup_code)


def _notify(*, order: Order, event: OrderEvent) -> None:
    headline = HEADLINES[event.status] % {
        "number": order.number,
        "store": order.store.name if order.store_id else "",
    }
    url = tracking_url(order)
    key = f"order:{order.pk}:event:{event.pk}"
    if order.contact_email:
        body = render_to_string(
            "orders/email/status.txt",
            {
                "order": order,
                "event": event,
                "headline": headline,
                "url": url,
                "with_qr": _shows_qr(order, event),
            },
        )
        enqueue_notification(
            channel="email",
            to=order.contact_email,
            subject=f"Libros Pepito · {headline}",
            body=body,
            dedupe_key=f"{key}:email",
            # "Listo para recoger": the pickup QR the desk scans, inside the e-mail.
            qr_code=order.pickup_qr_text if _shows_qr(order, event) else "",
        )
    if order.contact_phone:
        enqueue_notification(
            channel="sms",
            to=order.contact_phone,
            body=f"Libros Pepito: {headline} {url}",
            dedupe_key=f"{key}:sms",
        )
