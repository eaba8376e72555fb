"""Celery entry points of the outbox: thin, they call the spine and the sender."""

from celery import shared_task


@shared_task(acks_late=True)
def deliver_event_task(event_id: int) -> int:
    from outbox.spine import deliver_event

    return deliver_event(event_id)


@shared_task
def sweep_events_task() -> int:
    """Beat: hand on the events whose after-commit hand-off was lost, and due retries."""
    from outbox.spine import sweep

    return sweep()


@shared_task(acks_late=True)
def send_notification_task(notification_id: int) -> None:
    from outbox.notifications import send_notification

    send_notification(notification_id=notification_id)


@shared_task
def retry_pending_notifications_task() -> int:
    """Beat: send what is still pending (the worker or Redis was down, the provider failed)."""
    from outbox.notifications import pending_notification_ids, send_notification

    ids = pending_notification_ids()
    for notification_id in ids:
        send_notification(notification_id=notification_id)
    return len(ids)
