"""`{% loyalty_box customer %}`: a customer's Club Pepito balance and tier, for the staff's
panels about one customer (the chat's customer box). One query."""

from decimal import Decimal, InvalidOperation

from django import template

from loyalty.selectors import customer_box

register = template.Library()


@register.inclusion_tag("loyalty/partials/customer_box.html", takes_context=True)
def loyalty_box(context, customer):
    user = context.get("user")
    return {
        "account": customer_box(customer),
        "can_open": bool(user is not None and user.has_perm("loyalty.view_program")),
    }


@register.filter
def multiplier(value) -> str:
    """A tier's earn multiplier as people read it: Decimal("1.50") -> "×1.5", 2 -> "×2"."""
    try:
        number = Decimal(value).normalize()
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"×{number:f}"
