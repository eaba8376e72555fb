"""Holds: for a cart at checkout (minutes) or for an order (until paid or picked up)."""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from inventory.exceptions import (
    InvalidQuantity,
    ReservationNotActive,
)
from inventory.models import Reservation, Store
from inventory.stock.batch import Kind, _Batch, _check_store, _owner_ids, _quantity, order_owner
from inventory.stock.movements import restock_return

# Reservations
# ------------------------------------------------------------------------------


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
    with transaction.atomic():
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


def release(reservation: Reservation, *, actor=None, reason: str = "") -> Reservation:
    """Give the held stock back (cart abandoned, order cancelled). Idempotent."""
    with transaction.atomic():
        return _close(reservation, Reservation.State.RELEASED, actor=actor, reason=reason)


def consume(reservation: Reservation, *, actor=None, reason: str = "") -> Reservation:
    """The held units leave the store (order paid or handed over): a sale in the ledger.

    Raises ReservationNotActive when it was released, consumed or has expired (its copies may
    already be someone else's): the order must reserve again.
    """
    with transaction.atomic():
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


def reserve_for_order(
    items: Sequence[tuple],
    store: Store,
    *,
    order_id: int,
    ttl: timedelta | None = None,
    actor=None,
) -> list[Reservation]:
    """Hold stock at `store` for the order `order_id`, all lines or none (as `reserve`)."""
    with transaction.atomic():
        return reserve(items, store, order_owner(order_id), ttl, actor=actor, order_id=order_id)


def release_order_holds(
    order_id: int, *, actor=None, reason: str = "", sold_reason: str | None = None
) -> int:
    """Give the order's held stock back (the order was annulled). Idempotent.

    With `sold_reason`, copies already sold to the order (a paid order's consumed holds) go
    back on the shelf as a return movement with that reason, once: the hold is then "devuelta".
    Returns how many holds it closed or restocked.
    """
    with transaction.atomic():
        done = 0
        for hold in order_holds(order_id, states=[Reservation.State.ACTIVE]):
            release(hold, actor=actor, reason=reason)
            done += 1
        if sold_reason is not None:
            for hold in order_holds(order_id, states=[Reservation.State.CONSUMED]):
                restock_return(
                    hold.store, hold.product, hold.quantity, actor=actor, reason=sold_reason
                )
                hold.state = Reservation.State.RETURNED
                hold.save(update_fields=["state"])
                done += 1
        return done


def consume_order_holds(
    order_id: int, *, store: Store, lines: Sequence[tuple], actor=None, reason: str = ""
) -> list[Reservation]:
    """The order's copies leave `store` as a sale: its live holds become sale movements.

    `lines` is the order's [(product, quantity)]. Products already sold to the order (their
    hold was consumed before) are skipped; a line whose hold ran out is reserved again from
    the shelf. Raises OutOfStock (and writes nothing) when those copies are gone. Returns the
    holds consumed now.
    """
    with transaction.atomic():
        holds = order_holds(order_id)
        sold = {h.product_id for h in holds if h.state == Reservation.State.CONSUMED}
        now = timezone.now()
        live = [
            h
            for h in holds
            if h.state == Reservation.State.ACTIVE
            and h.expires_at > now
            and h.product_id not in sold
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


def extend_order_holds(
    order_id: int, *, store: Store, lines: Sequence[tuple], until, actor=None
) -> list[Reservation]:
    """Keep the order's copies held until `until` (a delivery moved to another day).

    Live holds get the new expiry (one conditional update: a hold the expiry task closes
    meanwhile is not revived); a line whose hold ran out is reserved again from the shelf, or
    OutOfStock is raised and nothing is written. Products already sold to the order are
    skipped. Returns the order's live holds."""
    with transaction.atomic():
        now = timezone.now()
        if until <= now:
            raise ValueError("until must be in the future")
        Reservation.objects.filter(
            order_id=order_id, state=Reservation.State.ACTIVE, expires_at__gt=now
        ).update(expires_at=until)
        holds = order_holds(order_id)
        covered = {
            h.product_id
            for h in holds
            if h.state == Reservation.State.CONSUMED
            or (h.state == Reservation.State.ACTIVE and h.expires_at > now)
        }
        missing = [(product, quantity) for product, quantity in lines if product.pk not in covered]
        if missing:
            reserve_for_order(missing, store, order_id=order_id, ttl=until - now, actor=actor)
        return order_holds(order_id, states=[Reservation.State.ACTIVE])


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
