"""Celery entry points of crm: the Libro de Reclamaciones' reminders."""

from celery import shared_task


@shared_task
def complaint_reminders_task() -> int:
    """Beat (hourly): remind the staff before the legal term, flag the overdue sheets."""
    from crm.complaints import send_reminders

    return send_reminders()
