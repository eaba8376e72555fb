"""Card payments against a real local Stripe (localstripe): PaymentIntents, the webhook,
refunds and reconciliation."""

# The localstripe fixtures are imported here, so pytest sees them; ruff takes them for unused
# imports shadowed by test arguments.
# ruff: noqa: F811

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from inventory import stock
from inventory.models import Reservation
from orders import payments, status
from orders.models import Order, OrderEvent, Payment, StripeEvent
from orders.tasks import reconcile_payments_task
from outbox.models import Event, Notification
from tests.orders.stripe_fixtures import (  # noqa: F401 (fixtures)
    card_order,
    fresh_stripe,
    localstripe,
    pay_with_card,
    post_webhook,
    signature_header,
    stripe_settings,
    stripe_webhook,
    succeeded_event,
    wait_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(stripe_settings, customer):
    return card_order(customer=customer)


def stripe_intent(intent_id):
    return payments.client().payment_intents.retrieve(intent_id)


# PaymentIntents
# ------------------------------------------------------------------------------


def test_payment_intent_charges_the_order_total_in_centimos(order):
    client_secret = payments.create_payment_intent(order)

    order.refresh_from_db()
    intent = stripe_intent(order.stripe_payment_intent)
    assert order.total == Decimal("91.80")
    assert intent.amount == 9180
    assert intent.currency == "pen"
    assert intent.metadata["order_number"] == order.number
    assert client_secret == intent.client_secret
    assert client_secret.startswith(order.stripe_payment_intent)


def test_reopening_the_pay_page_reuses_the_same_payment_intent(order):
    first = payments.create_payment_intent(order)
    intent_id = Order.objects.get(pk=order.pk).stripe_payment_intent

    second = payments.create_payment_intent(Order.objects.get(pk=order.pk))

    assert second == first
    assert Order.objects.get(pk=order.pk).stripe_payment_intent == intent_id


def test_a_canceled_payment_intent_is_replaced(order):
    payments.create_payment_intent(order)
    old = Order.objects.get(pk=order.pk).stripe_payment_intent
    payments.client().payment_intents.cancel(old)

    payments.create_payment_intent(order)

    new = Order.objects.get(pk=order.pk).stripe_payment_intent
    assert new != old
    assert stripe_intent(new).status == "requires_payment_method"


def test_a_payment_intent_stripe_does_not_know_is_replaced(order):
    Order.objects.filter(pk=order.pk).update(stripe_payment_intent="pi_gone")

    payments.create_payment_intent(order)

    new = Order.objects.get(pk=order.pk).stripe_payment_intent
    assert new.startswith("pi_") and new != "pi_gone"


def test_no_payment_intent_for_a_paid_order(order):
    pay_with_card(order)
    payments.confirm_payment(order)

    with pytest.raises(payments.PaymentError):
        payments.create_payment_intent(order)


def test_stripe_unreachable_is_a_clear_error_not_a_crash(order, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there

    with pytest.raises(payments.PaymentError, match="no se te cobró nada"):
        payments.create_payment_intent(order)
    assert Order.objects.get(pk=order.pk).stripe_payment_intent == ""


def test_minor_units_round_trip():
    assert payments.to_minor(Decimal("45.90")) == 4590
    assert payments.to_minor(Decimal("0.01")) == 1
    assert payments.from_minor(4590) == Decimal("45.90")


# The webhook
# ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_paying_delivers_a_verified_webhook_that_marks_the_order_paid(order, stripe_webhook):
    intent_id = pay_with_card(order)

    # localstripe signs and posts the event to the live server about a second later. Wait for
    # the last write of the webhook's transaction (the customer's notice), not the first: with
    # SQLite in memory the live server shares this test's connection and its uncommitted rows.
    wait_for(
        lambda: Notification.objects.filter(
            to="rosa@example.pe", subject__contains="en proceso"
        ).exists()
    )
    order.refresh_from_db()
    assert order.status == Order.Status.PROCESSING
    assert order.paid_at is not None
    charge = Payment.objects.get(order=order)
    assert (charge.kind, charge.amount, charge.currency) == ("charge", order.total, "PEN")
    assert charge.reference == intent_id
    assert StripeEvent.objects.filter(type="payment_intent.succeeded").count() == 1
    assert OrderEvent.objects.filter(order=order, status=Order.Status.PROCESSING).count() == 1
    holds = Reservation.objects.filter(order=order)
    assert {hold.state for hold in holds} == {Reservation.State.CONSUMED}


def test_a_duplicate_webhook_is_ignored(order, client):
    intent_id = pay_with_card(order)
    payload = succeeded_event(intent_id)

    first = post_webhook(client, payload)
    second = post_webhook(client, payload)

    assert first.status_code == 200
    assert json.loads(first.content) == {"result": "paid"}
    assert second.status_code == 200
    assert json.loads(second.content) == {"result": "duplicate"}
    assert Payment.objects.filter(order=order).count() == 1
    assert StripeEvent.objects.count() == 1
    assert OrderEvent.objects.filter(order=order, status=Order.Status.PROCESSING).count() == 1


def test_a_bad_signature_is_refused_and_changes_nothing(order, client):
    intent_id = pay_with_card(order)
    payload = succeeded_event(intent_id)

    forged = post_webhook(client, payload, secret="whsec_someone_else")
    unsigned = client.post("/pagos/stripe/webhook/", data=payload, content_type="application/json")
    tampered = client.post(
        "/pagos/stripe/webhook/",
        data=payload.replace(b'"amount": 9180', b'"amount": 1'),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload),
    )

    assert (forged.status_code, unsigned.status_code, tampered.status_code) == (400, 400, 400)
    order.refresh_from_db()
    assert order.payment_status == "pending"
    assert order.status == Order.Status.PENDING_PAYMENT
    assert not StripeEvent.objects.exists()
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "body",
    [b"not json", b"\xff\xfe", b"[]", b'{"id": "evt_1"}', b'{"id": 1, "type": "x", "data": {}}'],
)
def test_a_malformed_body_is_a_400_even_when_signed(stripe_settings, client, body):
    response = post_webhook(client, body)

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_the_webhook_only_accepts_post(stripe_settings, client):
    assert client.get("/pagos/stripe/webhook/").status_code == 405


