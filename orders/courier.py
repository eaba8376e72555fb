"""The courier (repartidor): the day's route, "entregado" with the payment collected at the door,
"no entregado" with a reason, a new day for a failed delivery, and the end-of-day cash-up.

Every write runs in one transaction under the order's row lock and checks everything before
writing: bad input raises CourierRefused (a Spanish message for the courier or the clerk) and
nothing is written. A pago contra entrega is recorded only through orders.status.mark_paid
(an append-only Payment with how it was collected), which also sells the held copies: they stay
reserved from checkout until the door. Pressing "entregado" twice records one payment and one
sale: the second press waits for the lock, finds the order delivered and changes nothing.

A failed delivery goes from "despachado" back to "embalado" here and only here (not a board
move): the store then dispatches it again (after `reschedule`) or annuls it.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.text import normalize
from inventory import stock
from inventory.exceptions import InventoryError
from orders import delivery, events, status
from orders.checkout import cod_hold
from orders.exceptions import OrderError
from orders.facts import money, publish_order_fact
from orders.models import (
    CollectMeans,
    CourierDayClose,
    DeliveryAttempt,
    DeliveryDistrict,
    Order,
    Payment,
)
from outbox.notifications import enqueue_notification
from outbox.spine import publish

S = Order.Status
ZERO = Decimal("0.00")
# Yape and Plin show the payer an operation number of digits (8 today; some banks more).
OPERATION_RE = re.compile(r"^\d{6,12}$")
NEEDS_OPERATION = {CollectMeans.YAPE, CollectMeans.PLIN}


class CourierRefused(OrderError):
    pass


def amount_due(order: Order) -> Decimal:
    """What the courier collects at the door: the total of an unpaid pago contra entrega less
    the points and store credit it uses, 0 for an order paid online."""
    if order.is_paid or order.payment_method != Order.PaymentMethod.ON_DELIVERY:
        return ZERO
    return order.amount_due


# Reads
# ------------------------------------------------------------------------------


@dataclass
class RouteStop:
    order: Order
    zone: str
    due: Decimal


def route(*, store) -> list[RouteStop]:
    """The deliveries out with the couriers of `store` ("despachado"), in route order: by day,
    zone, district, then window. Two queries, whatever the number of stops."""
    orders = list(
        Order.objects.filter(store=store, fulfilment=Order.Fulfilment.DELIVERY, status=S.DISPATCHED)
        .select_related("delivery_slot__window")
        .order_by("pk")
    )
    zones = {
        normalize(name): zone
        for name, zone in DeliveryDistrict.objects.values_list("name", "zone__name")
    }
    stops = [
        RouteStop(
            order=order,
            zone=zones.get(normalize(order.address_district), ""),
            due=amount_due(order),
        )
        for order in orders
    ]
    stops.sort(
        key=lambda stop: (
            stop.order.delivery_slot.date if stop.order.delivery_slot else date.max,
            stop.zone or "~",
            normalize(stop.order.address_district),
            stop.order.delivery_slot.window.starts_at if stop.order.delivery_slot else time.max,
            stop.order.pk,
        )
    )
    return stops


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, start + timedelta(days=1)


def attempts_of_day(*, courier, day: date) -> list[DeliveryAttempt]:
    start, end = _day_bounds(day)
    return list(
        DeliveryAttempt.objects.filter(courier=courier, created_at__gte=start, created_at__lt=end)
        .select_related("order")
        .order_by("created_at", "pk")
    )


@dataclass
class DaySummary:
    courier: object
    day: date
    expected: dict[str, Decimal]  # means -> collected, by the recorded payments
    delivered: int
    failed: int
    closed: CourierDayClose | None
    rows: list = field(default_factory=list)  # [(means, label, expected, counted, difference)]

    @property
    def total(self) -> Decimal:
        return sum(self.expected.values(), ZERO)


def day_summary(*, courier, day: date) -> DaySummary:
    """What the courier collected on `day`, per means (from the payments recorded at the door),
    how many stops went well or not, and the day's close if a manager made it."""
    start, end = _day_bounds(day)
    sums = dict(
        Payment.objects.filter(
            kind=Payment.Kind.CHARGE,
            method=Order.PaymentMethod.ON_DELIVERY,
            received_by=courier,
            created_at__gte=start,
            created_at__lt=end,
        )
        .values_list("means")
        .annotate(total=Sum("amount"))
        .values_list("means", "total")
    )
    # SQLite sums decimals as floats: back to céntimos.
    expected = {
        means: (sums.get(means) or ZERO).quantize(Decimal("0.01")) for means in CollectMeans.values
    }
    outcomes = list(
        DeliveryAttempt.objects.filter(
            courier=courier, created_at__gte=start, created_at__lt=end
        ).values_list("outcome", flat=True)
    )
    closed = CourierDayClose.objects.filter(courier=courier, date=day).first()
    summary = DaySummary(
        courier=courier,
        day=day,
        expected=expected,
        delivered=outcomes.count(DeliveryAttempt.Outcome.DELIVERED),
        failed=outcomes.count(DeliveryAttempt.Outcome.FAILED),
        closed=closed,
    )
    for means in CollectMeans:
        counted = Decimal(closed.counted.get(means.value, "0")) if closed else None
        summary.rows.append(
            (
                means.value,
                means.label,
                expected[means.value],
                counted,
                (counted - expected[means.value]) if counted is not None else None,
            )
        )
    return summary


