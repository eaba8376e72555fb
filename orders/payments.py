"""Card payments through Stripe: PaymentIntents, the webhook's events, refunds, reconciliation.

The only module that talks to Stripe, and the only place where soles become Stripe's integer
céntimos and back. Every write to Stripe carries an idempotency key derived from the order
number, so a retried request (a double click, a worker retry, a timeout) never charges or
refunds twice. Reads (retrieve, list) are GETs, which are idempotent by nature; Stripe ignores
idempotency keys on them.

Which Stripe: the real one in production; a local `localstripe` server in development and
tests, through `STRIPE_API_BASE`. The settings are read on every call (not at import), so tests
can switch them.
"""

import logging
import time
from datetime import timedelta
from decimal import Decimal

import stripe
from django.conf import settings
from django.core.mail import mail_admins
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from stripe import RefundService

from inventory.exceptions import InventoryError
from orders import events
from orders import status as order_status
from orders.exceptions import PaymentError
from orders.facts import money, publish_order_fact
from orders.models import Dispute, Order, Payment, StripeEvent

logger = logging.getLogger(__name__)

CURRENCY = "pen"
# PaymentIntents that can still be paid from the pay page (or already were).
REUSABLE_INTENT_STATUSES = {
    "requires_payment_method",
    "requires_confirmation",
    "requires_action",
    "processing",
    "succeeded",
}
# How far back reconciliation looks for unpaid card orders.
RECONCILE_LOOKBACK_HOURS = 48

PAYMENT_UNAVAILABLE = _(
    "No pudimos comunicarnos con el procesador de pagos. Espera un momento e intenta de nuevo; "
    "no se te cobró nada."
)


def client() -> stripe.StripeClient:
    """A Stripe client configured from the settings (localstripe when STRIPE_API_BASE is set)."""
    if not settings.STRIPE_ENABLED:
        raise PaymentError(
            _("El pago con tarjeta no está disponible ahora; elige pagar al recoger en tienda.")
        )
    base = settings.STRIPE_API_BASE.rstrip("/")
    addresses = {"api": base, "files": base, "connect": base} if base else {}
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=addresses,  # type: ignore[arg-type]  # a plain dict of the TypedDict's keys
        max_network_retries=2,
    )


def to_minor(amount: Decimal) -> int:
    """Soles to céntimos (Stripe's integer amount for PEN)."""
    return int((amount * 100).to_integral_value())


def from_minor(amount: int) -> Decimal:
    return (Decimal(int(amount)) / 100).quantize(Decimal("0.01"))


# PaymentIntents
# ------------------------------------------------------------------------------


def create_payment_intent(order: Order) -> str:
    """The client secret of the order's PaymentIntent, created once and reused afterwards.

    The amount is the order's own total less its tenders (points, store credit: never a figure
    from the browser). Re-opening the pay
    page gives the same PaymentIntent; a second PaymentIntent is made only when the first one
    was canceled in Stripe. Raises PaymentError when the order cannot be paid by card now or
    Stripe cannot be reached.
    """
    order.refresh_from_db()
    if order.payment_method != Order.PaymentMethod.CARD:
        raise PaymentError(_("Este pedido no se paga con tarjeta."))
    if order.status != Order.Status.PENDING_PAYMENT:
        raise PaymentError(
            _("El pedido %(number)s ya no está pendiente de pago.") % {"number": order.number}
        )
    stripe_client = client()
    key = f"pi-{order.number}"
    try:
        if order.stripe_payment_intent:
            try:
                intent = stripe_client.payment_intents.retrieve(order.stripe_payment_intent)
            except stripe.InvalidRequestError:  # unknown to this Stripe account (or server)
                intent = None
            if (
                intent is not None
                and intent.status in REUSABLE_INTENT_STATUSES
                and intent.amount == to_minor(order.amount_due)
                and intent.client_secret
            ):
                return intent.client_secret
            # Canceled or gone (or an old amount): a fresh one, with its own key.
            key = f"pi-{order.number}-after-{order.stripe_payment_intent}"
        intent = stripe_client.payment_intents.create(
            params={
                "amount": to_minor(order.amount_due),
                "currency": CURRENCY,
                "payment_method_types": ["card"],
                "metadata": {"order_number": order.number},
            },
            options={"idempotency_key": key},
        )
    except stripe.StripeError as error:
        logger.warning("Stripe: could not create the PaymentIntent of %s: %s", order.number, error)
        raise PaymentError(PAYMENT_UNAVAILABLE) from error

    previous = order.stripe_payment_intent
    with transaction.atomic():
        # Only replace what we read: a concurrent page load that stored its own PI first wins.
        stored = Order.objects.filter(pk=order.pk, stripe_payment_intent=previous).update(
            stripe_payment_intent=intent.id, updated_at=timezone.now()
        )
    if stored:
        order.stripe_payment_intent = intent.id
        return intent.client_secret or ""
    # Lost the race (possible only where the idempotency key is not honoured, as in
    # localstripe): use the winner's PaymentIntent and drop ours, which nobody has seen.
    order.refresh_from_db()
    if order.stripe_payment_intent != intent.id:
        _cancel_quietly(stripe_client, intent.id, key=f"cancel-{intent.id}")
    return create_payment_intent(order)


