"""The outbox's nightly reconciler (registered in OutboxConfig.ready() as "outbox").

Rows that should have moved on and did not:
- event deliveries still pending `RECONCILE_STUCK_MINUTES` after they were due (the sweep
  should have run them: is the beat running? is a handler waiting on an earlier failure?);
- dead deliveries (a handler failed `MAX_ATTEMPTS` times): reported every night until someone
  looks; `fix` gives each one more try now;
- notifications pending that long past their next attempt (same question: the beat), and
  notifications marked failed in the last `RECONCILE_FAILED_DAYS` days.
`fix` delivers the stuck deliveries and sends the stuck notifications right away.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import ngettext

from outbox import spine
from outbox.models import Delivery, Notification
from outbox.notifications import send_notification


def _stuck_minutes() -> int:
    return int(getattr(settings, "RECONCILE_STUCK_MINUTES", 60))


def _error(text: str) -> str:
    last = (text or "").strip().splitlines()[-1:] or [""]
    return last[0][:160]


def _delivery_lines(queryset, template, **extra) -> list[str]:
    """One line per handler: how many, the oldest event and its last error. `template(count)`
    gives the line's text in the singular or plural (ngettext)."""
    lines = []
    groups = (
        queryset.order_by()
        .values("handler")
        .annotate(count=Count("pk"), oldest=Min("event_id"))
        .order_by("handler")
    )
    for group in groups:
        oldest = (
            queryset.filter(handler=group["handler"], event_id=group["oldest"])
            .select_related("event")
            .first()
        )
        lines.append(
            template(group["count"])
            % {
                "count": group["count"],
                "handler": group["handler"],
                "event": oldest.event_id if oldest else group["oldest"],
                "name": oldest.event.name if oldest else "?",
                "attempts": oldest.attempts if oldest else 0,
                "error": _error(oldest.last_error) if oldest else "",
                **extra,
            }
        )
    return lines


def stuck_deliveries():
    cutoff = timezone.now() - timedelta(minutes=_stuck_minutes())
    return Delivery.objects.filter(status=Delivery.Status.PENDING, available_at__lte=cutoff)


def dead_deliveries():
    return Delivery.objects.filter(status=Delivery.Status.DEAD)


def stuck_notifications():
    cutoff = timezone.now() - timedelta(minutes=_stuck_minutes())
    return Notification.objects.filter(
        status=Notification.Status.PENDING, next_attempt_at__lte=cutoff
    )


def recent_failed_notifications():
    since = timezone.now() - timedelta(days=int(getattr(settings, "RECONCILE_FAILED_DAYS", 2)))
    return Notification.objects.filter(status=Notification.Status.FAILED, created_at__gte=since)


def reconcile_outbox(*, fix: bool = False) -> list[str]:
    minutes = _stuck_minutes()
    lines = _delivery_lines(
        stuck_deliveries(),
        lambda count: ngettext(
            "%(count)s entrega de «%(handler)s» pendiente hace más de %(minutes)s min "
            "(evento #%(event)s %(name)s, %(attempts)s intentos; "
            "último error: %(error)s). ¿Corre el beat (sweep_events_task)?",
            "%(count)s entregas de «%(handler)s» pendientes hace más de %(minutes)s min "
            "(la más antigua: evento #%(event)s %(name)s, %(attempts)s intentos; "
            "último error: %(error)s). ¿Corre el beat (sweep_events_task)?",
            count,
        ),
        minutes=minutes,
    )
    lines += _delivery_lines(
        dead_deliveries(),
        lambda count: ngettext(
            "%(count)s entrega de «%(handler)s» abandonada (evento "
            "#%(event)s %(name)s, %(attempts)s intentos; último error: %(error)s). Corregir el "
            "manejador y usar «Reintentar ahora» en Eventos y notificaciones › Entregas.",
            "%(count)s entregas de «%(handler)s» abandonadas (la más antigua: evento "
            "#%(event)s %(name)s, %(attempts)s intentos; último error: %(error)s). Corregir el "
            "manejador y usar «Reintentar ahora» en Eventos y notificaciones › Entregas.",
            count,
        ),
    )
    # Ids, not addresses: the report goes by e-mail and needs no customer's contact in it.
    stuck = list(stuck_notifications().values_list("pk", "channel", "attempts"))
    if stuck:
        first = stuck[0]
        lines.append(
            ngettext(
                "%(count)s notificación pendiente hace más de %(minutes)s min (#%(id)s "
                "por %(channel)s, %(attempts)s intentos). ¿Corre el beat "
                "(retry_pending_notifications_task)?",
                "%(count)s notificaciones pendientes hace más de %(minutes)s min (p. ej. #%(id)s "
                "por %(channel)s, %(attempts)s intentos). ¿Corre el beat "
                "(retry_pending_notifications_task)?",
                len(stuck),
            )
            % {
                "count": len(stuck),
                "minutes": minutes,
                "id": first[0],
                "channel": first[1],
                "attempts": first[2],
            }
        )
    failed = recent_failed_notifications()
    failed_count = failed.count()
    if failed_count:
        example = failed.order_by("-pk").first()
        lines.append(
            ngettext(
                "%(count)s notificación fallida en los últimos días (#%(id)s: "
                "%(error)s). Revisar el proveedor de correo o SMS.",
                "%(count)s notificaciones fallidas en los últimos días (p. ej. #%(id)s: "
                "%(error)s). Revisar el proveedor de correo o SMS.",
                failed_count,
            )
            % {
                "count": failed_count,
                "id": example.pk,
                "error": _error(example.last_error),
            }
        )
    if fix:
        lines += _fix(stuck_notification_ids=[row[0] for row in stuck])
    return lines


def _fix(*, stuck_notification_ids: list[int]) -> list[str]:
    done = []
    dead_ids = list(dead_deliveries().values_list("pk", flat=True))
    if dead_ids:
        # One more try each: a handler still broken fails again and is dead again at once.
        spine.retry(dead_ids)
    pairs = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, available_at__lte=timezone.now())
        .filter(pk__in=list(stuck_deliveries().values_list("pk", flat=True)) + dead_ids)
        .order_by()
        .values_list("handler", "key")
        .distinct()
    )
    delivered = sum(spine.drain(handler=hid, key=key) for hid, key in pairs)
    if pairs:
        done.append(
            ngettext(
                "Corrección: %(n)s entrega hecha ahora; "
                "las que siguen fallando quedan en el admin.",
                "Corrección: %(n)s entregas hechas ahora; "
                "las que siguen fallando quedan en el admin.",
                delivered,
            )
            % {"n": delivered}
        )
    sent = 0
    for notification_id in stuck_notification_ids:
        notification = send_notification(notification_id=notification_id)
        if notification is not None and notification.status == Notification.Status.SENT:
            sent += 1
    if stuck_notification_ids:
        done.append(
            ngettext(
                "Corrección: %(sent)s de %(total)s notificación enviada ahora.",
                "Corrección: %(sent)s de %(total)s notificaciones enviadas ahora.",
                len(stuck_notification_ids),
            )
            % {"sent": sent, "total": len(stuck_notification_ids)}
        )
    return done
