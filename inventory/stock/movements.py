"""Stock in and out: receipts, returns, adjustments, counter sales and counts."""

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import alerts
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


# Rows per statement in receive_many: under SQLite's limit of bound parameters.
_MANY_CHUNK = 500


def receive_many(
    store: Store,
    quantities: Mapping[int, int],
    actor=None,
    *,
    reason: str = "",
    reference=("", ""),
) -> int:
    """Copies of many products arrive at `store` at once (an initial load, a large delivery):
    the same as `receive` once per product id in `quantities` ({product_id: copies}), in a few
    statements per thousand products. Returns how many ledger lines were written.

    Rows that exist are locked in pk order and raised with one UPDATE per distinct quantity;
    missing rows are inserted with their stock. If another call creates one of those rows at the
    same moment, the insert is redone under the lock (nothing is counted twice). Expired holds
    are left to the expiry task: a receipt does not depend on what is available.
    """
    wanted = {pid: _quantity(qty) for pid, qty in quantities.items()}
    if not wanted:
        return 0
    now = timezone.now()
    ids = sorted(wanted)
    with transaction.atomic():  # the stock, its ledger and its facts: all or nothing
        for start in range(0, len(ids), _MANY_CHUNK):
            chunk = ids[start : start + _MANY_CHUNK]
            try:
                with transaction.atomic():  # a savepoint: the retry below starts clean
                    _receive_chunk(store, chunk, wanted, now)
            except IntegrityError:
                # A row appeared between our read and our insert: create the missing rows
                # empty (ON CONFLICT DO NOTHING), then raise them all under the lock.
                StockItem.objects.bulk_create(
                    [StockItem(store=store, product_id=pid) for pid in chunk],
                    ignore_conflicts=True,
                )
                _receive_chunk(store, chunk, wanted, now)
        StockMovement.objects.bulk_create(
            [
                StockMovement(
                    store_id=store.pk,
                    product_id=pid,
                    kind=Kind.RECEIPT,
                    on_hand_delta=wanted[pid],
                    reference_type=reference[0],
                    reference_id=str(reference[1]),
                    actor=actor,
                    reason=(reason or "")[:255],
                    created_at=now,
                )
                for pid in ids
            ],
            batch_size=_MANY_CHUNK,
        )
        for start in range(0, len(ids), _MANY_CHUNK):
            chunk = ids[start : start + _MANY_CHUNK]
            alerts.publish_back_in_stock(store=store, product_ids=chunk)
            # Copies arriving can move a book from out or low to in stock: its cards and page
            # show the new band (catalog bumps their versions).
            alerts.publish_band_changed(store=store, product_ids=chunk)
    return len(ids)


def _receive_chunk(store: Store, ids: list[int], wanted: Mapping[int, int], now) -> None:
    """Add `wanted` copies to the rows of `ids` at `store` (caller holds a transaction)."""
    existing = dict(  # list of the locked rows: the query runs, the locks are taken
        StockItem.objects.select_for_update()
        .filter(store=store, product_id__in=ids)
        .order_by("pk")
        .values_list("product_id", "pk")
    )
    by_quantity: dict[int, list[int]] = defaultdict(list)
    for pid, pk in existing.items():
        by_quantity[wanted[pid]].append(pk)
    for qty, pks in by_quantity.items():
        StockItem.objects.filter(pk__in=pks).update(on_hand=F("on_hand") + qty, updated_at=now)
    if existing:
        # Recovered above the reorder point: the next fall alerts again (as _Batch.save does).
        StockItem.objects.filter(
            pk__in=list(existing.values()),
            low_stock_alerted_at__isnull=False,
            on_hand__gt=F("reserved") + F("reorder_point"),
        ).update(low_stock_alerted_at=None)
    StockItem.objects.bulk_create(
        [
            StockItem(store=store, product_id=pid, on_hand=wanted[pid], updated_at=now)
            for pid in ids
            if pid not in existing
        ]
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
