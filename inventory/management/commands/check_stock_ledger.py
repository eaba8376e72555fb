"""`python manage.py check_stock_ledger`: do the stock figures equal the sums of the ledger?

Prints every StockItem whose on_hand or reserved differs from the sum of its movements (and
movements of a store and product that has no StockItem), and exits with status 1 if any.
"""

from django.core.management.base import BaseCommand
from django.db.models import Sum

from inventory.models import StockItem, StockMovement


class Command(BaseCommand):
    help = "Verifica que el stock de cada tienda sea igual a la suma de su kardex (movimientos)."

    def handle(self, *args, **options):
        sums = {
            (row["store_id"], row["product_id"]): (row["on_hand"] or 0, row["reserved"] or 0)
            for row in StockMovement.objects.order_by()
            .values("store_id", "product_id")
            .annotate(on_hand=Sum("on_hand_delta"), reserved=Sum("reserved_delta"))
        }
        differences = []
        checked = 0
        for item in (
            StockItem.objects.select_related("store", "product")
            .order_by("store_id", "product_id")
            .iterator(chunk_size=2000)
        ):
            checked += 1
            expected = sums.pop((item.store_id, item.product_id), (0, 0))
            if expected != (item.on_hand, item.reserved):
                differences.append(
                    f"{item.store.name} · {item.product.title} (producto {item.product_id}): "
                    f"en tienda {item.on_hand} / kardex {expected[0]}, "
                    f"separado {item.reserved} / kardex {expected[1]}"
                )
        for (store_id, product_id), (on_hand, reserved) in sums.items():
            if on_hand or reserved:
                differences.append(
                    f"tienda {store_id} · producto {product_id}: sin fila de stock, "
                    f"kardex en tienda {on_hand}, separado {reserved}"
                )
        if differences:
            for line in differences:
                self.stderr.write(line)
            self.stderr.write(
                f"{len(differences)} diferencias entre el stock y el kardex "
                f"({checked} filas revisadas)."
            )
            raise SystemExit(1)
        self.stdout.write(f"OK: {checked} filas de stock cuadran con el kardex.")
