"""`python manage.py reconcile_loyalty`: does every cached balance equal its ledger?

Prints every account whose points (or what its lots hold) or store credit differs from the sum
of its movements, and exits with status 1 if any. The nightly `manage.py reconcile` runs the
same comparison ("puntos") and mails the admins."""

import time

from django.core.management.base import BaseCommand

from loyalty.reconcile import differences


class Command(BaseCommand):
    help = (
        "Verifica que el saldo de puntos y de saldo a favor de cada cuenta sea la suma de su libro."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        found, checked = differences()
        seconds = time.perf_counter() - started
        if found:
            for difference in found:
                self.stderr.write(difference.describe())
            self.stderr.write(
                f"{len(found)} diferencias entre saldos y libro ({checked} cuentas revisadas)."
            )
            raise SystemExit(1)
        self.stdout.write(
            f"OK: {checked} cuentas de puntos cuadran con su libro ({seconds:.2f} s)."
        )
