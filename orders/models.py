"""The orders app. So far it holds the notification outbox, shared with inventory's alerts;
cart, checkout and orders arrive with their issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One e-mail or SMS to send: the outbox.

    Written in the same transaction as the change that causes it (a stock arrival, an order
    status...), then sent by a Celery task after commit. Nothing is lost when Redis or the
    worker is down: a beat task retries whatever is still pending. `dedupe_key` is unique, so
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
    dedupe_key = models.CharField(_("clave única"), max_length=200, unique=True)
    status = models.CharField(
        _("estado"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    last_error = models.TextField(_("último error"), blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    sent_at = models.DateTimeField(_("enviada"), null=True, blank=True)

    class Meta:
        verbose_name = _("notificación")
        verbose_name_plural = _("notificaciones")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="orders_notification_pending",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.to}: {self.subject or self.body[:40]}"
