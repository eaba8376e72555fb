"""Celery entry points of the inventory: thin, they call inventory.stock."""

from celery import shared_task


@shared_task
def release_expired_reservations_task() -> int:
    """Beat, every minute: give back the stock of reservations past their expiry."""
    from inventory.stock import release_expired_reservations

    return release_expired_reservations()
