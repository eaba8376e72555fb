"""Writes to the stock: the only way on_hand and reserved change.

Every function runs in one transaction, writes one StockMovement per change (so the figures
always equal the ledger) and checks everything before writing anything: on a domain error
(inventory.exceptions) nothing is written.

Locking (PostgreSQL): StockItem rows are locked with SELECT ... FOR UPDATE in pk order, and
only then the Reservation or Transfer rows that belong to them. Every function follows that
order, so two of them can wait for each other but never deadlock. On SQLite the database
lock serialises writers, which is correct for one process.

Expired holds: before checking what is available, the functions release the expired
reservations of the rows they locked, so stock held by a forgotten cart is sold again at once,
without waiting for the expiry task.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import alerts
from inventory.exceptions import (
    BelowReserved,
    InactiveProduct,
    InactiveStore,
    InvalidQuantity,
    InvalidTransferState,
    OutOfStock,
    ReasonRequired,
    ReservationNotActive,
    SameStoreTransfer,
)
from inventory.models import Reservation, StockItem, StockMovement, Store, Transfer

Kind = StockMovement.Kind


def _quantity(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidQuantity(value)
    return value


def _check_store(store: Store) -> None:
    if not store.is_active:
        raise InactiveStore(store)


class _Batch:
    """The StockItems locked by one service call and the movements it writes."""

    def __init__(
        self,
        store: Store,
        product_ids: Iterable[int],
        *,
        create: bool,
        actor=None,
        expire: bool = True,
    ):
        self.store = store
        self.actor = actor
        self.now = timezone.now()
        ids = sorted(set(product_ids))
        if create:
            # INSERT ... ON CONFLICT DO NOTHING: two first receipts at once both succeed.
            StockItem.objects.bulk_create(
                [StockItem(store=store, product_id=pid) for pid in ids], ignore_conflicts=True
            )
        # list() runs the query, so the locks are really taken. of=self: the product row
        # (read for is_active) is not locked, so other stores and the catalog never wait.
        items = list(
            StockItem.objects.select_for_update(of=("self",))
            .filter(store=store, product_id__in=ids)
            .annotate(product_active=F("product__is_active"))
            .order_by("pk")
        )
        self.items = {item.product_id: item for item in items}
        self.available_before = {pid: item.available for pid, item in self.items.items()}
        self.on_hand_before = {pid: item.on_hand for pid, item in self.items.items()}
        self.movements: list[StockMovement] = []
        self.reservations: list[Reservation] = []
        if expire:
            self.expire_holds()

    def expire_holds(self, product_ids: Iterable[int] | None = None) -> None:
        """Release the expired reservations of the locked rows (all, or `product_ids`).

        Skipped for rows that hold nothing, so the common case costs no query.
        """
        wanted = self.items if product_ids is None else set(product_ids)
        ids = [pid for pid, item in self.items.items() if pid in wanted and item.reserved > 0]
        if not ids:
            return
        expired = list(
            Reservation.objects.select_for_update()
            .filter(
                store=self.store,
                product_id__in=ids,
                state=Reservation.State.ACTIVE,
                expires_at__lte=self.now,
            )
            .order_by("pk")
        )
        for reservation in expired:
            self.close_reservation(reservation, Reservation.State.EXPIRED)
        for pid in ids:
            # What was really available before this call: expired holds never counted.
            self.available_before[pid] = self.items[pid].available

    def check_active(self, products: dict) -> None:
        """InactiveProduct for a product no longer for sale (read with the lock, not stale)."""
        for pid, product in products.items():
            item = self.items.get(pid)
            active = item.product_active if item is not None else product.is_active
            if not active:
                raise InactiveProduct(product)

    def check_available(self, wanted: dict, products: dict) -> None:
        """OutOfStock for the first line that is short, after freeing expired holds."""
        short = [
            pid
            for pid, quantity in wanted.items()
            if pid not in self.items or self.items[pid].available < quantity
        ]
        if not short:
            return
        self.expire_holds(short)
        for pid in short:
            item = self.items.get(pid)
            available = item.available if item else 0
            if available < wanted[pid]:
                raise OutOfStock(products[pid], self.store, available, wanted[pid])

    def close_reservation(self, reservation: Reservation, state: str, *, reason: str = "") -> None:
        """Give the held units back (released/expired) or take them out (consumed)."""
        item = self.items[reservation.product_id]
        item.reserved -= reservation.quantity
        reservation.state = state
        reservation.closed_at = self.now
        self.reservations.append(reservation)
        if state == Reservation.State.CONSUMED:
            item.on_hand -= reservation.quantity
            self.move(
                item,
                Kind.SALE,
                on_hand=-reservation.quantity,
                reserved=-reservation.quantity,
                reference=("reservation", reservation.pk),
                reason=reason or reservation.owner,
            )
        else:
            self.move(
                item,
                Kind.RELEASE,
                reserved=-reservation.quantity,
                reference=("reservation", reservation.pk),
                reason=reason
                or (_("Reserva vencida") if state == Reservation.State.EXPIRED else _("Liberada")),
            )

    def move(self, item, kind, *, on_hand=0, reserved=0, reference=("", ""), reason="") -> None:
        self.movements.append(
            StockMovement(
                store_id=item.store_id,
                product_id=item.product_id,
                kind=kind,
                on_hand_delta=on_hand,
                reserved_delta=reserved,
                reference_type=reference[0],
                reference_id=str(reference[1]),
                actor=self.actor,
                reason=(reason or "")[:255],
                created_at=self.now,
            )
        )

    def item(self, product) -> StockItem | None:
        return self.items.get(product.pk)

    def save(self) -> None:
        """Write items, movements and reservations; publish the stock alerts' facts."""
        low, recovered, arrived = [], [], []
        for pid, item in self.items.items():
            available = item.available
            if available <= item.reorder_point:
                if available < self.available_before[pid] and item.low_stock_alerted_at is None:
                    item.low_stock_alerted_at = self.now
                    low.append(item)
            elif item.low_stock_alerted_at is not None:
                item.low_stock_alerted_at = None
                recovered.append(item)
            if item.on_hand > self.on_hand_before[pid]:
                arrived.append(pid)
            item.updated_at = self.now
        # One plain UPDATE per locked row: a cart has a few lines, and bulk_update's CASE
        # expressions cost more Python time than the round trips they save (see bench/).
        for item in self.items.values():
            StockItem.objects.filter(pk=item.pk).update(
                on_hand=item.on_hand,
                reserved=item.reserved,
                low_stock_alerted_at=item.low_stock_alerted_at,
                updated_at=item.updated_at,
            )
        by_state: dict[str, list[int]] = {}
        for reservation in self.reservations:
            by_state.setdefault(reservation.state, []).append(reservation.pk)
        for state, pks in by_state.items():
            Reservation.objects.filter(pk__in=pks).update(state=state, closed_at=self.now)
        if self.movements:
            StockMovement.objects.bulk_create(self.movements)
        if low:
            alerts.publish_low_stock(store=self.store, items=low)
        if arrived:
            alerts.publish_back_in_stock(store=self.store, product_ids=arrived)


