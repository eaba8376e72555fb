"""Every payment event Stripe sends about an order, against a real local Stripe (localstripe).

localstripe keeps refunds on the charge but emits neither refund nor dispute events, and has no
disputes at all: these tests build the events as Stripe would, sign them with the webhook
secret and post them to the webhook. The handlers re-read the objects from localstripe, so the
final state must equal Stripe's whatever events arrive, in whatever order, however often.
"""

# The localstripe fixtures are imported here, so pytest sees them; ruff takes them for unused
# imports shadowed by test arguments.
# ruff: noqa: F811

import itertools
import json
import time
import uuid
from decimal import Decimal
from urllib.request import Request, urlopen

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from inventory.models import StockItem, StockMovement
from orders import payments, status
from orders.exceptions import PaymentError
from orders.models import Dispute, Order, OrderEvent, Payment, StripeEvent
from outbox.models import Event
from tests.orders.stripe_fixtures import (  # noqa: F401 (fixtures)
    CARD,
    SECRET_KEY,
    card_order,
    fresh_stripe,
    localstripe,
    pay_with_card,
    post_webhook,
    stripe_settings,
)

pytestmark = pytest.mark.django_db

DECLINED_CARD = {**CARD, "number": "4000000000000341"}


@pytest.fixture
def order(stripe_settings, customer, settings):
    settings.ADMINS = [("Caja", "caja@librospepito.pe")]
    return card_order(customer=customer)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """The admins' mail leaves after the commit: run the test's on_commit callbacks."""
    return django_capture_on_commit_callbacks


# Building Stripe's events
# ------------------------------------------------------------------------------


def stripe_object(path: str) -> dict:
    """The JSON localstripe holds for `path` (e.g. "charges/ch_1"), as Stripe would embed it."""
    from django.conf import settings

    request = Request(
        f"{settings.STRIPE_API_BASE}/v1/{path}",
        headers={"Authorization": f"Bearer {SECRET_KEY}"},
    )
    with urlopen(request, timeout=5) as response:
        return json.load(response)


def event(event_type: str, obj: dict, *, created: int | None = None) -> bytes:
    """A Stripe event of `event_type` about `obj`, with a fresh id (as a redelivery has none:
    Stripe resends the same id; a new fact has a new one)."""
    return json.dumps(
        {
            "id": f"evt_{uuid.uuid4().hex[:24]}",
            "object": "event",
            "api_version": "2024-06-20",
            "created": created or int(time.time()),
            "livemode": False,
            "type": event_type,
            "data": {"object": obj},
        }
    ).encode()


def deliver(client, payload: bytes) -> str:
    response = post_webhook(client, payload)
    assert response.status_code == 200, response.content
    return json.loads(response.content)["result"]


def intent_of(order) -> dict:
    order.refresh_from_db()
    return stripe_object(f"payment_intents/{order.stripe_payment_intent}")


def charge_of(order) -> dict:
    intent = intent_of(order)
    charge = intent["latest_charge"]
    return stripe_object(f"charges/{charge if isinstance(charge, str) else charge['id']}")


def refund_at_stripe(order, amount: int | None = None) -> dict:
    """A refund made in Stripe's dashboard (no event: localstripe emits none)."""
    params = {"payment_intent": order.stripe_payment_intent}
    if amount is not None:
        params["amount"] = amount
    refund = payments.client().refunds.create(params=params)
    return stripe_object(f"refunds/{refund.id}")


def dispute(order, *, status="needs_response", dispute_id=None, reason="fraudulent") -> dict:
    """A Stripe Dispute object about the order's charge (localstripe has no disputes)."""
    charge = charge_of(order)
    return {
        "id": dispute_id or f"dp_{uuid.uuid4().hex[:20]}",
        "object": "dispute",
        "amount": charge["amount"],
        "currency": charge["currency"],
        "charge": charge["id"],
        "payment_intent": order.stripe_payment_intent,
        "reason": reason,
        "status": status,
        "created": int(time.time()),
    }


def facts(order, name):
    return [e.payload for e in Event.objects.filter(name=name, key=f"order:{order.pk}")]


