"""Transfers between stores: requested, sent, received."""

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.exceptions import (
    InvalidTransferState,
    SameStoreTransfer,
)
from inventory.models import Store, Transfer
from inventory.stock.batch import Kind, _Batch, _check_store, _quantity

# Transfers
# ------------------------------------------------------------------------------


def request_transfer(
    from_store: Store, to_store: Store, product, qty: int, actor=None, *, note: str = ""
) -> Transfer:
    """`to_store` asks `from_store` for copies. Nothing moves until it is sent."""
    with transaction.atomic():
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


def send_transfer(transfer: Transfer, actor=None) -> Transfer:
    """The copies leave `from_store` (a transfer_out movement). Needs free stock there."""
    with transaction.atomic():
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


def receive_transfer(transfer: Transfer, actor=None) -> Transfer:
    """The copies arrive at `to_store` (a transfer_in movement). Notifies back-in-stock."""
    with transaction.atomic():
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


def transfer(
    from_store: Store, to_store: Store, product, qty: int, actor=None, *, note: str = ""
) -> Transfer:
    """Request, send and receive in one go (e.g. the warehouse restocking a store by van)."""
    with transaction.atomic():
        moved = request_transfer(from_store, to_store, product, qty, actor, note=note)
        moved = send_transfer(moved, actor)
        return receive_transfer(moved, actor)