def _owner_ids(owner: str) -> dict:
    kind, _sep, value = owner.partition(":")
    if value.isdigit() and kind == "cart":
        return {"cart_id": int(value)}
    return {}


def order_owner(order_id: int) -> str:
    """The owner string of an order's holds, as the ledger shows it ("order:34")."""
    return f"order:{order_id}"


# Reservations
# ------------------------------------------------------------------------------


@transaction.atomic
def reserve(
    items: Sequence[tuple],
    store: Store,
    owner: str,
    ttl: timedelta | None = None,
    *,
    actor=None,
    order_id: int | None = None,
) -> list[Reservation]:
    """Hold stock at `store` for `owner` ("cart:12"), all lines or none.

    `items` is [(product, quantity)]; two lines of one product are added up. Raises
    OutOfStock (naming the first product that is short), InvalidQuantity, InactiveProduct.
    An order's holds are taken with `reserve_for_order`, which links them to the order.
    """
    _check_store(store)
    if not owner or len(owner) > 64:
        raise ValueError("owner must be a short key such as 'cart:12'")
    wanted: Counter = Counter()
    products = {}
    for product, quantity in items:
        wanted[product.pk] += _quantity(quantity)
        products[product.pk] = product
    if not wanted:
        raise InvalidQuantity(0)
    ttl = ttl if ttl is not None else timedelta(minutes=settings.INVENTORY_CART_HOLD_MINUTES)

    batch = _Batch(store, wanted, create=False, actor=actor, expire=False)
    batch.check_active(products)
    batch.check_available(wanted, products)

    reservations = Reservation.objects.bulk_create(
        [
            Reservation(
                store=store,
                product_id=pid,
                quantity=quantity,
                owner=owner,
                expires_at=batch.now + ttl,
                created_at=batch.now,
                order_id=order_id,
                **_owner_ids(owner),
            )
            for pid, quantity in wanted.items()
        ]
    )
    for reservation in reservations:
        item = batch.items[reservation.product_id]
        item.reserved += reservation.quantity
        # bulk_create sets pks on PostgreSQL and SQLite (RETURNING).
        batch.move(
            item,
            Kind.RESERVATION,
            reserved=reservation.quantity,
            reference=("reservation", reservation.pk),
            reason=owner,
        )
    batch.save()
    return reservations


