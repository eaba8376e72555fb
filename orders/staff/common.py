"""What the staff order pages share: the store picker's context, the order a staff member
may open, and the URLs back to the board, the order and the desk.

Every view works on the store of `inventory.staff.staff_store`: clerks and managers see and act
on their own store's orders only (another store's order is a 404, also for a forged number in
a POST); admins and the owner may open any order.
"""

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from inventory.models import Store
from inventory.staff import can_pick_store, staff_store
from orders import selectors, status
from orders.models import Order


def base_context(request, store: Store) -> dict:
    context = {"store": store, "can_pick_store": can_pick_store(request.user)}
    if context["can_pick_store"]:
        context["all_stores"] = list(Store.objects.filter(is_active=True).order_by("kind", "name"))
    return context


def decorate(order: Order) -> Order:
    """Attach what a card shows: the one forward move and its button text."""
    order.next_status = status.next_board_status(order)
    order.next_label = status.next_board_label(order)
    return order


def order_for_staff(request, number: str, *, full: bool = False) -> tuple[Order, Store]:
    """The order if this staff member may work on it; 404 otherwise (another store's too)."""
    store = staff_store(request)
    if full:
        order = selectors.order_for_staff(number=number)
    else:
        order = (
            Order.objects.select_related("store", "delivery_slot__window", "customer")
            .filter(number=(number or "")[:20].upper())
            .first()
        )
    if order is None:
        raise Http404
    if not can_pick_store(request.user) and order.store_id != store.pk:
        raise Http404  # the same answer as for a number that does not exist
    return order, store


def url_with(name: str, store: Store, *args, **params) -> str:
    query = {"tienda": store.slug, **params}
    return reverse(name, args=args) + "?" + urlencode({k: v for k, v in query.items() if v})


def board_url(store: Store, **params) -> str:
    return url_with("orders_staff:board", store, **params)


def detail_url(order: Order, store: Store) -> str:
    return url_with("orders_staff:order", store, order.number)


def desk_url(store: Store, q: str = "") -> str:
    return url_with("orders_staff:desk", store, buscar=q)
