"""Earning and taking back points from the order facts (through the event spine)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from loyalty import services
from loyalty.models import (
    BonusRule,
    LoyaltyAccount,
    PendingEarn,
    PointsEntry,
    PointsLot,
    Redemption,
    Reversal,
    Tier,
)
from tests.factories import CustomerFactory, GenreFactory, ProductFactory
from tests.loyalty.helpers import assert_reconciles, give_points, order_payload, publish_fact

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers(db):
    return {
        "lector": Tier.objects.create(code="lector", name="Lector", position=1),
        "frecuente": Tier.objects.create(
            code="frecuente",
            name="Lector frecuente",
            min_spend_12m=Decimal("500"),
            earn_multiplier=Decimal("1.25"),
            position=2,
        ),
        "bibliofilo": Tier.objects.create(
            code="bibliofilo",
            name="Bibliófilo",
            min_spend_12m=Decimal("1500"),
            earn_multiplier=Decimal("1.5"),
            free_lima_delivery=True,
            position=3,
        ),
    }


@pytest.fixture
def books(db):
    return ProductFactory(price=Decimal("50.00")), ProductFactory(price=Decimal("50.00"))


def earned(account) -> int:
    return sum(
        PointsEntry.objects.filter(account=account, kind="earn").values_list("points", flat=True)
    )


def test_earn_base_excludes_delivery_points_and_credit(tiers, books):
    customer = CustomerFactory()
    a, b = books
    payload = order_payload(
        1,
        customer,
        [(a, 1, "50.00"), (b, 1, "50.00")],
        delivery_fee="10.00",
        points_used=400,
        points_value="20.00",
        credit_used="10.00",
    )
    publish_fact("order.delivered", payload)
    account = assert_reconciles(services.account_for(customer))
    # 100 of books - 20 in points - 10 in credit = S/ 70 paid: 70 points (the fee earns nothing)
    assert earned(account) == 70
    assert account.spend_12m == Decimal("70.00")
    lines = PointsEntry.objects.filter(kind="earn").order_by("product_id")
    assert [e.source for e in lines] == [f"earn:order:1:line:{a.pk}", f"earn:order:1:line:{b.pk}"]
    assert all(e.expires_at > timezone.now() + timedelta(days=360) for e in lines)


def test_old_payload_without_tender_fields_still_earns(tiers, books):
    customer = CustomerFactory()
    payload = order_payload(2, customer, [(books[0], 2, "100.00")])
    for line in payload["lines"]:
        del line["line_total"]
    publish_fact("order.handed_over", payload)
    assert earned(services.account_for(customer)) == 100


def test_tier_multiplier_rounds_down(tiers, books):
    customer = CustomerFactory()
    account = services.account_for(customer)
    LoyaltyAccount.objects.filter(pk=account.pk).update(tier=tiers["frecuente"])
    publish_fact("order.delivered", order_payload(3, customer, [(books[0], 1, "45.90")]))
    # 45.90 × 1.25 = 57.375 -> 57
    assert earned(account) == 57


def test_double_points_on_a_genre_only_while_the_campaign_runs(tiers):
    poesia = GenreFactory(slug="poesia", name="Poesía")
    poem = ProductFactory(genres=[poesia])
    novel = ProductFactory()
    today = timezone.localdate()
    BonusRule.objects.create(
        name="Doble puntos en poesía",
        kind="genre",
        genre=poesia,
        multiplier=Decimal("2"),
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1),
    )
    BonusRule.objects.create(
        name="Pasada",
        kind="genre",
        genre=poesia,
        multiplier=Decimal("5"),
        starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=2),
    )
    customer = CustomerFactory()
    publish_fact(
        "order.delivered", order_payload(4, customer, [(poem, 1, "40.00"), (novel, 1, "40.00")])
    )
    entries = {e.product_id: e for e in PointsEntry.objects.filter(kind="earn")}
    assert entries[poem.pk].points == 80
    assert entries[poem.pk].reason == "Doble puntos en poesía"
    assert entries[novel.pk].points == 40


def test_placed_shows_pending_then_delivery_earns_once(tiers, books):
    customer = CustomerFactory()
    payload = order_payload(5, customer, [(books[0], 1, "50.00")])
    publish_fact("order.placed", payload)
    account = services.account_for(customer)
    assert PendingEarn.objects.get(order_id=5).points == 50
    assert account.points_balance == 0
    publish_fact("order.delivered", payload)
    publish_fact("order.delivered", payload)
    publish_fact("order.handed_over", payload)
    account = assert_reconciles(account)
    assert not PendingEarn.objects.exists()
    assert account.points_balance == 50
    assert PointsEntry.objects.filter(kind="earn").count() == 1


def test_purchase_reaching_a_tier_moves_the_customer_up(tiers, books):
    customer = CustomerFactory()
    publish_fact("order.delivered", order_payload(6, customer, [(books[0], 11, "550.00")]))
    account = services.account_for(customer)
    assert account.tier == tiers["frecuente"]
    # the multiplier applies from the next purchase
    assert earned(account) == 550


def test_cancel_releases_the_redemption_and_drops_the_pending(tiers, books):
    customer = CustomerFactory()
    account = give_points(customer, 300)
    services.reserve(
        customer=customer, order_id=7, order_number="LP-7", payable=Decimal("100"), points=200
    )
    payload = order_payload(7, customer, [(books[0], 2, "100.00")], points_value="10.00")
    publish_fact("order.placed", payload)
    assert PendingEarn.objects.filter(order_id=7).exists()
    publish_fact("order.cancelled", payload)
    publish_fact("order.cancelled", payload)
    account = assert_reconciles(account)
    assert account.points_balance == 300
    assert Redemption.objects.get(order_id=7).state == "released"
    assert not PendingEarn.objects.exists()
    # a late delivery of a cancelled order earns nothing
    publish_fact("order.delivered", payload)
    assert not PointsEntry.objects.filter(order_id=7, kind="earn").exists()


def test_cancel_after_the_points_were_spent_keeps_a_clawback(tiers, books):
    customer = CustomerFactory()
    payload = order_payload(8, customer, [(books[0], 3, "150.00")])
    publish_fact("order.delivered", payload)
    account = services.account_for(customer)
    services.reserve(
        customer=customer, order_id=9, order_number="LP-9", payable=Decimal("300"), points=120
    )
    assert assert_reconciles(account).points_balance == 30
    publish_fact("order.cancelled", payload | {"was_fulfilled": True})
    account = assert_reconciles(account)
    assert account.points_balance == 0
    assert account.clawback_points == 120
    reversal = Reversal.objects.get(product_id=books[0].pk)
    assert (reversal.points_due, reversal.points_taken, reversal.clawback) == (150, 30, 120)
    assert PointsEntry.objects.get(kind="reverse").points == -30
    assert account.spend_12m == Decimal("0.00")
    # the next earn pays the clawback first
    publish_fact("order.delivered", order_payload(10, customer, [(books[1], 4, "200.00")]))
    account = assert_reconciles(account)
    assert account.clawback_points == 0
    assert account.points_balance == 80
    assert PointsEntry.objects.get(kind="clawback").points == -120


def test_return_reverses_the_line_and_gives_back_points_with_30_days_left(tiers, books, settings):
    customer = CustomerFactory()
    a, b = books
    soon = timezone.now() + timedelta(days=3)
    account = give_points(customer, 400, expires_at=soon)
    services.reserve(
        customer=customer, order_id=11, order_number="LP-11", payable=Decimal("100"), points=400
    )
    payload = order_payload(
        11,
        customer,
        [(a, 1, "50.00"), (b, 1, "50.00")],
        points_used=400,
        points_value="20.00",
    )
    publish_fact("order.placed", payload)
    services.commit(order_id=11)
    publish_fact("order.delivered", payload)
    account = assert_reconciles(account)
    assert account.points_balance == 80  # 40 + 40 on S/ 80 paid
    returned = {
        "order_id": 11,
        "number": "LP-11",
        "customer_id": customer.pk,
        "channel": "web",
        "fulfilment": "pickup",
        "store_id": None,
        "return_id": 501,
        "lines": [{"product_id": a.pk, "quantity": 1, "line_total": "50.00"}],
    }
    publish_fact("order.returned", returned)
    publish_fact("order.returned", returned)
    account = assert_reconciles(account)
    # gave back half the 400 spent, took back the 40 line a earned
    assert account.points_balance == 80 + 200 - 40
    give_back = PointsEntry.objects.get(kind="give_back")
    assert give_back.points == 200
    lot = PointsLot.objects.get(entry=give_back)
    assert lot.expires_at >= timezone.now() + timedelta(days=29, hours=23)
    assert PointsEntry.objects.get(kind="reverse").points == -40
    assert Redemption.objects.get(order_id=11).points_given_back == 200


def test_merge_moves_balance_credit_and_pending(tiers, books):
    from crm.customers import merge_customers

    kept, dup = CustomerFactory(), CustomerFactory(dni="41234567")
    give_points(kept, 100)
    dup_account = give_points(dup, 250, expires_at=timezone.now() + timedelta(days=40))
    services.issue_credit(
        customer_id=dup.pk, amount=Decimal("15.00"), source="return:9", reason="Devolución"
    )
    publish_fact("order.placed", order_payload(12, dup, [(books[0], 1, "50.00")]))
    merge_customers(kept=kept, merged=dup)
    from outbox import spine

    spine.deliver_pending()
    kept.refresh_from_db()
    assert kept.dni == "41234567"
    account = assert_reconciles(services.account_for(kept))
    assert account.points_balance == 350
    assert account.credit_balance == Decimal("15.00")
    old = assert_reconciles(dup_account)
    assert old.points_balance == 0 and old.merged_into == account
    assert PendingEarn.objects.get(order_id=12).account == account
    moved = PointsLot.objects.get(entry__kind="merge_in")
    assert moved.expires_at < timezone.now() + timedelta(days=41)
    # the merged customer's account now stands for the kept one
    assert services.account_for(dup) == account
    # a replay moves nothing
    from loyalty.earning import merge_accounts

    merge_accounts(kept_customer_id=kept.pk, merged_customer_id=dup.pk)
    assert assert_reconciles(account).points_balance == 350


def test_merge_refuses_the_same_customer_or_two_web_accounts():
    from crm.customers import MergeError, merge_customers
    from tests.factories import UserFactory

    one = CustomerFactory()
    with pytest.raises(MergeError):
        merge_customers(kept=one, merged=one)
    u1, u2 = UserFactory(), UserFactory()
    with pytest.raises(MergeError) as caught:
        merge_customers(kept=u1.customer, merged=u2.customer)
    assert "cuenta web" in caught.value.message
