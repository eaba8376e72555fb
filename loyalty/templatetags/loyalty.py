"""`{% loyalty_box customer %}`: a customer's Club Pepito balance and tier, for the staff's
panels about one customer (the chat's customer box). One query."""

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
