"""Reads for the staff pages: the order board, the order detail and the pickup desk.

Each selector returns rows with what the page shows already joined or prefetched, so a page
makes the same number of queries for 10 orders or 500. Every filter is on an indexed column
(orders_board: store, status, -created_at) or inside one store's orders.
"""

import contextlib
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from core.validators import normalize_dni, normalize_phone
from orders.models import Order, OrderEvent, OrderLine

S = Order.Status

# What the board shows by default: orders someone still has to work on.
OPEN_STATUSES = [S.PENDING_PAYMENT, S.PROCESSING, S.PACKED, S.READY, S.DISPATCHED]
# The board's tabs, in the order the work flows.
BOARD_TABS = [S.PROCESSING, S.PACKED, S.READY, S.DISPATCHED, S.PENDING_PAYMENT]
CLOSED_STATUSES = [S.DELIVERED, S.RECEIVED, S.CANCELLED]
# At the pickup desk: pickup orders that may still be collected (or paid).
DESK_STATUSES = [S.PENDING_PAYMENT, S.PROCESSING, S.PACKED, S.READY, S.DELIVERED]

NUMBER_RE = re.compile(r"^LP-?(\d{4})-?(\d{1,6})$", re.IGNORECASE)
CODE_RE = re.compile(r"^[A-Z2-9]{6}$")
MAX_QUERY = 100


def _with_card_data(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("delivery_slot__window", "store", "customer").annotate(
        copies=Sum("lines__quantity")
    )


def order_search_q(q: str) -> Q | None:
    """A filter matching `q` as an order number, pickup code, phone, DNI, e-mail or name.

    None when `q` is blank. A scanned QR ("LP-2026-000123|K7P2QX") searches by its number.
    """
    q = " ".join((q or "").split())[:MAX_QUERY]
    if not q:
        return None
    if "|" in q:
        q = q.split("|", 1)[0].strip()
    compact = q.replace(" ", "").upper()
    condition = Q(number=compact)
    match = NUMBER_RE.match(compact)
    if match:
        year, serial = match.groups()
        condition |= Q(number=f"LP-{year}-{int(serial):06d}")
    elif compact.isdigit() and len(compact) <= 6:
        # "123" or "000123": the serial part of this year's (or any year's) number.
        condition |= Q(number__endswith=f"-{int(compact):06d}")
    if CODE_RE.match(compact):
        condition |= Q(pickup_code=compact)
    try:
        phone = normalize_phone(q)
    except ValidationError:
        pass
    else:
        condition |= Q(contact_phone=phone) | Q(customer__phone=phone)
    if compact.isdigit() and len(compact) in (8, 9):
        with contextlib.suppress(ValidationError):
            condition |= Q(customer__dni=normalize_dni(compact))
    if "@" in q:
        condition |= Q(contact_email__iexact=q) | Q(customer__email__iexact=q)
    elif any(ch.isalpha() for ch in q) and len(q) >= 3:
        condition |= Q(contact_name__icontains=q) | Q(customer__name__icontains=q)
    return condition


def board_orders(*, store, status: str = "", q: str = "", limit: int = 200) -> list[Order]:
    """The store's orders for the board: open ones (or one status, or closed), newest first."""
    queryset = Order.objects.filter(store=store)
    if status in S.values:
        queryset = queryset.filter(status=status)
    elif status == "cerrados":
        queryset = queryset.filter(status__in=CLOSED_STATUSES)
    elif status != "todos":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    condition = order_search_q(q)
    if condition is not None:
        queryset = queryset.filter(condition)
    return list(_with_card_data(queryset).order_by("-created_at", "-pk")[:limit])


def board_counts(*, store) -> dict[str, int]:
    """How many orders of the store are in each status (one query)."""
    rows = Order.objects.filter(store=store).values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows.order_by()}
    counts["activos"] = sum(counts.get(status, 0) for status in OPEN_STATUSES)
    counts["cerrados"] = sum(counts.get(status, 0) for status in CLOSED_STATUSES)
    return counts


def board_version(*, store) -> str:
    """A fingerprint of the store's orders (how many, and the last change): the board's poll
    redraws only when it moved (one aggregate query on the orders_board index)."""
    figures = Order.objects.filter(store=store).aggregate(n=Count("pk"), last=Max("updated_at"))
    last = figures["last"].timestamp() if figures["last"] else 0
    return f"{figures['n']}-{last:.6f}"