# Writes
# ------------------------------------------------------------------------------


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update(of=("self",)).select_related("store").get(pk=order.pk)


def _check_store(order: Order, store) -> None:
    if store is not None and order.store_id != store.pk:
        raise CourierRefused(
            _("El pedido %(number)s sale de otra tienda; no está en tu ruta.")
            % {"number": order.number}
        )
    if order.fulfilment != Order.Fulfilment.DELIVERY:
        raise CourierRefused(
            _("El pedido %(number)s no es de delivery a domicilio.") % {"number": order.number}
        )


def _reference(order: Order, means: str, operation: str) -> str:
    """The payment's unique reference: an operation number is used once, on one order."""
    if means in NEEDS_OPERATION:
        return f"{means}:{operation}"
    return f"reparto:{order.number}:{means}"


def deliver(*, order: Order, courier, means: str = "", operation: str = "", store=None) -> Order:
    """ "Entregado": record the payment collected (a pago contra entrega still unpaid), sell the
    held copies and mark the order delivered, which tells the customer.

    `means` is how the customer paid (CollectMeans); Yape and Plin need their operation number.
    An order paid online collects nothing. A second press returns the order unchanged.
    """
    operation = "".join((operation or "").split())[:20]
    with transaction.atomic():
        order = _lock(order)
        _check_store(order, store)
        if order.status in (S.DELIVERED, S.RECEIVED):
            return order
        if order.status != S.DISPATCHED:
            raise CourierRefused(
                _("El pedido %(number)s está «%(status)s»: solo se entrega lo que salió a reparto.")
                % {"number": order.number, "status": order.get_status_display()}
            )
        due = amount_due(order)
        note = _("Entregado por el repartidor")
        if due:
            if means not in CollectMeans.values:
                raise CourierRefused(
                    _("Elige cómo pagó el cliente: efectivo, tarjeta, Yape o Plin.")
                )
            if means in NEEDS_OPERATION and not OPERATION_RE.match(operation):
                raise CourierRefused(
                    _(
                        "Escribe el número de operación de %(means)s (de 6 a 12 dígitos, "
                        "como aparece en el celular del cliente)."
                    )
                    % {"means": CollectMeans(means).label}
                )
            reference = _reference(order, means, operation)
            if Payment.objects.filter(kind=Payment.Kind.CHARGE, reference=reference).exists():
                raise CourierRefused(
                    _(
                        "La operación %(operation)s ya se registró en otro pedido; revisa el "
                        "número en el celular del cliente."
                    )
                    % {"operation": operation}
                )
            try:
                with transaction.atomic():
                    status.mark_paid(
                        order=order,
                        amount=due,
                        currency=order.currency,
                        method=Order.PaymentMethod.ON_DELIVERY,
                        reference=reference,
                        means=means,
                        actor=courier,
                    )
            except IntegrityError as error:  # the same operation number, recorded meanwhile
                raise CourierRefused(
                    _("La operación %(operation)s ya se registró en otro pedido.")
                    % {"operation": operation}
                ) from error
            except InventoryError as error:
                raise CourierRefused(
                    _("No se puede entregar el pedido %(number)s: %(reason)s")
                    % {"number": order.number, "reason": error.message}
                ) from error
            note = _("Entregado; cobrado %(amount)s en %(means)s") % {
                "amount": f"S/ {due}",
                "means": CollectMeans(means).label.lower(),
            }
        elif not order.is_paid:
            raise CourierRefused(
                _("El pedido %(number)s no está pagado y no es contra entrega; no lo entregues.")
                % {"number": order.number}
            )
        DeliveryAttempt.objects.create(
            order=order, courier=courier, outcome=DeliveryAttempt.Outcome.DELIVERED
        )
        return status.advance(order=order, to=S.DELIVERED, actor=courier, note=note)


