"""Transfers between stores: requested, sent, received; or cancelled before they arrive."""

from django.db import transaction
from django.utils.translation import gettext as _

from inventory.exceptions import (
    InvalidTransferState,
    OutOfStock,
    SameStoreTransfer,
    TransferExceedsStock,
    TransferNotCancellable,
)
from inventory.models import Store, Transfer
from inventory.stock.batch import Kind, _Batch, _check_store, _quantity

# Transfers
# ------------------------------------------------------------------------------


def request_transfer(
    from_store: Store, to_store: Store, product, qty: int, actor=None, *, note: str = ""
) -> Transfer:
    """`to_store` asks `from_store` for copies. Nothing moves until it is sent.

    Refused (TransferExceedsStock) when the sender has fewer free copies than asked, read
    under the lock of its stock row: a request nobody could send would wait forever.
    """
    with transaction.atomic():
        qty = _quantity(qty)
        if from_store.pk == to_store.pk:
            raise SameStoreTransfer()
        _check_store(from_store)
        _check_store(to_store)
        batch = _Batch(from_store, [product.pk], create=False, actor=actor, expire=False)
        try:
            batch.check_available({product.pk: qty}, {product.pk: product})
        except OutOfStock as short:
            raise TransferExceedsStock(product, from_store, short.available, qty) from None
        if batch.movements:
            batch.save()  # expired holds freed on the way: their release lines are kept
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


def cancel_transfer(transfer: Transfer, actor=None, *, reason: str = "") -> Transfer:
    """Annul a transfer that has not arrived. A request just closes (nothing had moved); a
    sent one gives its copies back to `from_store` (a transfer_back movement). The caller
    checks which store may do it (Transfer.can_be_cancelled_by)."""
    with transaction.atomic():
        # The sender's stock row first, then the transfer: the order every service follows.
        batch = _Batch(
            transfer.from_store, [transfer.product_id], create=False, actor=actor, expire=False
        )
        current = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if current.state not in (Transfer.State.REQUESTED, Transfer.State.SENT):
            raise TransferNotCancellable(current)
        if current.state == Transfer.State.SENT:
            item = batch.items[current.product_id]
            item.on_hand += current.quantity
            batch.move(
                item,
                Kind.TRANSFER_BACK,
                on_hand=current.quantity,
                reference=("transfer", current.pk),
                reason=(
                    _("Anulada; las copias vuelven de camino a %(store)s")
                    % {"store": current.to_store}
                    + (f": {reason}" if reason else "")
                ),
            )
            batch.save()
        current.state = Transfer.State.CANCELLED
        current.cancelled_by = actor
        current.cancelled_at = batch.now
        current.save(update_fields=["state", "cancelled_by", "cancelled_at"])
        return current


def transfer(
    from_store: Store, to_store: Store, product, qty: int, actor=None, *, note: str = ""
) -> Transfer:
    """Request, send and receive in one go (e.g. the warehouse restocking a store by van)."""
    with transaction.atomic():
        moved = request_transfer(from_store, to_store, product, qty, actor, note=note)
        moved = send_transfer(moved, actor)
        return receive_transfer(moved, actor)
