from orders.cart import cart_count


def cart(request):
    """The header's cart badge (one query, only when the page uses it)."""
    from django.utils.functional import SimpleLazyObject

    return {"cart_count": SimpleLazyObject(lambda: cart_count(request))}