def report_failed(*, order: Order, courier, reason: str, note: str = "", store=None) -> Order:
    """ "No entregado": the order goes back to the store ("embalado", its copies still held), the
    customer is told, and the store dispatches it again on another day or annuls it."""
    note = " ".join((note or "").replace("\x00", "").split())[:200]
    with transaction.atomic():
        order = _lock(order)
        _check_store(order, store)
        if reason not in DeliveryAttempt.Reason.values:
            raise CourierRefused(_("Elige por qué no se pudo entregar."))
        if reason == DeliveryAttempt.Reason.OTHER and not note:
            raise CourierRefused(_("Cuenta en una línea qué pasó."))
        if (
            order.status == S.PACKED
            and order.attempts.filter(outcome=DeliveryAttempt.Outcome.FAILED).exists()
        ):
            return order  # a second press: already back at the store
        if order.status != S.DISPATCHED:
            raise CourierRefused(
                _("El pedido %(number)s está «%(status)s»; no está en reparto.")
                % {"number": order.number, "status": order.get_status_display()}
            )
        attempt = DeliveryAttempt.objects.create(
            order=order,
            courier=courier,
            outcome=DeliveryAttempt.Outcome.FAILED,
            reason=reason,
            note=note,
        )
        label = DeliveryAttempt.Reason(reason).label
        order.status = S.PACKED
        order.save(update_fields=["status", "updated_at"])
        events.record(
            order=order,
            status=S.PACKED,
            previous=S.DISPATCHED,
            actor=courier,
            note=_("No entregado: %(reason)s") % {"reason": label} + (f" ({note})" if note else ""),
            notify=False,
        )
        _tell_customer(
            order,
            key=f"attempt:{attempt.pk}",
            headline=_(
                "No pudimos entregar tu pedido %(number)s (%(reason)s). Te llamaremos para "
                "coordinar otra entrega."
            )
            % {"number": order.number, "reason": label.lower()},
        )
        publish_order_fact(
            "order.delivery_failed",
            order,
            reason=reason,
            attempt=order.attempts.filter(outcome=DeliveryAttempt.Outcome.FAILED).count(),
        )
        return order


