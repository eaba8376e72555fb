"""The stock's nightly reconciler (registered in InventoryConfig.ready() as "stock").

Two records must agree, per product and store:
- the balances (`StockItem.on_hand`, `reserved`) and the sums of the append-only ledger
  (`StockMovement`): the ledger is the record, so `fix` sets the balance back to it;
- the units held (`StockItem.reserved`) and the reservations still active: a difference here
  has no safe automatic fix (which hold is the wrong one?), so it is only reported.
Nothing is written through the stock services' back door except that correction, under the
row lock the services themselves take.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from inventory.alerts import band, publish_band_changed
from inventory.models import Reservation, StockItem, StockMovement

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LedgerDifference:
    store_id: int
    product_id: int
    label: str
    on_hand: int | None  # None: no StockItem row
    reserved: int | None
    ledger_on_hand: int
    ledger_reserved: int

    def describe(self) -> str:
        if self.on_hand is None:
            return _(
                "%(label)s: hay movimientos en el kardex (en tienda %(l_on)s, separado "
                "%(l_res)s) pero no fila de stock; revisar a mano."
            ) % {"label": self.label, "l_on": self.ledger_on_hand, "l_res": self.ledger_reserved}
        return _(
            "%(label)s: en tienda %(on)s / kardex %(l_on)s, separado %(res)s / kardex %(l_res)s."
        ) % {
            "label": self.label,
            "on": self.on_hand,
            "l_on": self.ledger_on_hand,
            "res": self.reserved,
            "l_res": self.ledger_reserved,
        }


def _label(store_name: str, title: str, product_id: int) -> str:
    return f"{store_name} · {title} (producto {product_id})"


def ledger_differences() -> tuple[list[LedgerDifference], int]:
    """Every StockItem whose figures differ from its ledger's sums (and ledger sums with no
    StockItem), and how many rows were checked. Two aggregate queries, then one pass."""
    sums = {
        (row["store_id"], row["product_id"]): (row["on_hand"] or 0, row["reserved"] or 0)
        for row in StockMovement.objects.order_by()
        .values("store_id", "product_id")
        .annotate(on_hand=Sum("on_hand_delta"), reserved=Sum("reserved_delta"))
    }
    differences = []
    checked = 0
    rows = (
        StockItem.objects.order_by("store_id", "product_id")
        .values_list(
            "store_id", "product_id", "on_hand", "reserved", "store__name", "product__title"
        )
        .iterator(chunk_size=2000)
    )
    for store_id, product_id, on_hand, reserved, store_name, title in rows:
        checked += 1
        expected = sums.pop((store_id, product_id), (0, 0))
        if expected != (on_hand, reserved):
            differences.append(
                LedgerDifference(
                    store_id=store_id,
                    product_id=product_id,
                    label=_label(store_name, title, product_id),
                    on_hand=on_hand,
                    reserved=reserved,
                    ledger_on_hand=expected[0],
                    ledger_reserved=expected[1],
                )
            )
    for (store_id, product_id), (on_hand, reserved) in sorted(sums.items()):
        if on_hand or reserved:
            differences.append(
                LedgerDifference(
                    store_id=store_id,
                    product_id=product_id,
                    label=f"tienda {store_id} · producto {product_id}",
                    on_hand=None,
                    reserved=None,
                    ledger_on_hand=on_hand,
                    ledger_reserved=reserved,
                )
            )
    return differences, checked


def hold_differences() -> list[str]:
    """StockItems whose `reserved` differs from the quantity of their active reservations."""
    held = {
        (row["store_id"], row["product_id"]): row["held"] or 0
        for row in Reservation.objects.filter(state=Reservation.State.ACTIVE)
        .order_by()
        .values("store_id", "product_id")
        .annotate(held=Sum("quantity"))
    }
    lines = []
    rows = (
        StockItem.objects.order_by("store_id", "product_id")
        .values_list("store_id", "product_id", "reserved", "store__name", "product__title")
        .iterator(chunk_size=2000)
    )
    for store_id, product_id, reserved, store_name, title in rows:
        holds = held.pop((store_id, product_id), 0)
        if holds != reserved:
            lines.append(
                _(
                    "%(label)s: separado %(res)s, pero las reservas activas suman %(held)s; "
                    "revisar las reservas en el admin (no se corrige solo)."
                )
                % {"label": _label(store_name, title, product_id), "res": reserved, "held": holds}
            )
    for (store_id, product_id), holds in sorted(held.items()):
        lines.append(
            _(
                "tienda %(store)s · producto %(product)s: %(held)s unidades en reservas activas "
                "sin fila de stock; revisar a mano."
            )
            % {"store": store_id, "product": product_id, "held": holds}
        )
    return lines


def _fix_balance(difference: LedgerDifference) -> str:
    """Set one StockItem back to its ledger's sums, under its row lock; re-check there, since
    a sale may have moved both the row and the ledger since the report was made."""
    with transaction.atomic():
        item = (
            StockItem.objects.select_for_update()
            .filter(store_id=difference.store_id, product_id=difference.product_id)
            .first()
        )
        if item is None:
            return _("no corregido: ya no hay fila de stock")
        sums = StockMovement.objects.filter(
            store_id=difference.store_id, product_id=difference.product_id
        ).aggregate(on_hand=Sum("on_hand_delta"), reserved=Sum("reserved_delta"))
        on_hand, reserved = sums["on_hand"] or 0, sums["reserved"] or 0
        if (item.on_hand, item.reserved) == (on_hand, reserved):
            return _("ya cuadraba al corregir")
        if not 0 <= reserved <= on_hand:
            return _(
                "no corregido: el kardex daría en tienda %(on)s y separado %(res)s, cifras "
                "imposibles; revisar los movimientos a mano"
            ) % {"on": on_hand, "res": reserved}
        StockItem.objects.filter(pk=item.pk).update(on_hand=on_hand, reserved=reserved)
        if band(on_hand - reserved, item.reorder_point) != band(item.available, item.reorder_point):
            publish_band_changed(store=item.store, product_ids=[item.product_id])
    logger.warning(
        "Stock of product %s at store %s set back to its ledger: "
        "on_hand %s -> %s, reserved %s -> %s",
        difference.product_id,
        difference.store_id,
        item.on_hand,
        on_hand,
        item.reserved,
        reserved,
    )
    return _("corregido según el kardex")


def reconcile_stock(*, fix: bool = False) -> list[str]:
    """The registry's entry point: ledger vs balances, then balances vs active holds."""
    differences, _checked = ledger_differences()
    lines = []
    for difference in differences:
        line = difference.describe()
        if fix and difference.on_hand is not None:
            line = f"{line} {_fix_balance(difference).capitalize()}."
        lines.append(line)
    # After a fix the balances follow the ledger: compare the holds with the corrected figures.
    lines.extend(hold_differences())
    return lines