def _cancel_quietly(stripe_client, intent_id: str, *, key: str) -> None:
    try:
        stripe_client.payment_intents.cancel(intent_id, options={"idempotency_key": key})
    except stripe.StripeError as error:
        logger.warning("Stripe: could not cancel the orphan PaymentIntent %s: %s", intent_id, error)


def attach_test_card(order: Order, *, token: str) -> dict:
    """localstripe only: pay the order's PaymentIntent with a card token made by its Stripe.js.

    localstripe's stand-in Stripe.js cannot confirm a PaymentIntent with card details (its
    confirmCardPayment only plays the 3-D Secure step), so with a local Stripe the page
    tokenizes the card and the server attaches and confirms it. Real Stripe.js does all of this
    in confirmCardPayment and never calls this. Returns {"status", "client_secret"}.
    """
    if not settings.STRIPE_API_BASE:
        raise PaymentError(_("Operación no disponible."))
    if not isinstance(token, str) or not token.startswith("tok_") or len(token) > 64:
        raise PaymentError(_("Los datos de la tarjeta no son válidos; revísalos."))
    client_secret = create_payment_intent(order)
    stripe_client = client()
    try:
        card = stripe_client.tokens.retrieve(token).card
        if card is None:  # a bank-account token, say: not a card
            raise PaymentError(_("Los datos de la tarjeta no son válidos; revísalos."))
        intent = stripe_client.payment_intents.update(
            order.stripe_payment_intent,
            params={"payment_method": card.id},
            options={"idempotency_key": f"attach-{order.number}-{token}"},
        )
        if intent.status == "requires_confirmation":
            intent = stripe_client.payment_intents.confirm(
                intent.id, options={"idempotency_key": f"confirm-{order.number}-{token}"}
            )
    except stripe.CardError as error:
        raise PaymentError(_("Tu tarjeta fue rechazada; prueba con otra.")) from error
    except stripe.StripeError as error:
        logger.warning("Stripe: could not confirm %s: %s", order.number, error)
        raise PaymentError(PAYMENT_UNAVAILABLE) from error
    return {"status": intent.status, "client_secret": client_secret}


def confirm_payment(order: Order) -> str:
    """After Stripe.js says the card was charged: check with Stripe ourselves and settle.

    The browser's word is never taken; the PaymentIntent is retrieved server-side. Returns the
    outcome of `settle_intent`, or "not_succeeded" while Stripe is still processing.
    """
    if not order.stripe_payment_intent:
        return "no_intent"
    try:
        intent = client().payment_intents.retrieve(order.stripe_payment_intent)
    except stripe.StripeError as error:
        logger.warning(
            "Stripe: could not retrieve the PaymentIntent of %s: %s", order.number, error
        )
        raise PaymentError(PAYMENT_UNAVAILABLE) from error
    return settle_intent(order=order, intent=intent)