def reschedule(*, order: Order, slot: str, actor) -> Order:
    """A new day and window for a Lima delivery not yet out (after a failed attempt, say):
    the new window is booked, the old one given back, the copies held until the new day."""
    with transaction.atomic():
        order = _lock(order)
        _check_store(order, None)
        if order.status not in (S.PROCESSING, S.PACKED):
            raise CourierRefused(
                _("El pedido %(number)s está «%(status)s»; solo se reprograma antes del despacho.")
                % {"number": order.number, "status": order.get_status_display()}
            )
        zone = delivery.zone_for_district(order.address_district)
        if zone is None:
            raise CourierRefused(_("Solo se reprograman entregas en Lima; revisa el distrito."))
        day, window_id = delivery.parse_slot(slot)
        old = order.delivery_slot
        new = delivery.book_slot(zone=zone, day=day, window_id=window_id)
        if old is not None:
            delivery.free_slot(old)
        if not order.is_paid:
            try:
                stock.extend_order_holds(
                    order.pk,
                    store=order.store,  # type: ignore[arg-type]  # a delivery has its store
                    lines=[
                        (line.product, line.quantity)
                        for line in order.lines.select_related("product")
                    ],
                    until=timezone.now() + cod_hold(new),
                    actor=actor,
                )
            except InventoryError as error:
                raise CourierRefused(
                    _("No se puede reprogramar el pedido %(number)s: %(reason)s")
                    % {"number": order.number, "reason": error.message}
                ) from error
        order.delivery_slot = new
        order.save(update_fields=["delivery_slot", "updated_at"])
        when = _("%(day)s, %(window)s") % {
            "day": new.date.strftime("%d/%m"),
            "window": new.window.label,
        }
        event = events.record(
            order=order,
            status=order.status,
            actor=actor,
            note=_("Nueva entrega: %(when)s") % {"when": when},
            notify=False,
        )
        _tell_customer(
            order,
            key=f"rescheduled:{event.pk}",
            headline=_("Tu pedido %(number)s llega el %(when)s.")
            % {"number": order.number, "when": when},
        )
        publish_order_fact(
            "order.rescheduled", order, date=new.date.isoformat(), window_id=new.window_id
        )
        return order


def _tell_customer(order: Order, *, key: str, headline: str) -> None:
    """E-mail and SMS through the outbox (sent after commit, once per key)."""
    url = events.tracking_url(order)
    key = f"order:{order.pk}:{key}"
    if order.contact_email:
        enqueue_notification(
            channel="email",
            to=order.contact_email,
            subject=f"Libros Pepito · {headline}",
            body=render_to_string(
                "orders/email/courier.txt", {"order": order, "headline": headline, "url": url}
            ),
            dedupe_key=f"{key}:email",
        )
    if order.contact_phone:
        enqueue_notification(
            channel="sms",
            to=order.contact_phone,
            body=f"Libros Pepito: {headline} {url}",
            dedupe_key=f"{key}:sms",
        )


def parse_counted(raw: dict) -> dict[str, Decimal]:
    """The amounts a manager typed per means ("45,90" or "45.90"); CourierRefused otherwise."""
    counted = {}
    for means in CollectMeans:
        text = str(raw.get(means.value, "") or "0").strip().replace(",", ".")[:14]
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0 or amount > Decimal("999999"):
            raise CourierRefused(
                _("Escribe el monto entregado en %(means)s como 45.90 (0 si no hubo).")
                % {"means": means.label.lower()}
            )
        counted[means.value] = amount.quantize(Decimal("0.01"))
    return counted


def close_day(*, courier, day: date, store, counted: dict, note: str, actor) -> CourierDayClose:
    """The manager closes the courier's day: what the payments say against what was handed over,
    per means, with the difference and a note (required when they differ). Once per day."""
    note = " ".join((note or "").replace("\x00", "").split())[:300]
    counted = parse_counted(counted)
    with transaction.atomic():
        if day > timezone.localdate():
            raise CourierRefused(_("Todavía no se puede cerrar un día que no llegó."))
        if CourierDayClose.objects.filter(courier=courier, date=day).exists():
            raise CourierRefused(_("Ese día ya está cerrado."))
        summary = day_summary(courier=courier, day=day)
        difference = sum(counted.values(), ZERO) - summary.total
        if difference and not note:
            raise CourierRefused(
                _("Hay una diferencia de %(amount)s: anota qué pasó antes de cerrar.")
                % {"amount": f"S/ {difference}"}
            )
        try:
            with transaction.atomic():
                closed = CourierDayClose.objects.create(
                    courier=courier,
                    store=store,
                    date=day,
                    expected={k: money(v) for k, v in summary.expected.items()},
                    counted={k: money(v) for k, v in counted.items()},
                    difference=difference,
                    note=note,
                    closed_by=actor,
                )
        except IntegrityError as error:  # closed by someone else meanwhile
            raise CourierRefused(_("Ese día ya está cerrado.")) from error
        publish(
            "courier.day_closed",
            close_id=closed.pk,
            courier_id=courier.pk,
            store_id=store.pk,
            date=day.isoformat(),
            difference=money(difference),
        )
        return closed
