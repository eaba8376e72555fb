"""The customer's favorites: the hearts on product cards and the /favoritos/ page.

Written only here (add, remove); read here too, so the storefront and the chat never query
the table themselves.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from crm.models import Customer, Favorite


def add_favorite(*, customer: Customer, product) -> Favorite:
    """Idempotent: a second tap keeps the first favorite."""
    try:
        with transaction.atomic():
            favorite, _created = Favorite.objects.get_or_create(customer=customer, product=product)
    except IntegrityError:  # two taps at once
        favorite = Favorite.objects.get(customer=customer, product=product)
    return favorite


def remove_favorite(*, customer: Customer, product) -> None:
    Favorite.objects.filter(customer=customer, product=product).delete()


def favorite_ids_of_user(user, product_ids: Iterable[int]) -> set[int]:
    """Which of `product_ids` the user's customer saved (one query; none if anonymous)."""
    product_ids = list(product_ids)
    if not user.is_authenticated or not product_ids:
        return set()
    return set(
        Favorite.objects.filter(customer__user=user, product__in=product_ids).values_list(
            "product_id", flat=True
        )
    )


def favorite_product_ids(customer: Customer) -> set[int]:
    """Every product the customer saved, active or not (for recommendations)."""
    return set(Favorite.objects.filter(customer=customer).values_list("product_id", flat=True))


def favorite_products(customer: Customer) -> list:
    """The customer's active favorite products, newest first, ready for product cards."""
    favorites = (
        Favorite.objects.filter(customer=customer, product__is_active=True)
        .select_related("product__publisher")
        .prefetch_related("product__product_authors__author")
        .order_by("-created_at")
    )
    return [favorite.product for favorite in favorites]


# A visitor's ♡ waits in the session until they log in (or sign up): crm.adapters adds it then.
PENDING_SESSION_KEY = "pending_favorite"


def remember_pending_favorite(request, *, product) -> None:
    """The visitor tapped ♡ on `product` before logging in."""
    request.session[PENDING_SESSION_KEY] = product.pk


def add_pending_favorite(request, *, customer: Customer):
    """After login: save the ♡ the visitor tapped before, once. The product, or None when
    there was none (or it is no longer for sale)."""
    from catalog.models import Product

    product_id = request.session.pop(PENDING_SESSION_KEY, None)
    if not isinstance(product_id, int):
        return None
    product = Product.objects.active().filter(pk=product_id).first()
    if product is None:
        return None
    add_favorite(customer=customer, product=product)
    return product
