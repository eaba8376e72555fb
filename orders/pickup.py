"""The pickup desk: take the payment of a pay-at-pickup order and hand the order over.

Both run in one transaction under the order's row lock and check everything before writing:
a wrong code, another store's order, an order not ready or not paid raise PickupRefused (with a
Spanish message for the clerk) and nothing is written. Handing over twice is harmless: the
second call finds the order delivered and changes nothing.
"""

from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inventory import stock
from inventory.exceptions import InventoryError
from inventory.models import Store
from inventory.staff import can_pick_store
from orders import status
from orders.exceptions import OrderError
from orders.facts import money, order_lines, order_tenders, publish_order_fact
from orders.models import Order

S = Order.Status

# How the customer pays at the counter (recorded on the Payment's reference).
MEANS = {"efectivo": gettext_lazy("Efectivo"), "tarjeta": gettext_lazy("Tarjeta en caja")}


class PickupRefused(OrderError):
    pass


def normalize_code(raw: str) -> str:
    """What the clerk typed or scanned, as a pickup code: "k7p 2qx" -> "K7P2QX".

    The QR on the customer's page holds "LP-2026-000123|K7P2QX": the part after | is the code.
    """
    raw = (raw or "")[:100]
    if "|" in raw:
        raw = raw.rsplit("|", 1)[1]
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def _desk_store(actor, store: Store | None) -> Store | None:
    """The store the desk works on: given by the view, or the clerk's own store."""
    if store is not None:
        return store
    if actor is not None and getattr(actor, "store_id", None):
        return actor.store
    return None


def _check_store(order: Order, *, actor, store: Store | None) -> None:
    desk = _desk_store(actor, store)
    if desk is None and actor is not None and can_pick_store(actor):
        return
    if desk is None or order.store_id != desk.pk:
        raise PickupRefused(
            _("El pedido %(number)s no se recoge en esta tienda; el cliente debe ir a %(store)s.")
            % {"number": order.number, "store": order.store or "—"}
        )
    if order.fulfilment != Order.Fulfilment.PICKUP:
        raise PickupRefused(
            _("El pedido %(number)s es de delivery a domicilio, no de recojo en tienda.")
            % {"number": order.number}
        )


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update(of=("self",)).select_related("store").get(pk=order.pk)


def take_payment(*, order: Order, means: str, actor, store: Store | None = None) -> Order:
    """Record the payment of a pay-at-pickup order at the counter (cash or card)."""
    with transaction.atomic():
        order = _lock(order)
        _check_store(order, actor=actor, store=store)
        if means not in MEANS:
            raise PickupRefused(_("Elige si el cliente paga en efectivo o con tarjeta en caja."))
        if order.payment_status == Order.PaymentStatus.PAID:
            return order
        if order.payment_method != Order.PaymentMethod.AT_PICKUP:
            raise PickupRefused(
                _(
                    "El pedido %(number)s se paga con tarjeta en la web; envía al cliente el enlace "  # noqa: E501
                    "de pago en lugar de cobrar en caja."
                )
                % {"number": order.number}
            )
        if order.status in (S.CANCELLED, S.DELIVERED, S.RECEIVED):
            raise PickupRefused(
                _("El pedido %(number)s está «%(status)s»; ya no se puede cobrar.")
                % {"number": order.number, "status": order.get_status_display()}
            )
        return status.mark_paid(
            order=order,
            amount=order.amount_due,  # the points and store credit paid the rest
            currency=order.currency,
            method=Order.PaymentMethod.AT_PICKUP,
            # References are unique per payment: the order number keeps it so.
            reference=f"caja:{order.number}:{means}",
            actor=actor,
        )


def hand_over(*, order: Order, code: str, actor, store: Store | None = None) -> Order:
    """Give a ready, paid pickup order to the customer who shows its code.

    Checks, in this order: the desk's store, the code, that it is not already handed over
    (then it returns the order unchanged), that it is "listo para recoger" and paid. Then the
    held copies leave the store as a sale (a card order's were consumed at payment) and the
    order becomes "entregado", which notifies the customer.
    """
    with transaction.atomic():
        order = _lock(order)
        _check_store(order, actor=actor, store=store)
        typed = normalize_code(code)
        if not typed:
            raise PickupRefused(_("Escribe o escanea el código de recojo que tiene el cliente."))
        if not order.pickup_code or not constant_time_compare(typed, order.pickup_code.upper()):
            raise PickupRefused(
                _(
                    "El código %(code)s no corresponde al pedido %(number)s. Pide al cliente que "
                    "muestre el código de su correo o SMS; no entregues el pedido."
                )
                % {"code": typed[:8], "number": order.number}
            )
        if order.status in (S.DELIVERED, S.RECEIVED):
            return order  # a second click: already handed over
        if order.status != S.READY:
            if order.status == S.CANCELLED:
                message = _("El pedido %(number)s está anulado; no se puede entregar.")
            else:
                message = _(
                    "El pedido %(number)s todavía no está listo para recoger (está «%(status)s»). "
                    "Prepáralo y márcalo como listo en el tablero antes de entregarlo."
                )
            raise PickupRefused(
                message % {"number": order.number, "status": order.get_status_display()}
            )
        if not order.is_paid:
            raise PickupRefused(
                _(
                    "Falta cobrar %(total)s del pedido %(number)s: registra el pago antes de entregar."  # noqa: E501
                )
                % {"total": f"S/ {order.amount_due}", "number": order.number}
            )
        _sell_held_copies(order=order, actor=actor)
        order = status.advance(
            order=order, to=S.DELIVERED, actor=actor, note=_("Recogido en tienda")
        )
        publish_order_fact(
            "order.handed_over",
            order,
            total=money(order.total),
            lines=order_lines(order),
            **order_tenders(order),
        )
        return order


def _sell_held_copies(*, order: Order, actor) -> None:
    """The order's held copies leave the store as a sale.

    Products already sold to the order (a card payment consumed their holds) are skipped. A
    hold that ran out is taken again from the shelf; if the copies are gone the handover is
    refused and nothing is written.
    """
    try:
        stock.consume_order_holds(
            order.pk,
            store=order.store,  # type: ignore[arg-type]  # a pickup order always has its store
            lines=[(line.product, line.quantity) for line in order.lines.select_related("product")],
            actor=actor,
            reason=order.number,
        )
    except InventoryError as error:
        raise PickupRefused(
            _("No se puede entregar el pedido %(number)s: %(reason)s")
            % {"number": order.number, "reason": error.message}
        ) from error
