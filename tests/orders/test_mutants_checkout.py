"""orders.checkout, rule by rule: how long an order's copies wait for its payment, which payment
each way of receiving takes (each refusal compared whole), the order's number and pickup code.

Written for the module's mutation run (README "Mutation testing"); the checkout journeys
matched a few words of each refusal and never fixed the clock, so a changed sentence or a hold
a day longer passed them.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from orders import checkout
from orders.exceptions import OrderError
from orders.models import Channel, DeliverySlot, OrderNumber

pytestmark = pytest.mark.django_db

LIMA = ZoneInfo("America/Lima")


# How long the copies wait
# ------------------------------------------------------------------------------


def test_a_card_order_waits_minutes_on_the_web_and_a_day_for_a_payment_link(settings):
    assert checkout.payment_hold(Channel.WEB) == timedelta(minutes=30)
    assert checkout.payment_hold(Channel.PHONE) == timedelta(hours=24)
    assert checkout.payment_hold(Channel.CHAT) == timedelta(hours=24)

    settings.ORDER_PAYMENT_HOLD_MINUTES = 45
    settings.ORDER_PAYMENT_LINK_HOLD_HOURS = 36
    assert checkout.payment_hold(Channel.WEB) == timedelta(minutes=45)
    assert checkout.payment_hold(Channel.PHONE) == timedelta(hours=36)


def test_pago_contra_entrega_holds_until_midnight_two_days_after_the_delivery_day():
    slot = DeliverySlot(date=date(2026, 12, 10))
    now = datetime(2026, 12, 1, 10, 0, tzinfo=LIMA)

    # Sunday 13 December 00:00 in Lima: the delivery day, then ORDER_COD_HOLD_DAYS (2) more.
    assert checkout.cod_hold(slot, now=now) == datetime(2026, 12, 13, tzinfo=LIMA) - now
    assert checkout.cod_hold(slot, now=now) == timedelta(days=11, hours=14)


def test_a_pago_contra_entrega_hold_is_never_shorter_than_an_hour(settings):
    slot = DeliverySlot(date=date(2026, 12, 10))
    assert checkout.cod_hold(slot, now=datetime(2026, 12, 20, tzinfo=LIMA)) == timedelta(hours=1)
    settings.ORDER_COD_HOLD_DAYS = 0
    just_before = datetime(2026, 12, 10, 23, 30, tzinfo=LIMA)
    assert checkout.cod_hold(slot, now=just_before) == timedelta(hours=1)


def test_without_a_clock_the_hold_counts_from_now():
    slot = DeliverySlot(date=checkout.timezone.localdate() + timedelta(days=1))

    hold = checkout.cod_hold(slot)

    assert timedelta(days=2) < hold <= timedelta(days=4)


# Which payment completes which way of receiving
# ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fulfilment", "payment", "stripe", "message"),
    [
        ("pickup", "bitcoin", True, "Elige cómo quieres pagar."),
        ("delivery", "", True, "Elige cómo quieres pagar."),
        (
            "delivery",
            "at_pickup",
            True,
            "El pago en tienda solo es posible si recoges el pedido en la tienda.",
        ),
        (
            "digital",
            "at_pickup",
            True,
            "El pago en tienda solo es posible si recoges el pedido en la tienda.",
        ),
        (
            "pickup",
            "cod",
            True,
            "El pago contra entrega es solo para delivery a domicilio en Lima.",
        ),
        (
            "pickup",
            "card",
            False,
            "El pago con tarjeta no está disponible ahora; elige pagar al recoger en tienda.",
        ),
        (
            "delivery",
            "card",
            False,
            "El pago con tarjeta no está disponible ahora; en Lima elige pago contra entrega.",
        ),
    ],
)
def test_a_payment_that_cannot_complete_the_order_is_refused_saying_why(
    settings, fulfilment, payment, stripe, message
):
    settings.STRIPE_ENABLED = stripe
    with pytest.raises(OrderError) as refused:
        checkout.check_payment_method(fulfilment=fulfilment, payment_method=payment)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("fulfilment", "payment", "stripe"),
    [
        ("pickup", "at_pickup", False),
        ("pickup", "card", True),
        ("delivery", "cod", False),
        ("delivery", "card", True),
    ],
)
def test_the_payments_each_way_takes_pass(settings, fulfilment, payment, stripe):
    settings.STRIPE_ENABLED = stripe
    assert checkout.check_payment_method(fulfilment=fulfilment, payment_method=payment) is None


# The order's number and pickup code
# ------------------------------------------------------------------------------


def test_orders_are_numbered_per_year_one_after_another():
    december = datetime(2026, 12, 31, 23, 0, tzinfo=LIMA)  # 04:00 UTC on 1 January
    assert checkout.next_order_number(december) == "LP-2026-000001"
    assert checkout.next_order_number(december) == "LP-2026-000002"
    assert checkout.next_order_number(datetime(2027, 1, 1, 0, 30, tzinfo=LIMA)) == (
        "LP-2027-000001"
    )
    assert OrderNumber.objects.get(year=2026).last == 2
    assert OrderNumber.objects.get(year=2027).last == 1


def test_a_pickup_code_is_six_characters_without_look_alikes():
    codes = [checkout.new_pickup_code() for _ in range(60)]

    assert {len(code) for code in codes} == {6}
    assert set("".join(codes)) <= set("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    assert len(set(codes)) == len(codes)
