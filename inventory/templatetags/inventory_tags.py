from django import template

from inventory.forms import BackInStockForm

register = template.Library()


@register.filter
def with_stock(stock):
    """The StoreStock entries with something available."""
    return [line for line in stock or [] if line.available > 0]


@register.filter
def without_stock(stock):
    return [line for line in stock or [] if line.available <= 0]


@register.simple_tag(takes_context=True)
def back_in_stock_form(context):
    """The form of "Avísame cuando llegue": the bound one after a POST, else a fresh one with
    the logged-in customer's e-mail and phone."""
    form = context.get("back_in_stock_form")
    if form is not None:
        return form
    initial = {}
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        initial["email"] = user.email
        customer = getattr(user, "customer", None)
        if customer is not None and customer.phone:
            initial["phone"] = customer.phone_display
    return BackInStockForm(initial=initial)
