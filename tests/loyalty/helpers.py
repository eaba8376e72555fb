"""Shared helpers of the loyalty tests: balances reconcile, giving an account points."""

from django.db.models import Sum

from loyalty import services
from loyalty.models import CreditEntry, LoyaltyAccount, PointsEntry, PointsLot
from loyalty.models import PointsEntry as E


def ledger_sum(account) -> int:
    return PointsEntry.objects.filter(account=account).aggregate(s=Sum("points"))["s"] or 0


def assert_reconciles(account) -> LoyaltyAccount:
    account = LoyaltyAccount.objects.get(pk=account.pk)
    lots = PointsLot.objects.filter(account=account).aggregate(s=Sum("remaining"))["s"] or 0
    credit = CreditEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0
    assert account.points_balance == ledger_sum(account) == lots
    assert account.credit_balance == credit
    assert account.points_balance >= 0
    return account


def give_points(customer, points: int, *, source: str = "", expires_at=None):
    """Points credited the way an earn would (a lot with its expiry)."""
    account = services.account_for(customer)
    from django.db import transaction

    with transaction.atomic():
        locked = services.lock(account.pk)
        services._credit(
            locked,
            points,
            kind=E.Kind.EARN,
            source=source or f"test:{account.pk}:{points}:{PointsEntry.objects.count()}",
            expires_at=expires_at,
        )
    return LoyaltyAccount.objects.get(pk=account.pk)