def _close(reservation: Reservation, state: str, *, actor=None, reason: str = "") -> Reservation:
    batch = _Batch(
        reservation.store, [reservation.product_id], create=False, actor=actor, expire=False
    )
    current = Reservation.objects.select_for_update().get(pk=reservation.pk)
    if current.state == Reservation.State.ACTIVE and current.expires_at <= batch.now:
        # Past its time: its copies are free for others already, whatever the caller wanted.
        batch.close_reservation(current, Reservation.State.EXPIRED)
        if state == Reservation.State.CONSUMED:
            raise ReservationNotActive(current)  # rolls back; the expiry task records it
        batch.save()
        return current
    if current.state == Reservation.State.ACTIVE:
        batch.close_reservation(current, state, reason=reason)
        batch.save()
        return current
    if state == Reservation.State.RELEASED and current.state != Reservation.State.CONSUMED:
        return current  # releasing twice (or after expiry) is harmless
    raise ReservationNotActive(current)


@transaction.atomic
def release(reservation: Reservation, *, actor=None, reason: str = "") -> Reservation:
    """Give the held stock back (cart abandoned, order cancelled). Idempotent."""
    return _close(reservation, Reservation.State.RELEASED, actor=actor, reason=reason)


@transaction.atomic
def consume(reservation: Reservation, *, actor=None, reason: str = "") -> Reservation:
    """The held units leave the store (order paid or handed over): a sale in the ledger.

    Raises ReservationNotActive when it was released, consumed or has expired (its copies may
    already be someone else's): the order must reserve again.
    """
    return _close(reservation, Reservation.State.CONSUMED, actor=actor, reason=reason)


# Order holds
# ------------------------------------------------------------------------------
# The stock held for (and sold to) an order, found by the reservation's order foreign key.
# inventory sits below orders, so these take the order's id and plain values, never an Order.


def order_holds(order_id: int, *, states: Iterable[str] | None = None) -> list[Reservation]:
    """The order's reservations (active and consumed unless `states` says otherwise)."""
    states = (
        list(states)
        if states is not None
        else [Reservation.State.ACTIVE, Reservation.State.CONSUMED]
    )
    return list(
        Reservation.objects.filter(order_id=order_id, state__in=states)
        .select_related("product", "store")
        .order_by("pk")
    )


@transaction.atomic
def reserve_for_order(
    items: Sequence[tuple],
    store: Store,
    *,
    order_id: int,
    ttl: timedelta | None = None,
    actor=None,
) -> list[Reservation]:
    """Hold stock at `store` for the order `order_id`, all lines or none (as `reserve`)."""
    return reserve(items, store, order_owner(order_id), ttl, actor=actor, order_id=order_id)


