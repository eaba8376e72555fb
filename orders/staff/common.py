"""What the staff order pages share: the order a staff member may open, and the URLs back
to the board, the order and the desk (through `inventory.staff.staff_url`).

Every view works on the store of `inventory.staff.staff_store`: clerks and managers see and act
on their own store's orders only (another store's order is a 404, also for a forged number in
a POST); admins and the owner may open any order.
"""

from django.http import Http404

from inventory.models import Store
from inventory.staff import can_pick_store, staff_store, staff_url
from orders import selectors, status
from orders.models import Order


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


def board_url(store: Store, **params) -> str:
    return staff_url("staff:board", store, **params)


def detail_url(order: Order, store: Store) -> str:
    return staff_url("staff:order", store, order.number)


def desk_url(store: Store, q: str = "") -> str:
    return staff_url("staff:desk", store, buscar=q)
