import pytest
from django.core import mail
from django.utils import timezone

from outbox import sms
from outbox.models import Notification
from outbox.notifications import enqueue_notification, send_notification
from outbox.tasks import retry_pending_notifications_task

pytestmark = pytest.mark.django_db


def test_a_notification_is_sent_after_commit_and_marked(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = enqueue_notification(
            channel="email", to="ana@example.pe", subject="Hola", body="Ya llegó", dedupe_key="k1"
        )
        assert mail.outbox == []  # nothing leaves before the commit

    notification.refresh_from_db()
    assert notification.status == "sent" and notification.sent_at and notification.attempts == 1
    assert [m.to for m in mail.outbox] == [["ana@example.pe"]]


def test_the_same_dedupe_key_is_queued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue_notification(channel="sms", to="+51987654321", body="a", dedupe_key="k")
        second = enqueue_notification(channel="sms", to="+51987654321", body="b", dedupe_key="k")

    assert first.pk == second.pk
    assert [message.body for message in sms.outbox] == ["a"]


def test_a_sent_notification_is_never_sent_again():
    notification = Notification.objects.create(
        channel="email", to="ana@example.pe", body="x", dedupe_key="k"
    )

    send_notification(notification_id=notification.pk)
    send_notification(notification_id=notification.pk)

    assert len(mail.outbox) == 1


def test_a_failure_stays_pending_and_the_beat_task_retries_it(settings):
    settings.EMAIL_BACKEND = "tests.inventory.test_notifications.BrokenBackend"
    notification = Notification.objects.create(
        channel="email", to="ana@example.pe", body="x", dedupe_key="k"
    )
    send_notification(notification_id=notification.pk)
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("pending", 1)
    assert "SMTP caído" in notification.last_error
    # It waits a minute before the next try (then 5, 15, 60).
    assert notification.next_attempt_at > timezone.now() + timezone.timedelta(seconds=50)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    assert retry_pending_notifications_task() == 0  # not due yet
    Notification.objects.update(next_attempt_at=timezone.now())
    assert retry_pending_notifications_task() == 1

    notification.refresh_from_db()
    assert notification.status == "sent" and notification.last_error == ""
    assert len(mail.outbox) == 1


def test_after_five_failures_it_is_marked_failed(settings):
    settings.EMAIL_BACKEND = "tests.inventory.test_notifications.BrokenBackend"
    notification = Notification.objects.create(
        channel="email", to="ana@example.pe", body="x", dedupe_key="k"
    )
    for _ in range(6):
        send_notification(notification_id=notification.pk)

    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("failed", 5)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP caído")
