"""Money as Peruvians read it: `format_soles(Decimal("1234.5"))` gives "S/ 1,234.50".

Amounts travel as Decimal (or their string form in event payloads and chat messages);
only the page that shows one formats it, through the `soles` template filter that wraps this.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def to_decimal(value) -> Decimal | None:
    """A Decimal rounded to the cent, or None for empty or junk values."""
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def format_soles(value) -> str:
    """Format a Decimal (or anything Decimal accepts) as `S/ 1,234.50`; empty for junk."""
    amount = to_decimal(value)
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}S/ {abs(amount):,.2f}"