def settle_intent(*, order: Order, intent) -> str:
    """Mark the order paid if the PaymentIntent succeeded with the order's amount and currency.

    Returns "paid" (now or already), "not_succeeded", "mismatch" (refused and logged: staff
    must look at it), or "refunded" (the money arrived for an order that was annulled
    meanwhile, or whose copies are gone: it goes straight back to the card).
    """
    if intent["status"] != "succeeded":
        return "not_succeeded"
    amount = from_minor(intent.get("amount_received") or intent["amount"])
    currency = str(intent["currency"])
    try:
        order_status.mark_paid(
            order=order,
            amount=amount,
            currency=currency,
            method=Order.PaymentMethod.CARD,
            reference=intent["id"],
        )
    except PaymentError:
        order.refresh_from_db()
        if order.payment_status != Order.PaymentStatus.PENDING:
            return "already_settled"  # paid then refunded: an old PaymentIntent's news
        if order.status == Order.Status.CANCELLED:
            _refund_unusable_payment(order=order, intent=intent, reason=_("pedido ya anulado"))
            return "refunded"
        logger.error(
            "Stripe: PaymentIntent %s paid %s %s for order %s (total %s %s): not marked paid",
            intent["id"],
            amount,
            currency,
            order.number,
            order.total,
            order.currency,
        )
        return "mismatch"
    except InventoryError as error:
        # The hold ran out and the copies were sold meanwhile: nothing to sell, give it back.
        logger.warning("Stripe: %s paid but its stock is gone: %s", order.number, error)
        _refund_unusable_payment(order=order, intent=intent, reason=str(error))
        return "refunded"
    return "paid"


def _refund_unusable_payment(*, order: Order, intent, reason: str) -> None:
    """The card was charged for an order we cannot honour: refund it, record both movements,
    and annul the order if it is not annulled yet."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.payment_status != Order.PaymentStatus.PENDING:
            return
        refund = _stripe_refund(order)
        amount = from_minor(intent.get("amount_received") or intent["amount"])
        Payment.objects.get_or_create(
            kind=Payment.Kind.CHARGE,
            reference=intent["id"],
            defaults={
                "order": order,
                "method": Order.PaymentMethod.CARD,
                "amount": amount,
                "currency": str(intent["currency"]).upper(),
            },
        )
        payment = _record_refund(order=order, refund=refund)
        order.payment_status = Order.PaymentStatus.REFUNDED
        order.save(update_fields=["payment_status", "updated_at"])
        publish_order_fact("order.refunded", order, amount=money(payment.amount))
        note = _("Pago recibido tarde; lo devolvimos a tu tarjeta (%(reason)s).") % {
            "reason": reason
        }
        if order.status == Order.Status.CANCELLED:
            events.record(order=order, status=order.status, note=note)
        else:
            order_status.cancel(order=order, reason=note)


# Refunds
# ------------------------------------------------------------------------------


def refund_card_payment(*, order: Order) -> Payment:
    """Give the order's card payment back through Stripe and record the refund.

    Called by orders.status.cancel inside its transaction, with the order row locked. A refund
    already made for this PaymentIntent (an earlier attempt whose transaction failed later) is
    reused, never doubled. Raises PaymentError, so the cancellation rolls back, when Stripe
    refuses or cannot be reached.
    """
    refund = _stripe_refund(order)
    return _record_refund(order=order, refund=refund)


def _stripe_refund(order: Order):
    stripe_client = client()
    try:
        intent = stripe_client.payment_intents.retrieve(order.stripe_payment_intent)
        existing = _live_refunds(stripe_client, intent)
        given_back = sum(int(refund.amount) for refund in existing)
        remaining = _captured(intent) - given_back
        if remaining <= 0 and existing:
            # Already given back (an earlier attempt whose transaction failed later).
            return existing[0]
        params: RefundService.CreateParams = {
            "payment_intent": intent.id,
            "metadata": {"order_number": order.number},
        }
        if given_back:
            # Part was refunded in Stripe's dashboard before: give back the rest only.
            params["amount"] = remaining
        return stripe_client.refunds.create(
            params=params,
            options={"idempotency_key": f"refund-{order.number}-{given_back}"},
        )
    except stripe.StripeError as error:
        logger.error("Stripe: could not refund %s: %s", order.number, error)
        raise PaymentError(
            _(
                "No pudimos devolver el pago del pedido %(number)s en este momento; "
                "el pedido no se anuló. Intenta de nuevo en unos minutos."
            )
            % {"number": order.number}
        ) from error


def _record_refund(*, order: Order, refund) -> Payment:
    payment, _created = Payment.objects.get_or_create(
        kind=Payment.Kind.REFUND,
        reference=refund.id,
        defaults={
            "order": order,
            "method": Order.PaymentMethod.CARD,
            "amount": from_minor(refund.amount),
            "currency": str(refund.currency).upper(),
        },
    )
    return payment


# Reading Stripe's objects
# ------------------------------------------------------------------------------

# Refunds that count as money given back (a pending card refund is on its way and is not
# cancelled in practice; a failed or canceled one gave nothing back).
LIVE_REFUND_STATUSES = ("succeeded", "pending")


def _id_of(value) -> str:
    """An expandable field's id, whether Stripe sent the id or the expanded object."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value.get("id") or "")