def test_the_webhook_without_a_secret_configured_answers_503(stripe_settings, client):
    stripe_settings.STRIPE_WEBHOOK_SECRET = ""

    response = post_webhook(client, b"{}")

    assert response.status_code == 503


def test_an_amount_mismatch_is_refused(order, client, caplog):
    # A PaymentIntent for less than the order's total, paid and linked to the order.
    stripe_client = payments.client()
    intent = stripe_client.payment_intents.create(
        params={
            "amount": payments.to_minor(order.total) - 100,
            "currency": "pen",
            "payment_method": "pm_card_visa",
            "metadata": {"order_number": order.number},
        }
    )
    stripe_client.payment_intents.confirm(intent.id)
    Order.objects.filter(pk=order.pk).update(stripe_payment_intent=intent.id)

    response = post_webhook(client, succeeded_event(intent.id))

    assert response.status_code == 200
    assert json.loads(response.content) == {"result": "mismatch"}
    order.refresh_from_db()
    assert order.payment_status == "pending"
    assert order.status == Order.Status.PENDING_PAYMENT
    assert not Payment.objects.exists()
    assert "not marked paid" in caplog.text


def test_a_currency_mismatch_is_refused(order):
    intent = {"id": "pi_x", "status": "succeeded", "amount": 9180, "currency": "usd"}

    assert payments.settle_intent(order=order, intent=intent) == "mismatch"
    assert Order.objects.get(pk=order.pk).payment_status == "pending"


def test_an_unknown_payment_intent_is_ignored(order, client, caplog):
    stripe_client = payments.client()
    intent = stripe_client.payment_intents.create(
        params={"amount": 5000, "currency": "pen", "payment_method": "pm_card_visa"}
    )
    stripe_client.payment_intents.confirm(intent.id)

    response = post_webhook(client, succeeded_event(intent.id))

    assert response.status_code == 200
    assert json.loads(response.content) == {"result": "ignored"}
    assert "unknown PaymentIntent" in caplog.text
    assert Order.objects.get(pk=order.pk).payment_status == "pending"
    assert StripeEvent.objects.count() == 1  # a replay is then a plain duplicate


def test_other_event_types_are_acknowledged_and_ignored(stripe_settings, client):
    payload = json.dumps(
        {"id": "evt_other", "type": "customer.created", "data": {"object": {"id": "cus_1"}}}
    ).encode()

    response = post_webhook(client, payload)

    assert json.loads(response.content) == {"result": "ignored"}


def test_a_payment_arriving_after_the_order_was_annulled_is_refunded(order, client):
    intent_id = pay_with_card(order)
    status.cancel(order=order, reason="No recibimos el pago a tiempo")  # the expiry task won

    response = post_webhook(client, succeeded_event(intent_id))

    assert json.loads(response.content) == {"result": "refunded"}
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.payment_status == Order.PaymentStatus.REFUNDED
    kinds = sorted(Payment.objects.filter(order=order).values_list("kind", flat=True))
    assert kinds == ["charge", "refund"]
    refunds = payments.client().refunds.list(params={"payment_intent": intent_id})
    assert len(refunds.data) == 1
    # The money came and went back: a refund, never a payment, on the spine.
    assert _facts(order, "order.paid") == []
    assert [p["amount"] for p in _facts(order, "order.refunded")] == ["91.80"]