def state(order) -> dict:
    """All that the payment events may change: the order, its payments, its facts, its stock."""
    order.refresh_from_db()
    return {
        "status": order.status,
        "payment_status": order.payment_status,
        "payments": sorted(
            (p.kind, str(p.amount), p.reference) for p in Payment.objects.filter(order=order)
        ),
        "facts": {
            name: [f["amount"] for f in facts(order, name)]
            for name in ("order.paid", "order.refunded")
        },
        "cancelled": len(facts(order, "order.cancelled")),
        "stock": sorted(
            StockItem.objects.filter(store=order.store).values_list(
                "product_id", "on_hand", "reserved"
            )
        ),
        "movements": StockMovement.objects.filter(store=order.store).count(),
    }


# Each event type on its own
# ------------------------------------------------------------------------------


def test_a_refund_made_in_stripe_reaches_the_order(order, client):
    pay_with_card(order)
    payments.confirm_payment(order)
    before = state(order)
    refund = refund_at_stripe(order)

    assert deliver(client, event("charge.refunded", charge_of(order))) == "refunded"

    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.REFUNDED
    assert order.payment_badge.label == "Reembolsado"
    assert order.status == Order.Status.PROCESSING  # refunding is not annulling
    payment = Payment.objects.get(order=order, kind=Payment.Kind.REFUND)
    assert (payment.reference, payment.amount, payment.method) == (
        refund["id"],
        order.total,
        "card",
    )
    assert [f["amount"] for f in facts(order, "order.refunded")] == ["91.80"]
    assert "Reembolso de S/ 91.80 hecho en Stripe" in order.events.last().note
    after = state(order)
    assert (after["stock"], after["movements"]) == (before["stock"], before["movements"])


def test_a_partial_refund_then_the_rest(order, client):
    pay_with_card(order)
    payments.confirm_payment(order)
    refund_at_stripe(order, amount=3000)

    assert deliver(client, event("charge.refunded", charge_of(order))) == "partially_refunded"
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PARTIALLY_REFUNDED
    assert order.is_paid  # the customer keeps the books; the pickup desk still hands them over
    assert order.payment_badge.label == "Reembolsado en parte"

    refund_at_stripe(order, amount=6180)  # the rest
    assert deliver(client, event("charge.refunded", charge_of(order))) == "refunded"
    assert sorted(f["amount"] for f in facts(order, "order.refunded")) == ["30.00", "61.80"]
    assert Order.objects.get(pk=order.pk).payment_status == Order.PaymentStatus.REFUNDED


def test_annulling_a_partly_refunded_order_gives_back_only_the_rest(order, client):
    intent_id = pay_with_card(order)
    payments.confirm_payment(order)
    refund_at_stripe(order, amount=3000)
    deliver(client, event("charge.refunded", charge_of(order)))

    status.cancel(order=Order.objects.get(pk=order.pk), reason="El cliente ya no lo quiere")

    refunds = payments.client().refunds.list(params={"payment_intent": intent_id}).data
    assert sorted(r.amount for r in refunds) == [3000, 6180]
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.REFUNDED
    assert sorted(f["amount"] for f in facts(order, "order.refunded")) == ["30.00", "61.80"]
    # Stripe's news of that refund, arriving afterwards, changes nothing.
    before = state(order)
    assert deliver(client, event("charge.refunded", charge_of(order))) == "refunded"
    assert state(order) == before


@pytest.mark.parametrize(
    "event_type", ["charge.refund.updated", "refund.created", "refund.updated"]
)
def test_refund_events_carry_the_refund(order, client, event_type):
    pay_with_card(order)
    payments.confirm_payment(order)
    refund = refund_at_stripe(order)

    assert deliver(client, event(event_type, refund)) == "refunded"

    assert Payment.objects.filter(order=order, kind="refund", reference=refund["id"]).exists()
    assert len(facts(order, "order.refunded")) == 1


def test_the_event_body_is_not_trusted_stripe_is_asked(order, client):
    pay_with_card(order)
    payments.confirm_payment(order)
    forged = charge_of(order) | {"refunded": True, "amount_refunded": 9180}
    forged["refunds"] = {"object": "list", "data": [{"id": "re_forged", "amount": 9180}]}

    assert deliver(client, event("charge.refunded", forged)) == "paid"

    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PAID
    assert not Payment.objects.filter(kind=Payment.Kind.REFUND).exists()
    assert facts(order, "order.refunded") == []