def _captured(intent) -> int:
    """Céntimos the PaymentIntent actually took from the card (0 unless it succeeded)."""
    if intent["status"] != "succeeded":
        return 0
    return int(intent.get("amount_received") or intent["amount"])


def _live_refunds(stripe_client, intent) -> list:
    """The PaymentIntent's refunds that gave money back, newest first, all pages (none when
    it never took money)."""
    if intent["status"] != "succeeded":
        return []
    page = stripe_client.refunds.list(params={"payment_intent": intent["id"], "limit": 100})
    return [r for r in page.auto_paging_iter() if r.status in LIVE_REFUND_STATUSES]


def _order_for_intent(intent) -> Order | None:
    """Our order for a PaymentIntent: the one holding it, or the one whose charge it paid
    (a PaymentIntent replaced later), or the order named in the metadata we wrote at
    creation (read from Stripe's server, never from an event body)."""
    intent_id = str(intent["id"])
    order = Order.objects.filter(stripe_payment_intent=intent_id).first()
    if order is None:
        payment = (
            Payment.objects.filter(kind=Payment.Kind.CHARGE, reference=intent_id)
            .select_related("order")
            .first()
        )
        order = payment.order if payment else None
    if order is None:
        number = str((intent.get("metadata") or {}).get("order_number") or "")
        if number:
            order = Order.objects.filter(
                number=number, payment_method=Order.PaymentMethod.CARD
            ).first()
    return order


def _report_to_admins(subject: str, lines: list[str]) -> None:
    """Mail the admins (settings.ADMINS) after the transaction commits, and log it."""
    if not lines:
        return
    body = "\n".join(lines)
    logger.error("Stripe: %s\n%s", subject, body)
    transaction.on_commit(lambda: mail_admins(subject, body, fail_silently=True))


# Applying what Stripe says: one sync per PaymentIntent, whatever event brought the news
# ------------------------------------------------------------------------------


def sync_intent(intent_id: str) -> str:
    """Make the order of this PaymentIntent agree with Stripe now: paid if Stripe took the
    money, refunds recorded as Stripe holds them. Every payment event ends here, so the
    result does not depend on which events arrive, twice or in which order.

    Returns "ignored" (not one of our orders), settle_intent's outcome while unpaid, or the
    order's payment state afterwards: "paid", "partially_refunded" or "refunded".
    Raises PaymentError when Stripe cannot be read (the webhook answers 503: Stripe retries).
    """
    stripe_client = client()
    try:
        intent = stripe_client.payment_intents.retrieve(intent_id)
    except stripe.InvalidRequestError:  # no such PaymentIntent in this account
        logger.warning("Stripe: PaymentIntent %s unknown to Stripe, ignored", intent_id)
        return "ignored"
    except stripe.StripeError as error:
        logger.warning("Stripe: could not read the PaymentIntent %s: %s", intent_id, error)
        raise PaymentError(PAYMENT_UNAVAILABLE) from error
    order = _order_for_intent(intent)
    if order is None:
        logger.warning(
            "Stripe: unknown PaymentIntent %s (not one of our orders), ignored", intent_id
        )
        return "ignored"
    own = order.stripe_payment_intent
    if intent["status"] != "succeeded" and own and own != str(intent["id"]):
        # News of an abandoned PaymentIntent (declined, then replaced): the order's own one
        # says where the order stands.
        return sync_intent(own)
    if order.payment_status != Order.PaymentStatus.PENDING and not _pays_order(order, intent):
        # Another PaymentIntent of an order already paid: news of an abandoned one (ignored),
        # or a second payment, which staff must give back by hand.
        if intent["status"] == "succeeded":
            _report_to_admins(
                str(_("Pago doble en el pedido %(number)s") % {"number": order.number}),
                [f"{order.number}: {intent_id} cobró S/ {from_minor(_captured(intent))} "
                 f"y el pedido ya estaba pagado con {order.stripe_payment_intent}"],
            )  # fmt: skip
        return "ignored"
    if order.payment_status == Order.PaymentStatus.PENDING:
        outcome = settle_intent(order=order, intent=intent)
        if outcome in ("not_succeeded", "mismatch", "already_settled"):
            return outcome
        order.refresh_from_db()
    if order.payment_status == Order.PaymentStatus.PENDING or intent["status"] != "succeeded":
        return "not_succeeded"
    try:
        refunds = _live_refunds(stripe_client, intent)
    except stripe.StripeError as error:
        logger.warning("Stripe: could not read the refunds of %s: %s", intent_id, error)
        raise PaymentError(PAYMENT_UNAVAILABLE) from error
    return _apply_refunds(order=order, intent=intent, refunds=refunds)


