"""Reads of the inventory for pages: availability per store, in-stock filters, staff lists.

Available stock never counts expired holds, even before the expiry task has released them:
every read subtracts only the reservations that are still in force.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from inventory.models import Reservation, StockItem, StockMovement, Store, Transfer


@dataclass(frozen=True)
class StoreStock:
    """What a customer sees of one product in one store."""

    store: Store
    available: int
    low: bool


def expired_holds(now=None) -> QuerySet:
    """Active reservations past their expiry for the StockItem of the outer query."""
    return Reservation.objects.filter(
        store_id=OuterRef("store_id"),
        product_id=OuterRef("product_id"),
        state=Reservation.State.ACTIVE,
        expires_at__lte=now or timezone.now(),
    )


def with_available(queryset: QuerySet, now=None) -> QuerySet:
    """Annotate StockItems with `live_available`: on_hand - reserved + expired holds."""
    expired_sum = (
        expired_holds(now)
        .order_by()
        .values("store_id", "product_id")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return queryset.annotate(
        expired_reserved=Coalesce(Subquery(expired_sum, output_field=IntegerField()), 0),
    ).annotate(live_available=F("on_hand") - F("reserved") + F("expired_reserved"))


def customer_stores() -> QuerySet:
    """Physical shops a customer can visit, by name."""
    return Store.objects.filter(is_active=True, kind=Store.Kind.STORE).order_by("name")


def availability_many(products: Iterable, *, stores=None) -> dict[int, list[StoreStock]]:
    """{product_id: [StoreStock for every customer store, by name]} in two queries (one when
    the page already holds `stores`, the list of customer_stores()).

    Stores without stock appear with available=0 so a page can say "agotado en Cusco".
    Accepts products or product ids.
    """
    ids = [getattr(product, "pk", product) for product in products]
    if not ids:
        return {}
    stores = list(customer_stores()) if stores is None else list(stores)
    rows = (
        with_available(
            StockItem.objects.filter(product_id__in=ids, store__in=[store.pk for store in stores])
        )
        .order_by()
        .values_list("product_id", "store_id", "live_available", "reorder_point")
    )
    found = {
        (product_id, store_id): (available, reorder)
        for product_id, store_id, available, reorder in rows
    }
    result = {}
    for product_id in ids:
        line = []
        for store in stores:
            available, reorder_point = found.get((product_id, store.pk), (0, 0))
            available = max(available, 0)
            line.append(
                StoreStock(store=store, available=available, low=0 < available <= reorder_point)
            )
        result[product_id] = line
    return result


def availability(product) -> list[StoreStock]:
    """Every customer store, by name, with the product's available stock there."""
    return availability_many([product])[getattr(product, "pk", product)]


def filter_in_stock(queryset: QuerySet, store: Store | None = None) -> QuerySet:
    """Restrict a Product queryset to products with something available.

    At `store` when given, else anywhere (warehouse included: online orders ship from it).
    Two EXISTS, each on a partial index: stock rows with on_hand > reserved, and active holds
    past their expiry (whose copies are free even if the expiry task has not run yet: an
    expired hold always means available > 0 at its store).
    """
    now = timezone.now()
    stock = StockItem.objects.filter(product_id=OuterRef("pk"), on_hand__gt=F("reserved"))
    freed = Reservation.objects.filter(
        product_id=OuterRef("pk"), state=Reservation.State.ACTIVE, expires_at__lte=now
    )
    if store is not None:
        stock, freed = stock.filter(store=store), freed.filter(store=store)
    else:  # any active store or warehouse
        stock = stock.filter(store__is_active=True)
        freed = freed.filter(store__is_active=True)
    return queryset.filter(Q(Exists(stock)) | Q(Exists(freed)))


# Staff pages
# ------------------------------------------------------------------------------


def store_stock(*, store: Store, q: str = "", low_only: bool = False) -> QuerySet:
    """StockItems of a store for the staff list, with their product, searched by title or ISBN."""
    from catalog.text import looks_like_isbn, normalize, normalize_isbn

    items = with_available(
        StockItem.objects.filter(store=store).select_related("product")
    ).order_by("product__title", "pk")
    q = " ".join((q or "").split())[:100]
    if q:
        if looks_like_isbn(q):
            try:
                isbn = normalize_isbn(q)
            except Exception:
                isbn = "".join(ch for ch in q if ch.isdigit())
            items = items.filter(product__isbn=isbn)
        else:
            for word in normalize(q).split():
                items = items.filter(product__search_text__contains=word)
    if low_only:
        items = items.filter(live_available__lte=F("reorder_point"))
    return items


def low_stock_alerts(*, store: Store) -> QuerySet:
    """Items of `store` whose low-stock alert is out (cleared when stock recovers)."""
    return (
        StockItem.objects.filter(store=store, low_stock_alerted_at__isnull=False)
        .select_related("product")
        .order_by("-low_stock_alerted_at", "pk")
    )


def product_history(*, store: Store, product, limit: int = 100) -> QuerySet:
    return (
        StockMovement.objects.filter(store=store, product=product)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )


def store_transfers(*, store: Store, limit: int = 50) -> QuerySet:
    return (
        Transfer.objects.filter(Q(from_store=store) | Q(to_store=store))
        .select_related("from_store", "to_store", "product")
        .order_by("-requested_at", "-pk")[:limit]
    )
