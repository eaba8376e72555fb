"""The program's arithmetic, with no database: what a payment earns, what points are worth,
how tenders spread over an order's lines. loyalty.services applies it under the row locks."""

import calendar
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.conf import settings

CENT = Decimal("0.01")


def money(value) -> Decimal:
    """A Decimal amount from a payload value ('45.90', 45, None -> 0.00)."""
    if value in (None, ""):
        return Decimal("0.00")
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def points_value(points: int) -> Decimal:
    """What `points` pay, in soles: 100 -> 5.00 at S/ 0.05 a point."""
    return (Decimal(points) * settings.LOYALTY_POINT_VALUE).quantize(CENT, rounding=ROUND_HALF_UP)


def points_for(amount: Decimal, *, multiplier: Decimal = Decimal("1")) -> int:
    """Whole points earned by paying `amount` (never negative; fractions are dropped)."""
    if amount <= 0:
        return 0
    raw = amount * settings.LOYALTY_POINTS_PER_SOL * multiplier
    return int(raw.to_integral_value(rounding=ROUND_DOWN))


def max_points_for(payable: Decimal) -> int:
    """The most points that may pay `payable` (the share cap), in whole points."""
    if payable <= 0:
        return 0
    cap = payable * settings.LOYALTY_MAX_REDEEM_SHARE / settings.LOYALTY_POINT_VALUE
    return int(cap.to_integral_value(rounding=ROUND_DOWN))


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the 31st becomes the month's last day)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class PaidLine:
    product_id: int | None
    quantity: int
    line_total: Decimal
    paid: Decimal  # the line's share of the money actually paid


def paid_lines(lines: list[dict], *, points_value: Decimal, credit_used: Decimal) -> list[PaidLine]:
    """Spread the points and store credit over the lines in proportion to their totals.

    The money that earns is sum(line_total) - points_value - credit_used (never below 0); the
    delivery fee is not a line, so it never earns. Lines of one product are merged (the ledger
    keys an earn by order and product). Cents left by rounding go to the last line, so the
    shares add up exactly.
    """
    merged: dict = {}
    for line in lines or []:
        product_id = line.get("product_id")
        total = money(line.get("line_total"))
        if total <= 0 and line.get("unit_price") not in (None, ""):
            total = money(money(line["unit_price"]) * int(line.get("quantity") or 0))
        quantity, previous = merged.get(product_id, (0, Decimal("0.00")))
        merged[product_id] = (quantity + int(line.get("quantity") or 0), previous + total)
    lines_total = sum((total for _q, total in merged.values()), Decimal("0.00"))
    paid = max(lines_total - points_value - credit_used, Decimal("0.00"))
    result, given = [], Decimal("0.00")
    items = list(merged.items())
    for index, (product_id, (quantity, total)) in enumerate(items):
        if index == len(items) - 1:
            share = paid - given
        elif lines_total > 0:
            share = (paid * total / lines_total).quantize(CENT, rounding=ROUND_HALF_UP)
        else:
            share = Decimal("0.00")
        share = max(min(share, paid - given), Decimal("0.00"))
        given += share
        result.append(PaidLine(product_id, quantity, total, share))
    return result


def proportional(points: int, part: Decimal, whole: Decimal) -> int:
    """`points` × part / whole, rounded half up, never more than `points` (returns, reversals)."""
    if points <= 0 or whole <= 0 or part <= 0:
        return 0
    if part >= whole:
        return points
    share = (Decimal(points) * part / whole).to_integral_value(rounding=ROUND_HALF_UP)
    return min(points, int(share))
