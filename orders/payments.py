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
from datetime import timedelta
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.exceptions import InventoryError
from orders import events
from orders import status as order_status
from orders.exceptions import PaymentError
from orders.facts import money, publish_order_fact
from orders.models import Order, Payment, StripeEvent

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

    The amount is the order's own total (never a figure from the browser). Re-opening the pay
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
                and intent.amount == to_minor(order.total)
                and intent.client_secret
            ):
                return intent.client_secret
            # Canceled or gone (or an old amount): a fresh one, with its own key.
            key = f"pi-{order.number}-after-{order.stripe_payment_intent}"
        intent = stripe_client.payment_intents.create(
            params={
                "amount": to_minor(order.total),
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
        existing = stripe_client.refunds.list(
            params={"payment_intent": order.stripe_payment_intent, "limit": 10}
        )
        for refund in existing.data:
            if refund.status in ("succeeded", "pending"):
                return refund
        return stripe_client.refunds.create(
            params={
                "payment_intent": order.stripe_payment_intent,
                "metadata": {"order_number": order.number},
            },
            options={"idempotency_key": f"refund-{order.number}"},
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


# Webhook events
# ------------------------------------------------------------------------------


def handle_event(event) -> str:
    """Apply one verified Stripe event, once. Returns what happened (for the log and tests):

    "duplicate" (this event id was handled before), "ignored" (a type we don't act on, or a
    PaymentIntent that is not one of our orders), or settle_intent's outcome.

    The event id is inserted first, in the same transaction as its effects: a replay finds the
    row and does nothing; a crash rolls both back, so Stripe's retry applies it again.
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
        if event_type != "payment_intent.succeeded":
            return "ignored"
        intent = event["data"]["object"]
        order = Order.objects.filter(stripe_payment_intent=str(intent["id"])).first()
        if order is None:
            logger.warning(
                "Stripe: event %s for unknown PaymentIntent %s, ignored", event_id, intent["id"]
            )
            return "ignored"
        outcome = settle_intent(order=order, intent=intent)
        logger.info("Stripe: event %s for %s: %s", event_id, order.number, outcome)
        return outcome


# Reconciliation
# ------------------------------------------------------------------------------


def reconcile_payments(*, now=None) -> int:
    """Settle card orders whose PaymentIntent succeeded but whose webhook never arrived.

    Looks at unpaid card orders with a PaymentIntent from the last RECONCILE_LOOKBACK_HOURS
    (annulled ones too: a payment that arrived late is refunded). Each order is settled on its
    own; a Stripe error on one is logged and the others go on. Returns how many were settled.
    """
    if not settings.STRIPE_ENABLED:
        return 0
    now = now or timezone.now()
    orders = (
        Order.objects.filter(
            payment_method=Order.PaymentMethod.CARD,
            payment_status=Order.PaymentStatus.PENDING,
            created_at__gte=now - timedelta(hours=RECONCILE_LOOKBACK_HOURS),
        )
        .filter(Q(status=Order.Status.PENDING_PAYMENT) | Q(status=Order.Status.CANCELLED))
        .exclude(stripe_payment_intent="")
        .order_by("pk")[:500]
    )
    stripe_client = client()
    settled = 0
    for order in orders:
        try:
            intent = stripe_client.payment_intents.retrieve(order.stripe_payment_intent)
        except stripe.StripeError as error:
            logger.warning("Stripe: reconciliation could not read %s: %s", order.number, error)
            continue
        outcome = settle_intent(order=order, intent=intent)
        if outcome in ("paid", "refunded"):
            logger.info("Stripe: reconciliation settled %s: %s", order.number, outcome)
            settled += 1
    return settled