def test_charge_succeeded_alone_marks_the_order_paid(order, client):
    pay_with_card(order)  # payment_intent.succeeded never arrives

    assert deliver(client, event("charge.succeeded", charge_of(order))) == "paid"

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (Order.Status.PROCESSING, "paid")
    assert [f["amount"] for f in facts(order, "order.paid")] == ["91.80"]


def _decline(order) -> str:
    """Try the declined test card on the order: returns the failed charge's id."""
    token = payments.client().tokens.create(params={"card": dict(DECLINED_CARD)})
    with pytest.raises(PaymentError, match="rechazada"):
        payments.attach_test_card(order, token=token.id)
    charge = intent_of(order)["latest_charge"]
    return charge if isinstance(charge, str) else charge["id"]


def test_a_failed_payment_leaves_the_order_waiting_for_another_card(order, client):
    charge_id = _decline(order)

    assert deliver(client, event("payment_intent.payment_failed", intent_of(order))) == (
        "not_succeeded"
    )
    assert deliver(client, event("charge.failed", stripe_object(f"charges/{charge_id}"))) == (
        "not_succeeded"
    )

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (Order.Status.PENDING_PAYMENT, "pending")
    assert order.can_pay_online()
    assert not Payment.objects.exists()


def test_a_canceled_payment_intent_changes_nothing_and_the_pay_page_makes_a_new_one(order, client):
    payments.create_payment_intent(order)
    order.refresh_from_db()
    old = order.stripe_payment_intent
    payments.client().payment_intents.cancel(old)

    assert deliver(client, event("payment_intent.canceled", intent_of(order))) == "not_succeeded"

    order.refresh_from_db()
    assert (order.status, order.payment_status) == (Order.Status.PENDING_PAYMENT, "pending")
    payments.create_payment_intent(order)
    assert Order.objects.get(pk=order.pk).stripe_payment_intent != old


def test_a_late_succeeded_event_of_a_replaced_payment_intent_still_finds_its_order(order, client):
    """The order's first PaymentIntent was paid, then (a retried page load) replaced: the
    payment is found through the metadata Stripe holds, and the order is paid."""
    first = pay_with_card(order)
    Order.objects.filter(pk=order.pk).update(stripe_payment_intent="pi_replaced")

    assert (
        deliver(
            client, event("payment_intent.succeeded", stripe_object(f"payment_intents/{first}"))
        )
        == "paid"
    )

    assert Payment.objects.get(order=order, kind="charge").reference == first


def test_an_event_about_a_charge_stripe_does_not_have_is_ignored(order, client):
    pay_with_card(order)
    payments.confirm_payment(order)
    forged = charge_of(order) | {"id": "ch_forged0000"}

    assert deliver(client, event("charge.refunded", forged)) == "ignored"
    assert Order.objects.get(pk=order.pk).payment_status == "paid"


def test_stripe_unreachable_while_reading_back_answers_503_so_stripe_retries(
    order, client, settings
):
    pay_with_card(order)
    payload = event("charge.succeeded", charge_of(order))
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    assert post_webhook(client, payload).status_code == 503

    assert not StripeEvent.objects.exists()  # rolled back: Stripe's retry is applied
    assert Order.objects.get(pk=order.pk).payment_status == "pending"


# Disputes
# ------------------------------------------------------------------------------


def test_a_dispute_is_recorded_shown_to_staff_and_reported_to_the_admins(
    stripe_settings, customer, client, clerk, miraflores, superuser, settings, on_commit
):
    settings.ADMINS = [("Caja", "caja@librospepito.pe")]
    order = card_order(customer=customer, store=miraflores)
    pay_with_card(order)
    payments.confirm_payment(order)
    opened = dispute(order)

    with on_commit(execute=True):
        outcome = deliver(client, event("charge.dispute.created", opened))

    assert outcome == "dispute_needs_response"

    record = Dispute.objects.get()
    assert (record.order_id, record.dispute_id, record.amount, record.reason) == (
        order.pk,
        opened["id"],
        Decimal("91.80"),
        "fraudulent",
    )
    assert "disputó el pago" in order.events.last().note
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["caja@librospepito.pe"]
    assert order.number in mail.outbox[0].subject
    # The money stays as it is until the bank decides.
    assert Order.objects.get(pk=order.pk).payment_status == "paid"

    staff = Client()
    staff.force_login(clerk)
    page = staff.get(reverse("staff:order", args=[order.number]))
    assert page.status_code == 200
    assert "Disputa abierta" in page.content.decode()
    admin = Client()
    admin.force_login(superuser)
    admin_page = admin.get(reverse("admin:orders_order_change", args=[order.pk]))
    assert admin_page.status_code == 200
    assert opened["id"] in admin_page.content.decode()


