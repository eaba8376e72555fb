"""Celery entry points of Club Pepito: thin, they call loyalty.nightly."""

from celery import shared_task


@shared_task
def expire_points_task() -> int:
    """Beat, nightly: expire the lots past their date, then warn about the next ones."""
    from loyalty.nightly import expire_points, warn_expiring

    expired = expire_points()
    warn_expiring()
    return expired


@shared_task
def recalculate_tiers_task() -> int:
    """Beat, nightly: every account's 12-month spend and tier from the ledger."""
    from loyalty.nightly import recalculate_tiers

    return recalculate_tiers()


@shared_task
def birthday_bonuses_task() -> int:
    """Beat, every morning: the birthday bonus, once a year per member."""
    from loyalty.nightly import birthday_bonuses

    return birthday_bonuses()