@transaction.atomic
def release_order_holds(
    order_id: int, *, actor=None, reason: str = "", sold_reason: str | None = None
) -> int:
    """Give the order's held stock back (the order was annulled). Idempotent.

    With `sold_reason`, copies already sold to the order (a paid order's consumed holds) go
    back on the shelf as a return movement with that reason. Returns how many holds it closed
    or restocked.
    """
    done = 0
    for hold in order_holds(order_id, states=[Reservation.State.ACTIVE]):
        release(hold, actor=actor, reason=reason)
        done += 1
    if sold_reason is not None:
        for hold in order_holds(order_id, states=[Reservation.State.CONSUMED]):
            restock_return(hold.store, hold.product, hold.quantity, actor=actor, reason=sold_reason)
            done += 1
    return done


@transaction.atomic
def consume_order_holds(
    order_id: int, *, store: Store, lines: Sequence[tuple], actor=None, reason: str = ""
) -> list[Reservation]:
    """The order's copies leave `store` as a sale: its live holds become sale movements.

    `lines` is the order's [(product, quantity)]. Products already sold to the order (their
    hold was consumed before) are skipped; a line whose hold ran out is reserved again from
    the shelf. Raises OutOfStock (and writes nothing) when those copies are gone. Returns the
    holds consumed now.
    """
    holds = order_holds(order_id)
    sold = {h.product_id for h in holds if h.state == Reservation.State.CONSUMED}
    now = timezone.now()
    live = [
        h
        for h in holds
        if h.state == Reservation.State.ACTIVE and h.expires_at > now and h.product_id not in sold
    ]
    held = {h.product_id for h in live}
    missing = [
        (product, quantity)
        for product, quantity in lines
        if product.pk not in sold and product.pk not in held
    ]
    if missing:
        live += reserve_for_order(missing, store, order_id=order_id, actor=actor)
    for hold in live:
        consume(hold, actor=actor, reason=reason)
    return live


def release_expired_reservations(*, now=None, limit: int = 1000) -> int:
    """Release every active reservation past its expiry (the beat task calls this each minute).

    Works item by item, each in its own short transaction, taking the locks in the usual order.
    Returns how many reservations were released.
    """
    now = now or timezone.now()
    pairs = list(
        Reservation.objects.filter(state=Reservation.State.ACTIVE, expires_at__lte=now)
        .order_by("store_id", "product_id")
        .values_list("store_id", "product_id")
        .distinct()[:limit]
    )
    released = 0
    stores = Store.objects.in_bulk({store_id for store_id, _pid in pairs})
    for store_id, product_id in pairs:
        with transaction.atomic():
            batch = _Batch(stores[store_id], [product_id], create=False)
            released += len(batch.reservations)
            batch.save()
    return released


# Stock in and out
# ------------------------------------------------------------------------------


@transaction.atomic
def receive(
    store: Store, product, qty: int, actor=None, *, reason: str = "", reference=("", "")
) -> StockItem:
    """Copies arrive at `store` (supplier delivery, initial load). Notifies back-in-stock."""
    qty = _quantity(qty)
    batch = _Batch(store, [product.pk], create=True, actor=actor)
    item: StockItem = batch.item(product)  # type: ignore[assignment]  # create=True made it
    item.on_hand += qty
    batch.move(item, Kind.RECEIPT, on_hand=qty, reference=reference, reason=reason)
    batch.save()
    return item


@transaction.atomic
def restock_return(
    store: Store, product, qty: int, actor=None, *, reason: str = "", reference=("", "")
) -> StockItem:
    """A customer returns copies in good condition to `store`: they go back on the shelf."""
    qty = _quantity(qty)
    batch = _Batch(store, [product.pk], create=True, actor=actor)
    item: StockItem = batch.item(product)  # type: ignore[assignment]  # create=True made it
    item.on_hand += qty
    batch.move(item, Kind.RETURN, on_hand=qty, reference=reference, reason=reason)
    batch.save()
    return item


