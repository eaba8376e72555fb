"""Celery entry points of the orders app: thin, they call the orders services."""

from celery import shared_task


@shared_task
def annul_expired_orders_task() -> int:
    """Beat: annul card orders never paid in time and pickup orders nobody came for.

    Asks Stripe first, so a payment that succeeded just before the deadline is honoured
    rather than refunded."""
    from django.conf import settings

    from orders.status import annul_expired_orders

    if settings.STRIPE_ENABLED:
        from orders.payments import reconcile_payments

        reconcile_payments(fix=True, paid=False)
    return annul_expired_orders()


@shared_task
def reconcile_payments_task() -> int:
    """Beat, every 5 minutes: settle the unpaid card orders whose payment succeeded but whose
    webhook never came. Returns how many it settled."""
    from orders.payments import reconcile_payments

    return len(reconcile_payments(fix=True, paid=False))
