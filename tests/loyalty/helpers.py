"""Shared helpers of the loyalty tests: balances reconcile, giving an account points."""

from decimal import Decimal

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


def order_payload(order_id: int, customer, lines, **extra) -> dict:
    """An order fact's payload as orders publishes it: lines [(product, quantity, line_total)]."""
    payload = {
        "order_id": order_id,
        "number": f"LP-2026-{order_id:06d}",
        "customer_id": customer.pk if customer is not None else None,
        "channel": "web",
        "fulfilment": "pickup",
        "store_id": None,
        "lines": [
            {
                "product_id": product.pk,
                "quantity": quantity,
                "unit_price": str(Decimal(total) / quantity),
                "line_total": str(total),
            }
            for product, quantity, total in lines
        ],
    }
    payload.update(extra)
    return payload


def publish_fact(name: str, payload: dict) -> None:
    """Publish through the spine and deliver at once (the test's transaction never commits)."""
    from outbox import spine

    fields = dict(payload)
    if name in ("order.handed_over", "order.delivered", "order.placed"):
        fields.setdefault("total", "0.00")
    if name == "order.placed":
        fields.setdefault("status", "pending")
        fields.setdefault("payment_method", "card")
    if name == "order.cancelled":
        fields.setdefault("reason", "test")
        fields.setdefault("was_fulfilled", False)
    spine.publish(name, **fields)
    spine.deliver_pending()
