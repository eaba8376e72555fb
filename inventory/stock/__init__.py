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

The package's modules follow the sections of the old single module: `batch` (the locked rows of
one call and its ledger lines), `reservations` (holds for carts and orders, expiry), `movements`
(stock in and out: receipts, returns, adjustments, sales, counts) and `transfers`. Callers use
the package: `from inventory import stock; stock.reserve(...)`.
"""

from inventory.stock.batch import order_owner
from inventory.stock.movements import (
    adjust,
    count,
    receive,
    receive_many,
    record_sale,
    restock_return,
)
from inventory.stock.reservations import (
    consume,
    consume_order_holds,
    extend_order_holds,
    order_holds,
    release,
    release_expired_reservations,
    release_order_holds,
    reserve,
    reserve_for_order,
)
from inventory.stock.transfers import (
    cancel_transfer,
    receive_transfer,
    request_transfer,
    send_transfer,
    transfer,
)

__all__ = [
    "adjust",
    "cancel_transfer",
    "consume",
    "consume_order_holds",
    "count",
    "extend_order_holds",
    "order_holds",
    "order_owner",
    "receive",
    "receive_many",
    "receive_transfer",
    "record_sale",
    "release",
    "release_expired_reservations",
    "release_order_holds",
    "request_transfer",
    "reserve",
    "reserve_for_order",
    "restock_return",
    "send_transfer",
    "transfer",
]
