"""Run every registered reconciler (core.reconcile) and tell the admins when one differs.

The apps register theirs in AppConfig.ready(): "stock" (inventory), "outbox" (outbox); the
payments one ("pagos", orders) and the points one (loyalty) register the same way. Used by
`manage.py reconcile` and by the nightly beat task `config.tasks.reconcile_task`.
"""

from __future__ import annotations

from django.core.mail import mail_admins
from django.utils import timezone
from django.utils.translation import ngettext

from core.reconcile import Result, format_report, run_all


def reconcile_and_report(
    *, fix: bool = False, only: list[str] | None = None, mail: bool = True
) -> list[Result]:
    """Run the reconcilers; mail the admins the report only when something differs or failed."""
    results = run_all(fix=fix, only=only)
    if mail and any(not result.ok for result in results):
        counts = sum(len(result.differences) for result in results)
        failed = [result.name for result in results if result.error]
        subject = ngettext(
            "Conciliación %(day)s: %(count)s diferencia",
            "Conciliación %(day)s: %(count)s diferencias",
            counts,
        ) % {"day": f"{timezone.localdate():%Y-%m-%d}", "count": counts}
        if failed:
            subject += f", falló {', '.join(failed)}"
        if fix:
            subject += " (con corrección)"
        mail_admins(subject, format_report(results), fail_silently=False)
    return results
