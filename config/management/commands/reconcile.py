"""`python manage.py reconcile [--fix] [--only stock,outbox] [--mail]`

Runs every registered reconciler (the stock ledger against the balances and holds, the outbox's
stuck rows, payments against Stripe...) and prints what differs. `--fix` corrects what can be
corrected safely and then checks again; the exit status is 1 when differences remain (or a
reconciler failed), so a cron line can alert on it. `--mail` sends the report to ADMINS when
something differs, as the nightly beat task does.
"""

from django.core.management.base import BaseCommand, CommandError

from config.reconcile import reconcile_and_report
from core.reconcile import format_report, registered


class Command(BaseCommand):
    help = (
        "Concilia el stock, el outbox y los pagos: muestra las diferencias y, con --fix, "
        "corrige las que se pueden corregir."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Corregir lo que se pueda.")
        parser.add_argument(
            "--only", default="", help="Solo estos conciliadores, separados por comas."
        )
        parser.add_argument(
            "--mail", action="store_true", help="Enviar el reporte a ADMINS si hay diferencias."
        )

    def handle(self, *args, fix=False, only="", mail=False, **options):
        names = [name.strip() for name in only.split(",") if name.strip()] or None
        if names:
            unknown = sorted(set(names) - set(registered()))
            if unknown:
                raise CommandError(
                    f"No hay conciliador {', '.join(unknown)}. "
                    f"Los registrados: {', '.join(sorted(registered()))}."
                )
        results = reconcile_and_report(fix=fix, only=names, mail=mail)
        report = format_report(results)
        if fix and any(not result.ok for result in results):
            self.stdout.write(report)
            # What is left after the corrections decides the exit status.
            results = reconcile_and_report(fix=False, only=names, mail=False)
            report = "Después de corregir:\n" + format_report(results)
        if all(result.ok for result in results):
            self.stdout.write(report or "Sin conciliadores registrados.")
            return
        self.stderr.write(report)
        raise SystemExit(1)