def _pays_order(order: Order, intent) -> bool:
    """The PaymentIntent is the order's own, or the one its recorded charge came from."""
    intent_id = str(intent["id"])
    return (
        intent_id == order.stripe_payment_intent
        or order.payments.filter(kind=Payment.Kind.CHARGE, reference=intent_id).exists()
    )


OUTCOME_BY_STATUS = {
    Order.PaymentStatus.PAID: "paid",
    Order.PaymentStatus.PARTIALLY_REFUNDED: "partially_refunded",
    Order.PaymentStatus.REFUNDED: "refunded",
}


def _apply_refunds(*, order: Order, intent, refunds: list) -> str:
    """Record the refunds Stripe holds that we have not recorded yet (each once, with its
    `order.refunded` fact and a note in the order's history), then set the payment status
    from our own ledger. The stock stays where it is, as with refund_card_payment: giving
    money back is not annulling (staff annul the order if the books come back)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        for refund in sorted(refunds, key=lambda r: (int(r.created or 0), r.id)):
            if Payment.objects.filter(kind=Payment.Kind.REFUND, reference=refund.id).exists():
                continue
            payment = _record_refund(order=order, refund=refund)
            publish_order_fact("order.refunded", order, amount=money(payment.amount))
            events.record(
                order=order,
                status=order.status,
                note=_("Reembolso de S/ %(amount)s hecho en Stripe (%(reference)s).")
                % {"amount": payment.amount, "reference": refund.id},
                notify=False,  # Stripe sends the customer its own refund receipt
            )
        charged, refunded = ledger_totals(order)
        if refunded <= 0:
            new_status = Order.PaymentStatus.PAID
        elif refunded >= charged:
            new_status = Order.PaymentStatus.REFUNDED
        else:
            new_status = Order.PaymentStatus.PARTIALLY_REFUNDED
        if (
            order.payment_status != new_status
            and order.payment_status != Order.PaymentStatus.PENDING
        ):
            order.payment_status = new_status
            order.save(update_fields=["payment_status", "updated_at"])
        return OUTCOME_BY_STATUS.get(Order.PaymentStatus(order.payment_status), "paid")


def ledger_totals(order: Order) -> tuple[Decimal, Decimal]:
    """(card money charged, card money refunded) for the order, from our Payment rows."""
    totals = {Payment.Kind.CHARGE: Decimal("0.00"), Payment.Kind.REFUND: Decimal("0.00")}
    for kind, amount in order.payments.filter(method=Order.PaymentMethod.CARD).values_list(
        "kind", "amount"
    ):
        totals[Payment.Kind(kind)] += amount
    return totals[Payment.Kind.CHARGE], totals[Payment.Kind.REFUND]


# Webhook events
# ------------------------------------------------------------------------------

# Every event about an order's PaymentIntent, its charge or its refunds: each is only news
# that something changed; the handler re-reads the PaymentIntent and its refunds from Stripe.
INTENT_EVENTS = frozenset(
    {
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "payment_intent.canceled",
        "payment_intent.processing",
        "payment_intent.requires_action",
        "payment_intent.amount_capturable_updated",
        "payment_intent.partially_funded",
        "payment_intent.created",
    }
)
CHARGE_EVENTS = frozenset(
    {
        "charge.succeeded",
        "charge.failed",
        "charge.captured",
        "charge.pending",
        "charge.expired",
        "charge.updated",
        "charge.refunded",
    }
)
REFUND_EVENTS = frozenset(
    {"charge.refund.updated", "refund.created", "refund.updated", "refund.failed"}
)
DISPUTE_EVENTS = frozenset(
    {
        "charge.dispute.created",
        "charge.dispute.updated",
        "charge.dispute.closed",
        "charge.dispute.funds_withdrawn",
        "charge.dispute.funds_reinstated",
    }
)
HANDLED_EVENTS = INTENT_EVENTS | CHARGE_EVENTS | REFUND_EVENTS | DISPUTE_EVENTS


def handle_event(event) -> str:
    """Apply one verified Stripe event, once. Returns what happened (for the log and tests):

    "duplicate" (this event id was handled before), "ignored" (a type we don't act on, or an
    object that is not one of our orders), or sync_intent's / the dispute's outcome.

    The event id is inserted first, in the same transaction as its effects: a replay finds the
    row and does nothing; a crash (or Stripe unreachable: PaymentError) rolls both back, so
    Stripe's retry applies it again.
    """
    event_id = str(event["id"])
    event_type = str(event["type"])
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(event_id=event_id[:80], type=event_type[:80])
        except IntegrityError:
            logger.info("Stripe: event %s already handled, ignored", event_id)
            return "duplicate"
        if event_type not in HANDLED_EVENTS:
            return "ignored"
        obj = event["data"]["object"]
        if event_type in DISPUTE_EVENTS:
            outcome = _apply_dispute(obj, event_created=int(event.get("created") or 0))
        else:
            intent_id = _intent_of(event_type, str(obj["id"]))
            outcome = sync_intent(intent_id) if intent_id else "ignored"
        logger.info("Stripe: event %s (%s): %s", event_id, event_type, outcome)
        return outcome


def _intent_of(event_type: str, object_id: str) -> str:
    """The PaymentIntent an event is about, read from Stripe ("" when it has none)."""
    if event_type in INTENT_EVENTS:
        return object_id
    stripe_client = client()
    try:
        if event_type in REFUND_EVENTS:
            refund = stripe_client.refunds.retrieve(object_id)
            intent_id = _id_of(refund.get("payment_intent"))
            if intent_id:
                return intent_id
            object_id = _id_of(refund.get("charge"))
        charge = stripe_client.charges.retrieve(object_id)
    except stripe.InvalidRequestError:
        logger.warning("Stripe: %s %s unknown to Stripe, ignored", event_type, object_id)
        return ""
    except stripe.StripeError as error:
        logger.warning("Stripe: could not read %s: %s", object_id, error)
        raise PaymentError(PAYMENT_UNAVAILABLE) from error
    return _id_of(charge.get("payment_intent"))


# Disputes
# ------------------------------------------------------------------------------


def _apply_dispute(body, *, event_created: int) -> str:
    """Record or update a dispute and tell the admins when it opens or closes.

    The dispute is re-read from Stripe when Stripe has it; a Stripe without disputes
    (localstripe) answers 404, and then the signed event's own object is used, for the
    dispute only: its charge is still re-read, so only a charge of one of our orders can
    carry a dispute. Events arriving out of order are told apart by Stripe's time: an older
    event never overwrites a newer one.
    """
    stripe_client = client()
    dispute_id = str(body["id"])
    stamp = event_created
    try:
        dispute = stripe_client.disputes.retrieve(dispute_id)
        stamp = max(stamp, int(time.time()))  # the server's current state: newest of all
    except stripe.StripeError as error:
        if error.http_status != 404:
            raise PaymentError(PAYMENT_UNAVAILABLE) from error
        dispute = body  # a Stripe without this dispute (localstripe): the signed event's object
    charge_id = _id_of(dispute.get("charge"))
    try:
        charge = stripe_client.charges.retrieve(charge_id) if charge_id else None
    except stripe.InvalidRequestError:
        charge = None
    except stripe.StripeError as error:
        raise PaymentError(PAYMENT_UNAVAILABLE) from error
    intent_id = _id_of(charge.get("payment_intent")) if charge is not None else ""
    order = None
    if intent_id:
        try:
            order = _order_for_intent(stripe_client.payment_intents.retrieve(intent_id))
        except stripe.InvalidRequestError:
            order = None
        except stripe.StripeError as error:
            raise PaymentError(PAYMENT_UNAVAILABLE) from error
    if order is None:
        logger.warning("Stripe: dispute %s is not about one of our orders, ignored", dispute_id)
        return "ignored"
    status = str(dispute.get("status") or "needs_response")[:24]
    values = {
        "charge_id": charge_id[:80],
        "amount": from_minor(int(dispute.get("amount") or 0)),
        "currency": str(dispute.get("currency") or order.currency).upper()[:3],
        "reason": str(dispute.get("reason") or "")[:40],
        "status": status,
        "stripe_updated": stamp,
    }
    with transaction.atomic():
        Order.objects.select_for_update().filter(pk=order.pk).first()  # one writer per order
        record = Dispute.objects.select_for_update().filter(dispute_id=dispute_id).first()
        if record is None:
            record = Dispute.objects.create(order=order, dispute_id=dispute_id[:80], **values)
            _dispute_news(record, opened=True, closed=not record.is_open)
        elif stamp >= record.stripe_updated and record.status != status:
            was_open = record.is_open
            for field, value in values.items():
                setattr(record, field, value)
            record.save()
            _dispute_news(record, opened=False, closed=was_open and not record.is_open)
        elif stamp > record.stripe_updated:
            record.stripe_updated = stamp
            record.save(update_fields=["stripe_updated", "updated_at"])
    return f"dispute_{record.status}"


def _dispute_news(record: Dispute, *, opened: bool, closed: bool = False) -> None:
    order = record.order
    values = {
        "number": order.number,
        "amount": record.amount,
        "reason": record.reason or "-",
        "status": record.get_status_label(),
    }
    if opened:
        note = _(
            "El cliente disputó el pago con su banco (S/ %(amount)s, motivo: %(reason)s). "
            "Responde en el panel de Stripe antes del plazo."
        )
    else:
        note = _("Disputa del pago: %(status)s.")
    events.record(order=order, status=order.status, note=note % values, notify=False)
    if opened or closed:
        subject = (
            _("Disputa cerrada en el pedido %(number)s: %(status)s")
            if closed
            else _("Disputa abierta en el pedido %(number)s")
        ) % values
        _report_to_admins(
            str(subject),
            [
                str(note % values),
                f"Stripe: {record.dispute_id} ({record.charge_id})",
            ],
        )


# Reconciliation
# ------------------------------------------------------------------------------

# Refunds can be made in Stripe's dashboard long after the sale: paid orders are compared
# for this long.
RECONCILE_PAID_LOOKBACK_DAYS = 120
RECONCILE_BATCH = 2000


def reconcile_payments(
    *, fix: bool = True, now=None, paid: bool = True, report: bool = True
) -> list[str]:
    """Compare our card payments with Stripe's, both ways; fix what is safe; report the rest.

    1. Unpaid card orders (last RECONCILE_LOOKBACK_HOURS, annulled ones too) whose
       PaymentIntent succeeded: settled (a late payment to an annulled order is refunded).
    2. Paid, partly or fully refunded card orders (last RECONCILE_PAID_LOOKBACK_DAYS): the
       money Stripe kept (captured − refunded) against ours (charges − refunds). Refunds made
       at Stripe that we miss are recorded (sync_intent); anything else (we recorded more than
       Stripe gave back, Stripe never took the money) is only reported: staff must look.
    3. Stripe's succeeded charges of the same period whose PaymentIntent names one of our
       orders that has no payment for it.

    Each difference found is one line of the returned list (fixed ones say so); the list is
    mailed to the admins (report=False: returned only; the nightly registry mails its own
    report, see `reconcile_for_registry`). With fix=False nothing is written. A Stripe error
    on one order is a line too, and the others go on. The 5-minute beat passes paid=False:
    only step 1 (a lost webhook), logged, not mailed.
    """
    if not settings.STRIPE_ENABLED:
        return []
    now = now or timezone.now()
    stripe_client = client()
    found: list[str] = []
    seen_intents: set[str] = set()

    def check(order: Order) -> None:
        try:
            intent = stripe_client.payment_intents.retrieve(order.stripe_payment_intent)
            seen_intents.add(str(intent.id))
            refunds = _live_refunds(stripe_client, intent)
        except stripe.StripeError as error:
            found.append(
                f"{order.number}: no se pudo leer {order.stripe_payment_intent} en Stripe ({error})"
            )
            return
        difference = _compare(order, intent, refunds)
        if difference is None:
            return
        fixable = difference.startswith("+")
        text = difference.lstrip("+")
        if fix and fixable:
            try:
                outcome = sync_intent(str(intent.id))
            except PaymentError as error:
                found.append(f"{order.number}: {text}; no se pudo corregir ({error.message})")
                return
            found.append(f"{order.number}: {text}; corregido ({outcome})")
        else:
            found.append(f"{order.number}: {text}")

    unpaid = (
        Order.objects.filter(
            payment_method=Order.PaymentMethod.CARD,
            payment_status=Order.PaymentStatus.PENDING,
            created_at__gte=now - timedelta(hours=RECONCILE_LOOKBACK_HOURS),
        )
        .filter(Q(status=Order.Status.PENDING_PAYMENT) | Q(status=Order.Status.CANCELLED))
        .exclude(stripe_payment_intent="")
        .order_by("pk")[:RECONCILE_BATCH]
    )
    settled = (
        Order.objects.filter(
            payment_method=Order.PaymentMethod.CARD,
            created_at__gte=now - timedelta(days=RECONCILE_PAID_LOOKBACK_DAYS),
        )
        .exclude(payment_status=Order.PaymentStatus.PENDING)
        .exclude(stripe_payment_intent="")
        .order_by("pk")[:RECONCILE_BATCH]
    )
    for order in [*unpaid, *settled] if paid else unpaid:
        check(order)
    if not paid:
        for line in found:
            logger.info("Stripe: reconciliation: %s", line)
        return found
    found.extend(_charges_without_payment(stripe_client, now=now, seen=seen_intents))
    if found and report:
        subject = ngettext(
            "Conciliación de pagos con Stripe: %(count)s diferencia",
            "Conciliación de pagos con Stripe: %(count)s diferencias",
            len(found),
        )
        _report_to_admins(subject % {"count": len(found)}, found)
    return found


def reconcile_for_registry(*, fix: bool) -> list[str]:
    """The nightly reconciler (core.reconcile, registered by OrdersConfig.ready): the full
    comparison; the registry mails the admins one report for every reconciler."""
    return reconcile_payments(fix=fix, report=False)


def _compare(order: Order, intent, refunds: list) -> str | None:
    """None when the order agrees with Stripe; else the difference, "+"-prefixed when
    sync_intent can fix it safely (recording what Stripe did and we missed)."""
    captured = from_minor(_captured(intent))
    given_back = from_minor(sum(int(r.amount) for r in refunds))
    charged, refunded = ledger_totals(order)
    if order.payment_status == Order.PaymentStatus.PENDING:
        if captured > 0:
            return f"+Stripe cobró S/ {captured} y aquí figura sin pagar"
        return None
    if captured == 0:
        return f"aquí figura pagado (S/ {charged}) y Stripe no cobró ({intent['status']})"
    if captured - given_back == charged - refunded:
        return None
    recorded = set(
        order.payments.filter(kind=Payment.Kind.REFUND).values_list("reference", flat=True)
    )
    missing = [r for r in refunds if r.id not in recorded]
    text = (
        f"Stripe: S/ {captured} cobrado − S/ {given_back} devuelto = S/ {captured - given_back}; "
        f"aquí: S/ {charged} − S/ {refunded} = S/ {charged - refunded}"
    )
    if missing and charged == captured:
        return "+" + text
    return text


def _charges_without_payment(stripe_client, *, now, seen: set[str]) -> list[str]:
    """Stripe's succeeded charges of the paid look-back whose PaymentIntent names one of our
    orders but is not the one the order holds nor a payment recorded for it."""
    since = int((now - timedelta(days=RECONCILE_PAID_LOOKBACK_DAYS)).timestamp())
    found: list[str] = []
    try:
        page = stripe_client.charges.list(params={"created": {"gt": since}, "limit": 100})
        charges = list(page.auto_paging_iter())
    except stripe.StripeError as error:
        return [f"no se pudo listar los cobros de Stripe ({error})"]
    for charge in charges:
        intent_id = _id_of(charge.get("payment_intent"))
        if not intent_id or intent_id in seen or charge.get("status") != "succeeded":
            continue
        if Payment.objects.filter(kind=Payment.Kind.CHARGE, reference=intent_id).exists():
            continue
        try:
            intent = stripe_client.payment_intents.retrieve(intent_id)
        except stripe.StripeError:
            continue
        number = str((intent.get("metadata") or {}).get("order_number") or "")
        if not number:
            continue  # not an order's payment (an e-book subscription, say)
        seen.add(intent_id)
        order = Order.objects.filter(number=number).first()
        label = number if order is not None else f"{number} (no existe aquí)"
        found.append(
            f"{label}: Stripe cobró S/ {from_minor(_captured(intent))} con {intent_id}, "
            "que no figura como pago del pedido"
        )
    return found