@pytest.mark.parametrize("order_of_events", ["created_then_closed", "closed_then_created"])
def test_dispute_events_in_any_order_end_in_stripes_status(
    order, client, order_of_events, on_commit
):
    pay_with_card(order)
    payments.confirm_payment(order)
    opened = dispute(order, dispute_id="dp_test_order")
    now = int(time.time())
    created = event("charge.dispute.created", opened, created=now - 60)
    closed = event("charge.dispute.closed", opened | {"status": "lost"}, created=now)
    pair = [created, closed] if order_of_events == "created_then_closed" else [closed, created]

    with on_commit(execute=True):
        for payload in pair:
            deliver(client, payload)
        assert deliver(client, pair[0]) == "duplicate"  # and a redelivery

    record = Dispute.objects.get()
    assert (record.status, record.is_open) == ("lost", False)
    # The admins hear of the opening and the close (at once, when the close came first).
    subjects = [m.subject for m in mail.outbox]
    if order_of_events == "created_then_closed":
        assert len(subjects) == 2 and "abierta" in subjects[0] and "Perdida" in subjects[1]
    else:
        assert len(subjects) == 1 and "Perdida" in subjects[0]


def test_a_dispute_about_a_charge_that_is_not_ours_is_ignored(order, client):
    body = {
        "id": "dp_nobody",
        "object": "dispute",
        "amount": 500,
        "currency": "pen",
        "charge": "ch_nobody000",
        "status": "needs_response",
        "reason": "general",
    }

    assert deliver(client, event("charge.dispute.created", body)) == "ignored"
    assert not Dispute.objects.exists()
    assert mail.outbox == []


# Every order of pairs ends in Stripe's state
# ------------------------------------------------------------------------------

# Stripe's story for one order: a declined card, then a good one, then a refund of S/ 30
# in the dashboard. Whatever subset of its events arrive, in whatever order, twice or not,
# the order ends the same: paid, partly refunded, one charge and one refund recorded.
PAIR_EVENTS = [
    "payment_intent.payment_failed",
    "payment_intent.succeeded",
    "charge.failed",
    "charge.succeeded",
    "charge.refunded",
    "charge.refund.updated",
]


def _story(order) -> dict[str, bytes]:
    failed_charge = _decline(order)
    failed_intent = intent_of(order)  # as the payment_failed event carried it
    # localstripe cannot confirm a PaymentIntent again after a decline (real Stripe can):
    # the first is canceled and the pay page makes a new one, as it does for a canceled one.
    payments.client().payment_intents.cancel(failed_intent["id"])
    pay_with_card(order)
    refund = refund_at_stripe(order, amount=3000)
    return {
        "payment_intent.payment_failed": event("payment_intent.payment_failed", failed_intent),
        "payment_intent.succeeded": event("payment_intent.succeeded", intent_of(order)),
        "charge.failed": event("charge.failed", stripe_object(f"charges/{failed_charge}")),
        "charge.succeeded": event("charge.succeeded", charge_of(order)),
        "charge.refunded": event("charge.refunded", charge_of(order)),
        "charge.refund.updated": event("charge.refund.updated", refund),
    }


EXPECTED_PAIR_STATE = {
    "status": Order.Status.PROCESSING,
    "payment_status": Order.PaymentStatus.PARTIALLY_REFUNDED,
    "facts": {"order.paid": ["91.80"], "order.refunded": ["30.00"]},
    "cancelled": 0,
}


@pytest.mark.parametrize(
    "first,second",
    list(itertools.product(PAIR_EVENTS, repeat=2)),
    ids=lambda name: name.replace("payment_intent.", "pi.").replace("charge.", "ch."),
)
def test_every_order_of_pairs_ends_in_stripes_state(order, client, first, second):
    payloads = _story(order)

    deliver(client, payloads[first])
    deliver(client, payloads[second])
    assert deliver(client, payloads[first]) == "duplicate"  # Stripe redelivers the same event

    final = state(order)
    assert {key: final[key] for key in EXPECTED_PAIR_STATE} == EXPECTED_PAIR_STATE
    kinds = [(kind, amount) for kind, amount, _ref in final["payments"]]
    assert kinds == [("charge", "91.80"), ("refund", "30.00")]
    # One sale of the two copies: the hold was consumed, not released or sold twice.
    assert [(on_hand, reserved) for _p, on_hand, reserved in final["stock"]] == [(3, 0)]


