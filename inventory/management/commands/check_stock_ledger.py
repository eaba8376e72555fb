"""`python manage.py check_stock_ledger`: do the stock figures equal the sums of the ledger?

Prints every StockItem whose on_hand or reserved differs from the sum of its movements (and
movements of a store and product that has no StockItem), and exits with status 1 if any.
The nightly `manage.py reconcile` runs the same comparison (inventory.reconcile) and can fix it.
"""

from django.core.management.base import BaseCommand

from inventory.reconcile import ledger_differences


class Command(BaseCommand):
    help = "Verifica que el stock de cada tienda sea igual a la suma de su kardex (movimientos)."

    def handle(self, *args, **options):
        differences, checked = ledger_differences()
        if differences:
            for difference in differences:
                self.stderr.write(difference.describe())
            self.stderr.write(
                f"{len(differences)} diferencias entre el stock y el kardex "
                f"({checked} filas revisadas)."
            )
            raise SystemExit(1)
        self.stdout.write(f"OK: {checked} filas de stock cuadran con el kardex.")
