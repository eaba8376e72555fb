"""Money as Peruvians read it: `{{ price|soles }}` gives "S/ 45.90".

Registered as a template builtin in settings, so no `{% load %}` is needed.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def soles(value) -> str:
    """Format a Decimal (or anything Decimal accepts) as `S/ 1,234.50`; empty for junk."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}S/ {abs(amount):,.2f}"
