"""The rows one stock call locks, in pk order, and the ledger lines it writes."""

from collections.abc import Iterable

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import alerts
from inventory.exceptions import (
    InactiveProduct,
    InactiveStore,
    InvalidQuantity,
    OutOfStock,
)
from inventory.models import Reservation, StockItem, StockMovement, Store

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
        # The stored figure, before expired holds are freed: a page may have shown either.
        self.stored_before = {pid: item.available for pid, item in self.items.items()}
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
        """Write items, movements and reservations; publish the stock alerts' facts and
        `stock.band_changed` for the rows whose band (in stock / low / out) moved."""
        low, recovered, arrived, banded = [], [], [], []
        for pid, item in self.items.items():
            available = item.available
            after = alerts.band(available, item.reorder_point)
            if after != alerts.band(self.available_before[pid], item.reorder_point) or (
                after != alerts.band(self.stored_before[pid], item.reorder_point)
            ):
                banded.append(pid)
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
        if banded:
            alerts.publish_band_changed(store=self.store, product_ids=banded)


def _owner_ids(owner: str) -> dict:
    kind, _sep, value = owner.partition(":")
    if value.isdigit() and kind == "cart":
        return {"cart_id": int(value)}
    return {}


def order_owner(order_id: int) -> str:
    """The owner string of an order's holds, as the ledger shows it ("order:34")."""
    return f"order:{order_id}"
