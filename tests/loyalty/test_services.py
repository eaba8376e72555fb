"""The public services of Club Pepito: accounts, reserve / commit / release, credit, adjustments."""

from decimal import Decimal

import pytest

from accounts.roles import Role
from loyalty import services
from loyalty.exceptions import LoyaltyError
from loyalty.models import CreditEntry, LoyaltyAccount, PointsEntry, Redemption, Tier
from tests.factories import CustomerFactory, UserFactory
from tests.loyalty.helpers import assert_reconciles, give_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(db):
    return [
        Tier.objects.create(code="lector", name="Lector", position=1),
        Tier.objects.create(
            code="frecuente",
            name="Lector frecuente",
            min_spend_12m=Decimal("500"),
            earn_multiplier=Decimal("1.25"),
            position=2,
        ),
    ]


def test_account_for_creates_one_account_with_a_card_number(tiers):
    customer = CustomerFactory()
    account = services.account_for(customer)
    assert account.number == f"CP-{customer.pk:08d}"
    assert account.tier == tiers[0]
    assert services.account_for(customer) == account
    assert LoyaltyAccount.objects.count() == 1
    assert services.account_for(CustomerFactory(), create=False) is None


def test_join_records_terms_and_gives_the_signup_bonus_once(settings):
    settings.LOYALTY_SIGNUP_BONUS = 100
    customer = CustomerFactory()
    with pytest.raises(LoyaltyError):
        services.join(customer, accepted_terms=False)
    assert not LoyaltyAccount.objects.filter(terms_accepted_at__isnull=False).exists()
    account = services.join(customer, accepted_terms=True)
    services.join(customer, accepted_terms=True)
    account = assert_reconciles(account)
    assert account.terms_accepted_at is not None
    assert account.points_balance == 100


def test_points_value_and_preview_use_the_tier_multiplier(tiers):
    assert services.points_value(100) == Decimal("5.00")
    assert services.points_value(0) == Decimal("0.00")
    customer = CustomerFactory()
    assert services.earn_preview(customer, amount_paid=Decimal("45.90")) == 45
    account = services.account_for(customer)
    account.tier = tiers[1]
    account.save()
    assert services.earn_preview(customer, amount_paid=Decimal("45.90")) == 57
    assert services.earn_preview(customer, amount_paid=Decimal("-3")) == 0


def test_redeemable_caps_points_by_balance_and_share():
    customer = CustomerFactory()
    give_points(customer, 900)
    r = services.redeemable(customer, payable=Decimal("60.00"))
    # 50% of S/ 60 = S/ 30 = 600 points
    assert (r.points_balance, r.min_points, r.max_points) == (900, 100, 600)
    assert r.max_credit == Decimal("0.00")
    assert services.redeemable(CustomerFactory(), payable=Decimal("60")).max_points == 0


def test_reserve_commit_release_round_trip():
    customer = CustomerFactory()
    account = give_points(customer, 300)
    r = services.reserve(
        customer=customer, order_id=42, order_number="P-42", payable=Decimal("100.00"), points=200
    )
    assert r.state == Redemption.State.RESERVED and r.points_value == Decimal("10.00")
    assert assert_reconciles(account).points_balance == 100
    # the same call again is the same redemption
    assert (
        services.reserve(
            customer=customer, order_id=42, order_number="P-42", payable=Decimal("100"), points=200
        ).pk
        == r.pk
    )
    services.commit(order_id=42)
    services.commit(order_id=42)
    assert Redemption.objects.get(pk=r.pk).state == Redemption.State.COMMITTED
    services.release(order_id=42, reason="anulado")
    services.release(order_id=42)
    assert Redemption.objects.get(pk=r.pk).state == Redemption.State.RELEASED
    assert assert_reconciles(account).points_balance == 300
    assert PointsEntry.objects.filter(kind="redeem_release").count() == 1


@pytest.mark.parametrize(
    "points, credit, message",
    [
        (400, Decimal("0"), "saldo es de 300"),
        (-100, Decimal("0"), "negativos"),
        (150.0, Decimal("0"), "entero"),
        ("150", Decimal("0"), "entero"),
        (True, Decimal("0"), "entero"),
        (50, Decimal("0"), "desde 100"),
        (0, Decimal("0"), "Indica"),
        (0, Decimal("5"), "saldo a favor"),
        (0, Decimal("-5"), "negativo"),
        (0, 5.5, "no es válido"),
    ],
)
def test_reserve_refuses_bad_input_and_writes_nothing(points, credit, message):
    customer = CustomerFactory()
    account = give_points(customer, 300)
    before = PointsEntry.objects.count()
    with pytest.raises(LoyaltyError) as caught:
        services.reserve(
            customer=customer,
            order_id=7,
            order_number="P-7",
            payable=Decimal("100.00"),
            points=points,
            credit=credit,
        )
    assert message in caught.value.message
    assert PointsEntry.objects.count() == before
    assert not Redemption.objects.exists()
    assert assert_reconciles(account).points_balance == 300


def test_reserve_refuses_more_than_the_share_of_the_order():
    customer = CustomerFactory()
    give_points(customer, 1000)
    with pytest.raises(LoyaltyError) as caught:
        services.reserve(
            customer=customer, order_id=8, order_number="P-8", payable=Decimal("20.00"), points=300
        )
    assert "200 puntos" in caught.value.message
    assert not Redemption.objects.exists()


def test_credit_issue_reserve_and_release():
    customer = CustomerFactory()
    entry = services.issue_credit(
        customer_id=customer.pk, amount=Decimal("30.00"), source="return:1", reason="Devolución"
    )
    again = services.issue_credit(
        customer_id=customer.pk, amount=Decimal("30.00"), source="return:1", reason="Devolución"
    )
    assert again.pk == entry.pk
    account = services.account_for(customer)
    assert account.credit_balance == Decimal("30.00")
    with pytest.raises(LoyaltyError):
        services.reserve(
            customer=customer,
            order_id=9,
            order_number="P-9",
            payable=Decimal("50"),
            credit=Decimal("31.00"),
        )
    services.reserve(
        customer=customer,
        order_id=9,
        order_number="P-9",
        payable=Decimal("50"),
        credit=Decimal("20.00"),
    )
    assert assert_reconciles(account).credit_balance == Decimal("10.00")
    services.release(order_id=9)
    assert assert_reconciles(account).credit_balance == Decimal("30.00")
    assert CreditEntry.objects.count() == 3


def test_adjust_points_needs_a_manager_and_a_reason(miraflores):
    customer = CustomerFactory()
    account = give_points(customer, 50)
    clerk = UserFactory(store=miraflores, role=Role.CLERK)
    manager = UserFactory(store=miraflores, role=Role.STORE_MANAGER)
    before = PointsEntry.objects.count()
    for actor, points, reason in [
        (clerk, 10, "regalo"),
        (manager, 10, ""),
        (manager, 10, "   "),
        (manager, -60, "error"),
        (manager, 0, "nada"),
        (manager, 1.5, "fracción"),
        (None, 10, "anónimo"),
    ]:
        with pytest.raises(LoyaltyError):
            services.adjust_points(account=account, points=points, reason=reason, actor=actor)
    assert PointsEntry.objects.count() == before
    entry = services.adjust_points(account=account, points=-20, reason="Doble carga", actor=manager)
    assert entry.actor == manager and entry.reason == "Doble carga"
    assert assert_reconciles(account).points_balance == 30
