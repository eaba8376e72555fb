"""The outbox's tables: domain events with one delivery row per handler, and the messages to
people (e-mail, SMS).

Both are written in the same transaction as the change that causes them and acted on after
commit, so nothing is lost when Redis or the worker is down (a beat sweep picks up what the
after-commit hand-off missed) and nothing happens twice (a delivery is marked done in the
same transaction as the handler's effects; a notification's `dedupe_key` is unique).
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """A fact that happened ("order.paid"), with the plain values its handlers need.

    Append-only. `key` names the aggregate ("order:42"): events of one key reach each handler
    in the order of their ids."""

    name = models.CharField(_("hecho"), max_length=60)
    key = models.CharField(_("clave del agregado"), max_length=120)
    payload = models.JSONField(_("datos"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("publicado"), default=timezone.now)

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventos")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["name", "-created_at"], name="outbox_event_name")]

    def __str__(self):
        return f"{self.name} #{self.pk} ({self.key})"


class Delivery(models.Model):
    """One event handed to one handler. Created with the event; done once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        DONE = "done", _("Hecha")
        DEAD = "dead", _("Abandonada")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    handler = models.CharField(_("manejador"), max_length=200)
    # Copied from the event so the "oldest pending of this aggregate" query needs no join.
    key = models.CharField(_("clave del agregado"), max_length=120)
    status = models.CharField(
        _("estado"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    last_error = models.TextField(_("último error"), blank=True)
    available_at = models.DateTimeField(_("próximo intento"), default=timezone.now)
    created_at = models.DateTimeField(_("creada"), default=timezone.now)
    done_at = models.DateTimeField(_("hecha"), null=True, blank=True)

    class Meta:
        verbose_name = _("entrega de evento")
        verbose_name_plural = _("entregas de eventos")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "handler"], name="outbox_delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["handler", "key", "event"],
                condition=models.Q(status="pending"),
                name="outbox_delivery_pending",
            ),
            models.Index(
                fields=["available_at"],
                condition=models.Q(status="pending"),
                name="outbox_delivery_due",
            ),
        ]

    def __str__(self):
        return f"{self.handler} ← {self.event_id}"


class Notification(models.Model):
    """One e-mail or SMS to send.

    Written in the same transaction as the change that causes it (a stock arrival, an order
    status...), then sent by a Celery task after commit. Nothing is lost when Redis or the
    worker is down: a beat task retries whatever is still pending, each failure waiting longer
    (`next_attempt_at`). `dedupe_key` is unique, so
    the same notice can never be queued twice, and a sent row is never sent again.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Correo")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        SENT = "sent", _("Enviada")
        FAILED = "failed", _("Fallida")

    channel = models.CharField(_("canal"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("para"), max_length=254)
    subject = models.CharField(_("asunto"), max_length=200, blank=True)
    body = models.TextField(_("mensaje"))
    # An e-mail may carry one QR code (e.g. the pickup code), drawn as an inline PNG image.
    qr_code = models.CharField(_("código QR"), max_length=200, blank=True)
    dedupe_key = models.CharField(_("clave única"), max_length=200, unique=True)
    status = models.CharField(
        _("estado"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    last_error = models.TextField(_("último error"), blank=True)
    next_attempt_at = models.DateTimeField(_("próximo intento"), default=timezone.now)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    sent_at = models.DateTimeField(_("enviada"), null=True, blank=True)

    class Meta:
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_notification_pending",
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.to}: {self.subject or self.body[:40]}"
