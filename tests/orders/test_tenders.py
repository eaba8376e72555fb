"""Points and store credit as tenders in place_order, the payments, cancellation and expiry."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from inventory.models import Reservation, StockItem
from loyalty import services as loyalty
from loyalty.models import Redemption, Tier
from orders import courier, payments, pickup, status
from orders.exceptions import TenderRefused
from orders.models import Order, Payment, Tender
from outbox.models import Event
from tests.orders.conftest import place
from tests.orders.tender_helpers import balances, fund

pytestmark = pytest.mark.django_db

SUBTOTAL = Decimal("150.80")  # customer_cart: 2 × 45.90 + 59.00


def payload(name, order):
    return Event.objects.filter(name=name, key=f"order:{order.pk}").latest("pk").payload


def test_points_are_reserved_and_pay_part_of_the_order(customer_cart, customer, miraflores):
    fund(customer, points=500)

    order = place(customer_cart, store=miraflores, points=300)

    assert (order.total, order.subtotal) == (SUBTOTAL, SUBTOTAL)  # prices stay as they are
    assert (order.points_used, order.points_value, order.credit_used) == (
        300,
        Decimal("15.00"),
        Decimal("0.00"),
    )
    assert order.amount_due == Decimal("135.80")
    assert balances(customer).points_balance == 200
    redemption = Redemption.objects.get(order_id=order.pk)
    assert (redemption.points, redemption.state) == (300, Redemption.State.RESERVED)
    # Reserved, not spent yet: no payment row until the order is paid.
    assert not Payment.objects.filter(order=order).exists()
    assert order.payment_status == Order.PaymentStatus.PENDING


def test_paying_at_the_store_charges_the_rest_and_spends_the_points(
    customer_cart, customer, miraflores, clerk
):
    fund(customer, points=500, credit="20.00")
    order = place(customer_cart, store=miraflores, points=200, credit=Decimal("20.00"))

    order = pickup.take_payment(order=order, means="efectivo", actor=clerk, store=miraflores)

    assert order.is_paid
    rows = sorted(order.payments.values_list("method", "amount"))
    assert rows == [
        ("at_pickup", Decimal("120.80")),  # 150.80 − 10.00 in points − 20.00 of credit
        (Tender.POINTS.value, Decimal("10.00")),
        (Tender.CREDIT.value, Decimal("20.00")),
    ]
    assert Redemption.objects.get(order_id=order.pk).state == Redemption.State.COMMITTED
    assert payload("order.paid", order)["amount"] == "120.80"


def test_an_order_the_tenders_pay_whole_is_paid_at_once(customer_cart, customer, miraflores):
    fund(customer, credit="200.00")

    order = place(customer_cart, store=miraflores, credit=SUBTOTAL)

    assert order.amount_due == Decimal("0.00")
    assert order.is_paid and order.status == Order.Status.PROCESSING
    assert list(order.payments.values_list("method", "amount")) == [(Tender.CREDIT.value, SUBTOTAL)]
    assert Redemption.objects.get(order_id=order.pk).state == Redemption.State.COMMITTED
    assert balances(customer).credit_balance == Decimal("49.20")


def test_a_card_order_paid_whole_with_tenders_never_waits_for_the_card(
    customer_cart, customer, miraflores, settings
):
    settings.STRIPE_ENABLED = True
    fund(customer, points=1000, credit="110.00")

    order = place(
        customer_cart,
        store=miraflores,
        payment_method="card",
        points=1000,
        credit=Decimal("100.80"),
    )

    assert order.amount_due == 0 and order.is_paid
    assert order.status == Order.Status.PROCESSING  # not "pendiente de pago"
    assert not order.can_pay_online()
    # A card order's copies are sold when it is paid.
    product = order.lines.first().product
    assert StockItem.objects.get(store=miraflores, product=product).reserved == 0


@pytest.mark.parametrize(
    ("points", "credit", "words"),
    [
        (600, "0", "saldo es de 500"),  # more than the balance
        (50, "0", "desde 100"),  # under the minimum
        (0, "30.00", "saldo a favor"),  # more credit than they have
    ],
)
def test_a_refused_tender_writes_nothing(
    customer_cart, customer, miraflores, points, credit, words
):
    fund(customer, points=500, credit="10.00")

    with pytest.raises(TenderRefused, match=words):
        place(customer_cart, store=miraflores, points=points, credit=Decimal(credit))

    assert not Order.objects.exists()
    assert not Reservation.objects.exists()
    assert not Redemption.objects.exists()
    assert (balances(customer).points_balance, balances(customer).credit_balance) == (
        500,
        Decimal("10.00"),
    )
    customer_cart.refresh_from_db()
    assert customer_cart.checked_out_at is None


def test_points_above_the_share_of_the_order_are_refused(customer_cart, customer, miraflores):
    fund(customer, points=5000)

    # 50% of S/ 150.80 is S/ 75.40: 1508 points at most.
    with pytest.raises(TenderRefused, match="1508"):
        place(customer_cart, store=miraflores, points=1600)

    assert not Order.objects.exists()
    assert balances(customer).points_balance == 5000


def test_points_without_a_customer_are_refused(customer_cart, miraflores):
    with pytest.raises(TenderRefused, match="inicia sesión"):
        place(customer_cart, store=miraflores, customer=None, points=100)

    assert not Order.objects.exists()


def test_cancelling_gives_the_points_back(customer_cart, customer, miraflores):
    fund(customer, points=500)
    order = place(customer_cart, store=miraflores, points=300)

    status.cancel(order=order, reason="El cliente ya no lo quiere")

    assert balances(customer).points_balance == 500
    assert Redemption.objects.get(order_id=order.pk).state == Redemption.State.RELEASED
    cancelled = payload("order.cancelled", order)
    assert (cancelled["points_used"], cancelled["points_value"]) == (300, "15.00")
    # Again (loyalty's order.cancelled handler does it too): nothing more.
    loyalty.release(order_id=order.pk)
    assert balances(customer).points_balance == 500


def test_cancelling_a_paid_order_refunds_the_money_part_and_the_tenders(
    customer_cart, customer, miraflores, clerk
):
    fund(customer, points=500, credit="20.00")
    order = place(customer_cart, store=miraflores, points=200, credit=Decimal("20.00"))
    pickup.take_payment(order=order, means="efectivo", actor=clerk, store=miraflores)

    order = status.cancel(order=Order.objects.get(pk=order.pk), actor=clerk, reason="Error")

    assert order.payment_status == Order.PaymentStatus.REFUNDED
    refunds = sorted(
        order.payments.filter(kind=Payment.Kind.REFUND).values_list("method", "amount")
    )
    assert refunds == [
        ("at_pickup", Decimal("120.80")),
        (Tender.POINTS.value, Decimal("10.00")),
        (Tender.CREDIT.value, Decimal("20.00")),
    ]
    assert payload("order.refunded", order)["amount"] == "120.80"
    account = balances(customer)
    assert (account.points_balance, account.credit_balance) == (500, Decimal("20.00"))


def test_an_unpaid_card_hold_that_expires_gives_the_points_back(
    customer_cart, customer, miraflores, settings
):
    settings.STRIPE_ENABLED = True
    fund(customer, points=500)
    order = place(customer_cart, store=miraflores, payment_method="card", points=400)
    assert order.status == Order.Status.PENDING_PAYMENT
    assert balances(customer).points_balance == 100

    annulled = status.annul_expired_orders(now=timezone.now() + timedelta(hours=3))

    assert annulled == 1
    assert Order.objects.get(pk=order.pk).status == Order.Status.CANCELLED
    assert balances(customer).points_balance == 500


def test_the_card_pays_the_total_minus_the_tenders(customer_cart, customer, miraflores, settings):
    settings.STRIPE_ENABLED = True
    fund(customer, points=500)
    order = place(customer_cart, store=miraflores, payment_method="card", points=500)
    intent = {"id": "pi_tender_1", "status": "succeeded", "currency": "pen"}

    # The whole total is not what this order asks the card for: refused, nothing written.
    wrong = payments.settle_intent(
        order=order, intent={**intent, "amount": payments.to_minor(order.total)}
    )
    paid = payments.settle_intent(order=order, intent={**intent, "amount": 12580})

    assert (wrong, paid) == ("mismatch", "paid")
    order.refresh_from_db()
    assert order.is_paid
    # The reconciler compares only card money with Stripe: the points are not Stripe's.
    assert payments.ledger_totals(order) == (Decimal("125.80"), Decimal("0.00"))
    assert sorted(order.payments.values_list("method", "amount")) == [
        ("card", Decimal("125.80")),
        (Tender.POINTS.value, Decimal("25.00")),
    ]
    assert Redemption.objects.get(order_id=order.pk).state == Redemption.State.COMMITTED


def test_the_courier_collects_the_total_minus_the_tenders(
    customer_cart, customer, miraflores, zone, window
):
    fund(customer, points=200)
    from orders.checkout import Address
    from tests.orders.test_checkout import tomorrow_slot

    order = place(
        customer_cart,
        fulfilment="delivery",
        payment_method="cod",
        address=Address("Av. Larco 123", "", "Miraflores", "Lima", "Lima"),
        slot=tomorrow_slot(window),
        points=200,
    )

    assert order.total == SUBTOTAL + Decimal("10.00")
    assert courier.amount_due(order) == order.total - Decimal("10.00") == Decimal("150.80")


def test_a_bibliofilo_gets_free_lima_delivery(customer_cart, customer, zone, window):
    from orders.checkout import Address
    from tests.orders.test_checkout import tomorrow_slot

    account = fund(customer)
    tier = Tier.objects.create(
        code="bibliofilo-test",
        name="Bibliófilo",
        min_spend_12m=Decimal("1500"),
        earn_multiplier=Decimal("1.5"),
        free_lima_delivery=True,
        position=99,
    )
    type(account).objects.filter(pk=account.pk).update(tier=tier)

    order = place(
        customer_cart,
        fulfilment="delivery",
        payment_method="cod",
        address=Address("Av. Larco 123", "", "Miraflores", "Lima", "Lima"),
        slot=tomorrow_slot(window),
    )

    assert order.delivery_fee == Decimal("0.00")
    assert order.total == SUBTOTAL


def test_the_order_facts_carry_the_fee_the_tenders_and_each_line_total(
    customer_cart, customer, miraflores, books
):
    fund(customer, points=500, credit="5.00")

    order = place(customer_cart, store=miraflores, points=100, credit=Decimal("5.00"))

    placed = payload("order.placed", order)
    assert {
        key: placed[key] for key in ("delivery_fee", "points_used", "points_value", "credit_used")
    } == {"delivery_fee": "0.00", "points_used": 100, "points_value": "5.00", "credit_used": "5.00"}
    assert sorted((line["product_id"], line["line_total"]) for line in placed["lines"]) == sorted(
        [(books[0].pk, "91.80"), (books[1].pk, "59.00")]
    )