def _facts(order, name):
    return [e.payload for e in Event.objects.filter(name=name, key=f"order:{order.pk}")]


def test_a_payment_whose_books_sold_out_after_the_hold_expired_is_refunded(order):
    intent_id = pay_with_card(order)
    # The hold ran out before the payment arrived, and another customer took the last copies.
    Reservation.objects.filter(order=order).update(expires_at=timezone.now() - timedelta(minutes=1))
    book = order.lines.get().product
    stock.reserve([(book, 5)], order.store, "cart:otro", timedelta(minutes=15))

    assert payments.confirm_payment(order) == "refunded"

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.payment_status == Order.PaymentStatus.REFUNDED
    assert Payment.objects.filter(order=order, kind=Payment.Kind.REFUND).count() == 1
    refunds = payments.client().refunds.list(params={"payment_intent": intent_id})
    assert [r.amount for r in refunds.data] == [9180]
    assert "lo devolvimos a tu tarjeta" in order.events.last().note
    assert _facts(order, "order.paid") == []  # the sale rolled back with the stock
    assert len(_facts(order, "order.refunded")) == 1
    assert len(_facts(order, "order.cancelled")) == 1


# The pay page's confirmation, reconciliation, refunds
# ------------------------------------------------------------------------------


def test_confirm_payment_checks_with_stripe_before_marking_paid(order):
    payments.create_payment_intent(order)

    assert payments.confirm_payment(order) == "not_succeeded"
    assert Order.objects.get(pk=order.pk).payment_status == "pending"

    pay_with_card(order)
    assert payments.confirm_payment(order) == "paid"
    assert payments.confirm_payment(order) == "paid"  # twice is harmless
    assert Payment.objects.filter(order=order).count() == 1


def test_reconciliation_marks_paid_an_order_whose_webhook_never_came(fresh_stripe, order, customer):
    # No webhook registered: localstripe's delivery goes nowhere.
    pay_with_card(order)
    unpaid = card_order(customer=customer)
    payments.create_payment_intent(unpaid)  # opened the pay page, never paid

    settled = reconcile_payments_task()

    assert settled == 1
    order.refresh_from_db()
    assert order.payment_status == "paid"
    assert order.status == Order.Status.PROCESSING
    assert Order.objects.get(pk=unpaid.pk).payment_status == "pending"
    assert payments.reconcile_payments() == []  # nothing left to do


def test_reconciliation_does_nothing_without_stripe(settings):
    settings.STRIPE_ENABLED = False

    assert payments.reconcile_payments() == []


def test_cancelling_a_paid_card_order_refunds_it_through_stripe(order):
    intent_id = pay_with_card(order)
    payments.confirm_payment(order)

    status.cancel(order=order, reason="El cliente ya no lo quiere")

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.payment_status == Order.PaymentStatus.REFUNDED
    refund = Payment.objects.get(order=order, kind=Payment.Kind.REFUND)
    assert refund.amount == order.total
    assert refund.method == Order.PaymentMethod.CARD
    assert refund.reference.startswith("re_")
    stripe_refunds = payments.client().refunds.list(params={"payment_intent": intent_id})
    assert [r.id for r in stripe_refunds.data] == [refund.reference]
    assert stripe_refunds.data[0].amount == 9180
    assert [p["amount"] for p in _facts(order, "order.paid")] == ["91.80"]
    assert [p["amount"] for p in _facts(order, "order.refunded")] == ["91.80"]
    assert len(_facts(order, "order.cancelled")) == 1

    # A retry (say the first cancellation's transaction failed after Stripe refunded) reuses it.
    again = payments.refund_card_payment(order=order)
    assert again.pk == refund.pk
    assert len(payments.client().refunds.list(params={"payment_intent": intent_id}).data) == 1


def test_a_refund_stripe_cannot_make_leaves_the_order_as_it_was(order, settings):
    pay_with_card(order)
    payments.confirm_payment(order)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    with pytest.raises(payments.PaymentError, match="no se anuló"):
        status.cancel(order=order, reason="El cliente ya no lo quiere")

    order.refresh_from_db()
    assert order.status == Order.Status.PROCESSING
    assert order.payment_status == Order.PaymentStatus.PAID
    assert not Payment.objects.filter(kind=Payment.Kind.REFUND).exists()
    assert _facts(order, "order.refunded") == _facts(order, "order.cancelled") == []
