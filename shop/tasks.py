"""Celery entry points of the shop."""

from celery import shared_task


@shared_task
def rebuild_recommendations_task() -> int:
    """Beat (nightly): every product page's lists again (best sellers move, books come and
    go); the number of lists rewritten."""
    from shop.recommendations import rebuild

    return rebuild()