def test_in_time_and_out_of_time_deliveries_end_the_same(stripe_settings, customer, client):
    """Stripe's real timeline (pay, news, refund, news) against the worst one (pay, refund,
    refund news first, payment news last): the same final state."""
    in_time = card_order(customer=customer)
    pay_with_card(in_time)
    deliver(client, event("payment_intent.succeeded", intent_of(in_time)))
    refund_at_stripe(in_time)
    deliver(client, event("charge.refunded", charge_of(in_time)))

    late = card_order(customer=customer)
    pay_with_card(late)
    stale_intent = intent_of(late)
    refund_at_stripe(late)
    deliver(client, event("charge.refunded", charge_of(late)))
    deliver(client, event("payment_intent.succeeded", stale_intent))

    a, b = state(in_time), state(late)
    for key in ("status", "payment_status", "facts", "cancelled"):
        assert a[key] == b[key], key
    assert [p[:2] for p in a["payments"]] == [p[:2] for p in b["payments"]]
    assert a["payment_status"] == Order.PaymentStatus.REFUNDED
    assert OrderEvent.objects.filter(order=late, note__contains="Reembolso").count() == 1


# Reconciliation of paid orders
# ------------------------------------------------------------------------------


def test_reconciliation_finds_and_records_a_refund_made_at_stripe_without_an_event(
    fresh_stripe, order, on_commit
):
    pay_with_card(order)
    payments.confirm_payment(order)
    refund = refund_at_stripe(order, amount=3000)  # its event never came

    assert payments.reconcile_payments(fix=False) == [
        f"{order.number}: Stripe: S/ 91.80 cobrado − S/ 30.00 devuelto = S/ 61.80; "
        "aquí: S/ 91.80 − S/ 0.00 = S/ 91.80"
    ]
    assert not Payment.objects.filter(kind="refund").exists()  # fix=False writes nothing

    with on_commit(execute=True):
        found = payments.reconcile_payments(fix=True)

    assert len(found) == 1 and found[0].endswith("corregido (partially_refunded)")
    order.refresh_from_db()
    assert order.payment_status == Order.PaymentStatus.PARTIALLY_REFUNDED
    assert Payment.objects.get(kind="refund").reference == refund["id"]
    assert [f["amount"] for f in facts(order, "order.refunded")] == ["30.00"]
    assert len(mail.outbox) == 1 and order.number in mail.outbox[0].body
    assert payments.reconcile_payments(fix=True) == []  # idempotent: nothing left


def test_reconciliation_reports_what_it_cannot_fix(fresh_stripe, order, customer):
    pay_with_card(order)
    payments.confirm_payment(order)
    # We recorded a refund Stripe never made (a hand-made row, a failed refund): report only.
    Payment.objects.create(
        order=order, kind="refund", method="card", amount=Decimal("10.00"), reference="re_ours"
    )
    # And an order marked paid by card whose PaymentIntent never took the money.
    unpaid = card_order(customer=customer)
    payments.create_payment_intent(unpaid)
    Order.objects.filter(pk=unpaid.pk).update(payment_status="paid")

    found = payments.reconcile_payments(fix=True)

    assert len(found) == 2
    assert found[0].startswith(f"{order.number}: Stripe: S/ 91.80 cobrado − S/ 0.00 devuelto")
    assert found[1] == (
        f"{unpaid.number}: aquí figura pagado (S/ 0.00) y Stripe no cobró (requires_payment_method)"
    )
    assert Payment.objects.filter(order=order).count() == 2  # nothing was changed
    assert payments.reconcile_payments(fix=True) == found  # reported again until staff fix it


def test_reconciliation_finds_a_charge_at_stripe_that_no_order_records(fresh_stripe, order):
    pay_with_card(order)
    # An order whose PaymentIntent was lost here (a failed save, a restore from backup).
    Order.objects.filter(pk=order.pk).update(stripe_payment_intent="")

    found = payments.reconcile_payments(fix=True)

    assert len(found) == 1
    assert found[0].startswith(f"{order.number}: Stripe cobró S/ 91.80 con pi_")
