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

        reconcile_payments()
    return annul_expired_orders()


@shared_task
def reconcile_payments_task() -> int:
    """Beat: compare our card payments with Stripe's (orders.payments.reconcile_payments):
    settle the orders whose payment succeeded but whose webhook never came, record refunds
    made at Stripe, report the rest to the admins. Returns how many differences it found."""
    from orders.payments import reconcile_payments

    return len(reconcile_payments(fix=True))
