"""The notification outbox: queue an e-mail or SMS inside the caller's transaction.

One outbox, one sender and one retry job for the whole project: order tracking, stock alerts
and whatever comes next (WhatsApp, push) write here through `enqueue_notification()`.
"""

import logging
from datetime import timedelta
from email.mime.image import MIMEImage

import segno
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from outbox.models import Notification
from outbox.sms import send_sms

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Wait after the n-th failure before the beat task tries again: 1, 5, 15 minutes, then an hour.
BACKOFF_SECONDS = (60, 300, 900, 3600)


def enqueue_notification(
    *, channel: str, to: str, body: str, dedupe_key: str, subject: str = "", qr_code: str = ""
) -> Notification:
    """Record a notification in the current transaction; it is sent after commit.

    `qr_code` (e-mail only): a text drawn as a QR code inside the message, an inline PNG
    image (see `email_message`).

    Idempotent on `dedupe_key`: queuing the same key again returns the existing row and
    queues nothing new.
    """
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                channel=channel,
                to=to,
                subject=subject[:200],
                body=body,
                dedupe_key=dedupe_key,
                qr_code=qr_code[:200] if channel == Notification.Channel.EMAIL else "",
            )
    except IntegrityError:
        return Notification.objects.get(dedupe_key=dedupe_key)
    transaction.on_commit(lambda: _queue(notification.pk))
    return notification


def _queue(notification_id: int) -> None:
    from outbox.queue import enqueue
    from outbox.tasks import send_notification_task

    # Fails fast when the broker is down: the retry beat task sends it later.
    enqueue(send_notification_task, notification_id)


def send_notification(*, notification_id: int) -> Notification | None:
    """Send one pending notification and mark it. A sent (or failed) one is left alone.

    The row lock makes two workers that got the same id send it once.
    """
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != Notification.Status.PENDING:
            return notification
        notification.attempts += 1
        try:
            if notification.channel == Notification.Channel.SMS:
                send_sms(to=notification.to, body=notification.body)
            elif notification.qr_code:
                email_message(notification).send(fail_silently=False)
            else:
                send_mail(
                    notification.subject,
                    notification.body,
                    None,
                    [notification.to],
                    fail_silently=False,
                )
        except Exception as exc:
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            wait = BACKOFF_SECONDS[min(notification.attempts, len(BACKOFF_SECONDS)) - 1]
            notification.next_attempt_at = timezone.now() + timedelta(seconds=wait)
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
            logger.warning("Notification %s failed: %s", notification.pk, exc)
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
        notification.save(
            update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"]
        )
    return notification


QR_CONTENT_ID = "qr"


def qr_png(text: str) -> bytes:
    """The QR code of `text` as a PNG (segno), sized to be scanned from a phone's screen."""
    from io import BytesIO

    buffer = BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=2, dark="#2b2118")
    return buffer.getvalue()


def email_message(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of a notification that carries a QR code: the plain text, and an HTML
    alternative that shows the code as an inline PNG (multipart/related, Content-ID <qr>).
    PNG rather than SVG: most mail clients do not show SVG images."""
    message = EmailMultiAlternatives(
        notification.subject, notification.body, None, [notification.to]
    )
    message.mixed_subtype = "related"
    alt = escape(_("Código QR"))
    html = (
        f"{linebreaks(escape(notification.body))}"
        f'<p><img src="cid:{QR_CONTENT_ID}" alt="{alt}" width="200" height="200"></p>'
    )
    message.attach_alternative(f"<!doctype html><html><body>{html}</body></html>", "text/html")
    image = MIMEImage(qr_png(notification.qr_code), "png")
    image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
    image.add_header("Content-Disposition", "inline", filename="qr.png")
    message.attach(image)
    return message


def pending_notification_ids(*, older_than_seconds: int = 60, limit: int = 500) -> list[int]:
    """Pending notifications due for a try (for the retry job): young ones are left to their
    own on-commit task, failed ones wait for their backoff."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    return list(
        Notification.objects.filter(
            status=Notification.Status.PENDING, created_at__lte=cutoff, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
