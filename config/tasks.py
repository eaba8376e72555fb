"""Celery entry points of the composition root: the nightly reconciliation."""

from celery import shared_task


@shared_task
def reconcile_task(fix: bool = False) -> int:
    """Beat (night, America/Lima): every reconciler; the admins get a mail only on differences.
    Returns how many differences were found."""
    from config.reconcile import reconcile_and_report

    results = reconcile_and_report(fix=fix)
    return sum(len(result.differences) for result in results)
