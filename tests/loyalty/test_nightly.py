"""The nightly jobs (expiry FIFO and its e-mail, tiers, birthdays) and the reconciler."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from loyalty import nightly, services
from loyalty.models import LoyaltyAccount, PointsEntry, PointsLot, Tier
from loyalty.reconcile import reconcile_loyalty
from outbox.models import Notification
from tests.factories import CustomerFactory, ProductFactory
from tests.loyalty.helpers import assert_reconciles, give_points, order_payload, publish_fact

pytestmark = pytest.mark.django_db


def test_redeeming_spends_the_oldest_points_first_and_expiry_takes_what_is_left():
    customer = CustomerFactory()
    now = timezone.now()
    give_points(customer, 100, source="old", expires_at=now + timedelta(days=2))
    give_points(customer, 100, source="new", expires_at=now + timedelta(days=200))
    services.reserve(
        customer=customer, order_id=1, order_number="LP-1", payable=Decimal("100"), points=150
    )
    old = PointsLot.objects.get(entry__source="old")
    new = PointsLot.objects.get(entry__source="new")
    assert (old.remaining, new.remaining) == (0, 50)
    # three days later the old lot is empty: nothing expires; 200 days later the rest does
    assert nightly.expire_points(now=now + timedelta(days=3)) == 0
    assert nightly.expire_points(now=now + timedelta(days=201)) == 50
    assert nightly.expire_points(now=now + timedelta(days=202)) == 0
    account = assert_reconciles(services.account_for(customer))
    assert account.points_balance == 0
    assert PointsEntry.objects.get(kind="expire").points == -50


def test_released_points_keep_their_expiry_and_expire_next_night():
    customer = CustomerFactory()
    now = timezone.now()
    give_points(customer, 200, expires_at=now + timedelta(hours=1))
    services.reserve(
        customer=customer, order_id=2, order_number="LP-2", payable=Decimal("100"), points=200
    )
    services.release(order_id=2)
    assert nightly.expire_points(now=now + timedelta(hours=2)) == 200
    assert assert_reconciles(services.account_for(customer)).points_balance == 0


def test_the_expiry_warning_is_mailed_once(settings):
    customer = CustomerFactory(name="Luis")
    now = timezone.now()
    give_points(customer, 120, expires_at=now + timedelta(days=20))
    give_points(customer, 300, expires_at=now + timedelta(days=90))
    assert nightly.warn_expiring(now=now) == 1
    assert nightly.warn_expiring(now=now) == 0
    notification = Notification.objects.get()
    assert notification.to == customer.email
    assert "120 puntos" in notification.body
    assert "120" in notification.subject
    assert mail.outbox == [] or "120" in mail.outbox[0].body


def _tiers():
    return (
        Tier.objects.create(code="lector", name="Lector", position=1),
        Tier.objects.create(
            code="frecuente", name="Lector frecuente", min_spend_12m=Decimal("500"), position=2
        ),
    )


def test_tiers_follow_the_spend_of_the_last_twelve_months():
    lector, frecuente = _tiers()
    customer = CustomerFactory()
    book = ProductFactory()
    publish_fact("order.delivered", order_payload(3, customer, [(book, 12, "600.00")]))
    account = services.account_for(customer)
    assert account.tier == frecuente
    assert nightly.recalculate_tiers() == 0
    # thirteen months later that purchase no longer counts
    later = timezone.now() + timedelta(days=400)
    assert nightly.recalculate_tiers(now=later) == 1
    account = LoyaltyAccount.objects.get(pk=account.pk)
    assert account.tier == lector and account.spend_12m == Decimal("0.00")


def test_birthday_bonus_once_a_year(settings):
    settings.LOYALTY_BIRTHDAY_BONUS = 200
    born = CustomerFactory(birth_date=date(1990, 6, 15))
    leap = CustomerFactory(birth_date=date(2000, 2, 29))
    other = CustomerFactory(birth_date=date(1990, 6, 16))
    for customer in (born, leap, other):
        services.account_for(customer)
    assert nightly.birthday_bonuses(today=date(2026, 6, 15)) == 1
    assert nightly.birthday_bonuses(today=date(2026, 6, 15)) == 0
    assert services.account_for(born).points_balance == 200
    assert nightly.birthday_bonuses(today=date(2027, 2, 28)) == 1
    assert services.account_for(leap).points_balance == 200
    assert services.account_for(other).points_balance == 0


def test_reconciler_reports_a_balance_that_differs_from_its_ledger(capsys):
    customer = CustomerFactory()
    account = give_points(customer, 100)
    assert reconcile_loyalty() == []
    call_command("reconcile_loyalty")
    assert "cuadran" in capsys.readouterr().out
    LoyaltyAccount.objects.filter(pk=account.pk).update(points_balance=150)
    lines = reconcile_loyalty()
    assert len(lines) == 1 and account.number in lines[0] and "150" in lines[0]
    with pytest.raises(SystemExit):
        call_command("reconcile_loyalty")


def test_reconciler_runs_in_the_nightly_reconcile():
    from core.reconcile import registered

    assert "puntos" in registered()


def test_add_months_keeps_the_day_or_the_last_of_the_month():
    from loyalty.rules import add_months

    assert add_months(datetime(2026, 1, 31), 1) == datetime(2026, 2, 28)
    assert add_months(datetime(2026, 12, 5), 12) == datetime(2027, 12, 5)
    assert add_months(datetime(2026, 3, 5), -12) == datetime(2025, 3, 5)


def test_a_redemption_spanning_more_lots_than_the_first_read_takes_them_all():
    customer = CustomerFactory()
    now = timezone.now()
    for n in range(25):  # more than services.LOTS_AT_ONCE
        give_points(customer, 10, source=f"lot-{n}", expires_at=now + timedelta(days=10 + n))
    services.reserve(
        customer=customer, order_id=3, order_number="LP-3", payable=Decimal("100"), points=240
    )
    left = list(PointsLot.objects.filter(remaining__gt=0).values_list("entry__source", "remaining"))
    assert left == [("lot-24", 10)]
    assert assert_reconciles(services.account_for(customer)).points_balance == 10
