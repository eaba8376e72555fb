"""Celery entry points of the chat: thin, they call chat.presence."""

from celery import shared_task


@shared_task
def sweep_presence_task() -> dict:
    """Beat, every minute: forget dead clerk sockets, route waiting conversations."""
    from chat.presence import sweep

    return sweep()
