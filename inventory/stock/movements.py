"""Stock in and out: receipts, returns, adjustments, counter sales and counts."""

from collections import Counter
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.exceptions import (
    BelowReserved,
    InvalidQuantity,
    OutOfStock,
    ReasonRequired,
)
from inventory.models import StockItem, StockMovement, Store
from inventory.stock.batch import Kind, _Batch, _check_store, _quantity

# Stock in and out
# ------------------------------------------------------------------------------


def receive(
    store: Store, product, qty: int, actor=None, *, reason: str = "", reference=("", "")
) -> StockItem:
    """Copies arrive at `store` (supplier delivery, initial load). Notifies back-in-stock."""
    with transaction.atomic():
        return _arrive(
            store, product, qty, Kind.RECEIPT, actor=actor, reason=reason, reference=reference
        )


def restock_return(
    store: Store, product, qty: int, actor=None, *, reason: str = "", reference=("", "")
) -> StockItem:
    """A customer returns copies in good condition to `store`: they go back on the shelf."""
    with transaction.atomic():
        return _arrive(
            store, product, qty, Kind.RETURN, actor=actor, reason=reason, reference=reference
        )


def _arrive(store: Store, product, qty, kind, *, actor, reason, reference) -> StockItem:
    """Copies come onto the shelf of `store` (the row is created when it is the first)."""
    qty = _quantity(qty)
    batch = _Batch(store, [product.pk], create=True, actor=actor)
    item: StockItem = batch.item(product)  # type: ignore[assignment]  # create=True made it
    item.on_hand += qty
    batch.move(item, kind, on_hand=qty, reference=reference, reason=reason)
    batch.save()
    return item


def adjust(store: Store, product, delta: int, reason: str, actor=None) -> StockItem:
    """Correct on_hand by `delta` (negative for damaged or lost copies); the reason is required."""
    with transaction.atomic():
        if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
            raise InvalidQuantity(delta)
        reason = " ".join((reason or "").split())
        if not reason:
            raise ReasonRequired()
        batch = _Batch(store, [product.pk], create=delta > 0, actor=actor)
        item = batch.item(product)
        if item is None or item.on_hand + delta < 0:
            raise OutOfStock(product, store, item.on_hand if item else 0, -delta)
        if item.on_hand + delta < item.reserved:
            raise BelowReserved(product, item.reserved)
        item.on_hand += delta
        batch.move(item, Kind.ADJUSTMENT, on_hand=delta, reason=reason)
        batch.save()
        return item


def record_sale(
    store: Store, items: Sequence[tuple], actor=None, *, reference=("", "")
) -> list[StockItem]:
    """A sale at the counter: copies leave `store` at once, every line or none.

    `items` is [(product, quantity)]. Only free stock can be sold (held copies belong to
    someone's order).
    """
    with transaction.atomic():
        _check_store(store)
        wanted: Counter = Counter()
        products = {}
        for product, quantity in items:
            wanted[product.pk] += _quantity(quantity)
            products[product.pk] = product
        if not wanted:
            raise InvalidQuantity(0)
        batch = _Batch(store, wanted, create=False, actor=actor, expire=False)
        batch.check_active(products)
        batch.check_available(wanted, products)
        for pid, quantity in wanted.items():
            item = batch.items[pid]
            item.on_hand -= quantity
            batch.move(
                item,
                Kind.SALE,
                on_hand=-quantity,
                reference=reference,
                reason=_("Venta en mostrador"),
            )
        batch.save()
        return [batch.items[pid] for pid in wanted]


def count(
    store: Store, lines: Sequence[tuple], actor=None, *, note: str = ""
) -> list[StockMovement]:
    """Confirm a stock count: each [(product, counted)] sets on_hand to what was counted.

    Writes a `count` movement per line (with a zero delta when the count matched, as proof of
    the count). Raises BelowReserved when a count is lower than the copies held for orders.
    """
    with transaction.atomic():
        counted: dict[int, int] = {}
        products = {}
        for product, value in lines:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidQuantity(value)
            counted[product.pk] = value
            products[product.pk] = product
        if not counted:
            raise InvalidQuantity(0)
        batch = _Batch(store, counted, create=True, actor=actor)
        for pid, value in counted.items():
            item = batch.items[pid]
            if value < item.reserved:
                raise BelowReserved(products[pid], item.reserved)
        start = len(batch.movements)
        for pid, value in counted.items():
            item = batch.items[pid]
            delta = value - item.on_hand
            reason = _("Conteo: %(counted)s contados, el sistema tenía %(system)s") % {
                "counted": value,
                "system": item.on_hand,
            }
            if note:
                reason = f"{reason} · {note}"
            item.on_hand = value
            batch.move(
                item,
                Kind.COUNT,
                on_hand=delta,
                reference=("count", batch.now.strftime("%Y%m%d%H%M%S")),
                reason=reason,
            )
        batch.save()
        return batch.movements[start:]