@transaction.atomic
def adjust(store: Store, product, delta: int, reason: str, actor=None) -> StockItem:
    """Correct on_hand by `delta` (negative for damaged or lost copies); the reason is required."""
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


@transaction.atomic
def record_sale(
    store: Store, items: Sequence[tuple], actor=None, *, reference=("", "")
) -> list[StockItem]:
    """A sale at the counter: copies leave `store` at once, every line or none.

    `items` is [(product, quantity)]. Only free stock can be sold (held copies belong to
    someone's order).
    """
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
            item, Kind.SALE, on_hand=-quantity, reference=reference, reason=_("Venta en mostrador")
        )
    batch.save()
    return [batch.items[pid] for pid in wanted]


@transaction.atomic
def count(
    store: Store, lines: Sequence[tuple], actor=None, *, note: str = ""
) -> list[StockMovement]:
    """Confirm a stock count: each [(product, counted)] sets on_hand to what was counted.

    Writes a `count` movement per line (with a zero delta when the count matched, as proof of
    the count). Raises BelowReserved when a count is lower than the copies held for orders.
    """
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


# Transfers
# ------------------------------------------------------------------------------


@transaction.atomic
def request_transfer(
    from_store: Store, to_store: Store, product, qty: int, actor=None, *, note: str = ""
) -> Transfer:
    """`to_store` asks `from_store` for copies. Nothing moves until it is sent."""
    qty = _quantity(qty)
    if from_store.pk == to_store.pk:
        raise SameStoreTransfer()
    _check_store(from_store)
    _check_store(to_store)
    return Transfer.objects.create(
        from_store=from_store,
        to_store=to_store,
        product=product,
        quantity=qty,
        requested_by=actor,
        note=(note or "")[:255],
    )


@transaction.atomic
def send_transfer(transfer: Transfer, actor=None) -> Transfer:
    """The copies leave `from_store` (a transfer_out movement). Needs free stock there."""
    batch = _Batch(
        transfer.from_store, [transfer.product_id], create=False, actor=actor, expire=False
    )
    current = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if current.state != Transfer.State.REQUESTED:
        raise InvalidTransferState(current, Transfer.State.REQUESTED.label)  # type: ignore[arg-type]  # lazy label
    batch.check_available(
        {current.product_id: current.quantity}, {current.product_id: current.product}
    )
    item = batch.items[current.product_id]
    item.on_hand -= current.quantity
    batch.move(
        item,
        Kind.TRANSFER_OUT,
        on_hand=-current.quantity,
        reference=("transfer", current.pk),
        reason=_("A %(store)s") % {"store": current.to_store},
    )
    current.state = Transfer.State.SENT
    current.sent_by = actor
    current.sent_at = batch.now
    current.save(update_fields=["state", "sent_by", "sent_at"])
    batch.save()
    return current


@transaction.atomic
def receive_transfer(transfer: Transfer, actor=None) -> Transfer:
    """The copies arrive at `to_store` (a transfer_in movement). Notifies back-in-stock."""
    batch = _Batch(transfer.to_store, [transfer.product_id], create=True, actor=actor)
    current = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if current.state != Transfer.State.SENT:
        raise InvalidTransferState(current, Transfer.State.SENT.label)  # type: ignore[arg-type]  # lazy label
    item = batch.items[current.product_id]
    item.on_hand += current.quantity
    batch.move(
        item,
        Kind.TRANSFER_IN,
        on_hand=current.quantity,
        reference=("transfer", current.pk),
        reason=_("Desde %(store)s") % {"store": current.from_store},
    )
    current.state = Transfer.State.RECEIVED
    current.received_by = actor
    current.received_at = batch.now
    current.save(update_fields=["state", "received_by", "received_at"])
    batch.save()
    return current


@transaction.atomic
def transfer(
    from_store: Store, to_store: Store, product, qty: int, actor=None, *, note: str = ""
) -> Transfer:
    """Request, send and receive in one go (e.g. the warehouse restocking a store by van)."""
    moved = request_transfer(from_store, to_store, product, qty, actor, note=note)
    moved = send_transfer(moved, actor)
    return receive_transfer(moved, actor)
