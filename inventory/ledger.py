"""The stock ledger as a clerk reads it: what each movement was for, in Spanish, with a link.

A movement stores its cause as a machine key (`reference_type`, `reference_id`: a reservation,
a transfer, a count) and, for a reservation, a reason that may be the holder's key ("order:37",
"cart:12") or an order number. This module turns them into labels such as «Pedido
LP-2026-000037» or «Transferencia #5 desde Arequipa», each with the page it points to.

Orders sit above inventory, so inventory cannot read them: `orders` registers an order-link
resolver in its AppConfig.ready() (`register_order_links`), the same inversion as the event
spine. Without one an order is named by its id. Every page makes the same number of queries
whatever the rows: one for the reservations, one for the transfers, one for the orders.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from inventory.models import Reservation, StockMovement, Store, Transfer

# {order id: (order number, staff URL)} for the ids asked (one query).
OrderLinks = Callable[[set[int]], dict[int, tuple[str, str]]]
_order_links: OrderLinks | None = None

# A holder's key left as a reason by older code ("order:37", "cart:12"): never shown as such.
MACHINE_REASON = re.compile(r"^(order|cart):\d+$")


def register_order_links(resolver: OrderLinks) -> None:
    """Called by the orders app: how to name and link an order from its id."""
    global _order_links
    _order_links = resolver


@dataclass(frozen=True)
class LedgerRow:
    movement: StockMovement
    label: str  # what caused it, e.g. "Pedido LP-2026-000037"; "" when nothing did
    url: str  # where that is shown; "" when there is no page for it
    reason: str  # the human reason, without what the label already says


def ledger_rows(movements: Iterable[StockMovement], *, store: Store) -> list[LedgerRow]:
    """Readable rows for `movements` of `store` (the staff product history)."""
    movements = list(movements)
    reservation_ids = _ids(movements, "reservation")
    transfer_ids = _ids(movements, "transfer")
    reservations = (
        {
            row["pk"]: row
            for row in Reservation.objects.filter(pk__in=reservation_ids).values(
                "pk", "owner", "order_id", "cart_id"
            )
        }
        if reservation_ids
        else {}
    )
    transfers = (
        Transfer.objects.select_related("from_store", "to_store").in_bulk(transfer_ids)
        if transfer_ids
        else {}
    )
    order_ids = {row["order_id"] for row in reservations.values() if row["order_id"]}
    order_ids |= {
        int(value)
        for row in reservations.values()
        if not row["order_id"]
        for kind, _sep, value in [row["owner"].partition(":")]
        if kind == "order" and value.isdigit()
    }
    orders = _order_links(order_ids) if order_ids and _order_links else {}
    transfers_url = reverse("staff:transfers") + "?" + urlencode({"tienda": store.slug})

    rows = []
    for movement in movements:
        label, url, hidden = _describe(
            movement,
            reservations=reservations,
            transfers=transfers,
            orders=orders,
            transfers_url=transfers_url,
            store=store,
        )
        reason = movement.reason
        if MACHINE_REASON.match(reason) or reason in hidden:
            reason = ""
        rows.append(LedgerRow(movement=movement, label=label, url=url, reason=reason))
    return rows


def _ids(movements: list[StockMovement], kind: str) -> list[int]:
    return sorted(
        {
            int(movement.reference_id)
            for movement in movements
            if movement.reference_type == kind and movement.reference_id.isdigit()
        }
    )


def _describe(movement, *, reservations, transfers, orders, transfers_url, store):
    """(label, url, reasons the label already says) for one movement."""
    kind, ref = movement.reference_type, movement.reference_id
    if kind == "reservation" and ref.isdigit() and int(ref) in reservations:
        return _describe_holder(reservations[int(ref)], orders)
    if kind == "transfer" and ref.isdigit() and int(ref) in transfers:
        transfer = transfers[int(ref)]
        if transfer.to_store_id == store.pk:
            label = _("Transferencia #%(id)s desde %(store)s") % {
                "id": transfer.pk,
                "store": transfer.from_store.short_name,
            }
        else:
            label = _("Transferencia #%(id)s a %(store)s") % {
                "id": transfer.pk,
                "store": transfer.to_store.short_name,
            }
        hidden = {
            _("A %(store)s") % {"store": transfer.to_store},
            _("Desde %(store)s") % {"store": transfer.from_store},
        }
        return label, f"{transfers_url}#transfer-{transfer.pk}", hidden
    if kind == "count":
        return _("Conteo de stock"), "", set()
    if kind == "seed":
        return _("Carga inicial"), "", set()
    if kind == "order" and ref.isdigit():
        return _describe_order(int(ref), orders)
    return "", "", set()


def _describe_holder(reservation: dict, orders) -> tuple[str, str, set]:
    owner = reservation["owner"]
    kind, _sep, value = owner.partition(":")
    order_id = reservation["order_id"] or (int(value) if kind == "order" and value.isdigit() else 0)
    if order_id:
        return _describe_order(order_id, orders)
    if kind == "cart":
        return _("Carrito web (separado al pagar)"), "", {owner}
    return owner, "", {owner}


def _describe_order(order_id: int, orders) -> tuple[str, str, set]:
    number, url = orders.get(order_id, ("", ""))
    if number:
        return _("Pedido %(number)s") % {"number": number}, url, {number, f"order:{order_id}"}
    return _("Pedido n.º %(id)s") % {"id": order_id}, "", {f"order:{order_id}"}