@dataclass
class WindowGroup:
    label: str
    orders: list


def todays_deliveries(*, store, today=None) -> list[WindowGroup]:
    """Today's home deliveries leaving from the store, grouped by window (earliest first)."""
    today = today or timezone.localdate()
    orders = _with_card_data(
        Order.objects.filter(
            store=store, fulfilment=Order.Fulfilment.DELIVERY, delivery_slot__date=today
        ).exclude(status=S.CANCELLED)
    ).order_by("delivery_slot__window__starts_at", "created_at", "pk")
    groups: list[WindowGroup] = []
    for order in orders:
        label = order.delivery_slot.window.label
        if not groups or groups[-1].label != label:
            groups.append(WindowGroup(label=label, orders=[]))
        groups[-1].orders.append(order)
    return groups


def order_for_staff(*, number: str) -> Order | None:
    """One order with everything its staff page shows (lines, events with actors)."""
    return (
        Order.objects.select_related("store", "customer", "delivery_slot__window", "created_by")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("product")),
            Prefetch(
                "events",
                queryset=OrderEvent.objects.select_related("actor").order_by("created_at", "pk"),
            ),
            "payments",
        )
        .filter(number=(number or "")[:20].upper())
        .first()
    )


def desk_orders(*, store, q: str, limit: int = 20) -> list[Order]:
    """Pickup orders of the store matching a code, number, phone or DNI (the pickup desk)."""
    condition = order_search_q(q)
    if condition is None:
        return []
    queryset = Order.objects.filter(
        store=store, fulfilment=Order.Fulfilment.PICKUP, status__in=DESK_STATUSES
    ).filter(condition)
    return list(
        queryset.select_related("store", "customer")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("pk")))
        .order_by("-created_at", "-pk")[:limit]
    )


def pickup_store_elsewhere(*, store, q: str):
    """The store where a matching pickup order is waiting, when it is not this one."""
    condition = order_search_q(q)
    if condition is None:
        return None
    order = (
        Order.objects.filter(fulfilment=Order.Fulfilment.PICKUP, status__in=DESK_STATUSES)
        .exclude(store=store)
        .filter(condition)
        .select_related("store")
        .order_by("-created_at")
        .first()
    )
    return order.store if order else None


def order_links(order_ids: set[int]) -> dict[int, tuple[str, str]]:
    """{order id: (number, staff page)}: how inventory's ledger names and links an order
    (registered with inventory.ledger in OrdersConfig.ready; one query)."""
    from django.urls import reverse

    return {
        pk: (number, reverse("staff:order", args=[number]))
        for pk, number in Order.objects.filter(pk__in=order_ids).values_list("pk", "number")
    }


# ---------------------------------------------------------------------------------------------
# Read by shop.recommendations
# ---------------------------------------------------------------------------------------------


def products_bought_by(customer) -> set[int]:
    """Ids of every product the customer has on an order, in any channel."""
    return set(
        OrderLine.objects.filter(order__customer=customer).values_list("product_id", flat=True)
    )


def co_purchases(product_ids=None) -> dict[int, list[tuple[int, int]]]:
    """{product_id: [(other_product_id, orders in common), ...]} most orders first (then by id),
    for `product_ids` (None: every product ever bought). Counted orders: paid and not annulled.

    One query: the order's lines joined to the other lines of the same order.
    """
    counted = Q(order__paid_at__isnull=False) & ~Q(order__status=Order.Status.CANCELLED)
    lines = OrderLine.objects.filter(counted)
    if product_ids is not None:
        lines = lines.filter(product_id__in=list(product_ids))
    rows = (
        lines.values_list("product_id", "order__lines__product_id")
        .annotate(n=Count("order_id", distinct=True))
        .order_by()
    )
    pairs: dict[int, list[tuple[int, int]]] = {}
    for product_id, other_id, n in rows:
        if other_id is not None and other_id != product_id:
            pairs.setdefault(product_id, []).append((other_id, n))
    for found in pairs.values():
        found.sort(key=lambda pair: (-pair[1], pair[0]))
    return pairs


def order_product_ids(order_id: int) -> list[int]:
    """The products on one order's lines (for facts whose payload carries no lines)."""
    return list(
        OrderLine.objects.filter(order_id=order_id)
        .order_by()
        .values_list("product_id", flat=True)
        .distinct()
    )
