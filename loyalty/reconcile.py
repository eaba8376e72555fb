"""The points reconciler (registered in LoyaltyConfig.ready() as "puntos").

Compares every account's cached balances with its ledgers: points_balance with the sum of its
PointsEntry rows and with what its lots still hold, credit_balance with the sum of its
CreditEntry rows. One grouped query per ledger, whatever the number of accounts.
`fix` does not touch a balance: which side is wrong takes a person (the ledger is the record;
`adjust_points` corrects with a reason). Also `manage.py reconcile_loyalty`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from loyalty.models import CreditEntry, LoyaltyAccount, PointsEntry, PointsLot


@dataclass(frozen=True)
class Difference:
    number: str
    what: str
    cached: object
    ledger: object

    def describe(self) -> str:
        return _(
            "Cuenta %(number)s: %(what)s en caché %(cached)s, según el libro %(ledger)s. "
            "Revisar sus movimientos y corregir con un ajuste con motivo."
        ) % {"number": self.number, "what": self.what, "cached": self.cached, "ledger": self.ledger}


def _sums(queryset, field: str) -> dict[int, object]:
    return dict(
        queryset.order_by()
        .values("account_id")
        .annotate(total=Sum(field))
        .values_list("account_id", "total")
    )


def differences() -> tuple[list[Difference], int]:
    """(every difference, how many accounts were checked)."""
    points = _sums(PointsEntry.objects.all(), "points")
    lots = _sums(PointsLot.objects.all(), "remaining")
    credit = _sums(CreditEntry.objects.all(), "amount")
    found, checked = [], 0
    for pk, number, balance, credit_balance in (
        LoyaltyAccount.objects.order_by("pk")
        .values_list("pk", "number", "points_balance", "credit_balance")
        .iterator(chunk_size=5000)
    ):
        checked += 1
        ledger = points.get(pk) or 0
        if balance != ledger:
            found.append(Difference(number, _("puntos"), balance, ledger))
        held = lots.get(pk) or 0
        if held != ledger:
            found.append(Difference(number, _("puntos en lotes"), held, ledger))
        credit_ledger = credit.get(pk) or Decimal("0.00")
        if credit_balance != credit_ledger:
            found.append(Difference(number, _("saldo a favor"), credit_balance, credit_ledger))
    return found, checked


def reconcile_loyalty(*, fix: bool = False) -> list[str]:
    found, _checked = differences()
    return [difference.describe() for difference in found]
