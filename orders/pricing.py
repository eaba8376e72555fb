"""Prices at checkout: the IGV inside tax-included prices, and a cart's quote (lines still
for sale at today's prices, subtotal, delivery fee, IGV, total, and what changed since the
customer added each line)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from catalog.models import Product
from orders.cart import summarize
from orders.models import Cart

CENT = Decimal("0.01")


def igv_rate(product: Product) -> Decimal:
    return Decimal(settings.IGV_RATES.get(product.tax_class, "0.18"))


def included_tax(amount: Decimal, rate: Decimal) -> Decimal:
    """The IGV inside a tax-included amount."""
    if not rate:
        return Decimal("0.00")
    return (amount - amount / (1 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Quote:
    lines: list  # orders.cart.SummaryLine
    subtotal: Decimal
    delivery_fee: Decimal
    tax_total: Decimal
    total: Decimal
    changes: list = field(default_factory=list)


def quote(cart: Cart, *, delivery_fee: Decimal = Decimal("0.00")) -> Quote:
    summary = summarize(cart)
    lines = [line for line in summary.lines if line.available]
    tax = sum((included_tax(line.total, igv_rate(line.product)) for line in lines), Decimal("0.00"))
    tax += included_tax(delivery_fee, Decimal(settings.IGV_RATES["standard"]))
    return Quote(
        lines=lines,
        subtotal=summary.subtotal,
        delivery_fee=delivery_fee,
        tax_total=tax,
        total=summary.subtotal + delivery_fee,
        changes=summary.price_changes + summary.unavailable,
    )
