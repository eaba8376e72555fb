"""Live chat: conversations between a customer and a bookseller, and their messages.

Writes go through the chat services (access, assignment, messaging, selling, followups,
presence); the consumers and the inbox views only call those.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 2000


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Conversation(models.Model):
    class State(models.TextChoices):
        WAITING = "waiting", _("En espera")
        ACTIVE = "active", _("En curso")
        CLOSED = "closed", _("Cerrada")

    customer = models.ForeignKey(
        "crm.Customer",
        verbose_name=_("cliente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    # The browser's key to this conversation, kept in its session (anonymous visitors).
    visitor_token = models.CharField(max_length=64, unique=True, default=new_token)
    display_name = models.CharField(_("nombre"), max_length=80)
    store = models.ForeignKey(
        "inventory.Store",
        verbose_name=_("tienda"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    assigned_clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("librero"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chat_conversations",
    )
    state = models.CharField(
        _("estado"), max_length=8, choices=State.choices, default=State.WAITING
    )
    helper_enabled = models.BooleanField(_("asistente automático activo"), default=False)
    # The cart the clerk fills for a visitor without an account (see chat.selling.chat_cart).
    cart = models.ForeignKey(
        "orders.Cart", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(
        _("calificación"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.CharField(_("comentario"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    assigned_at = models.DateTimeField(_("atendida desde"), null=True, blank=True)
    closed_at = models.DateTimeField(_("cerrada"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("última actividad"), auto_now_add=True)

    class Meta:
        verbose_name = _("conversación")
        verbose_name_plural = _("conversaciones")
        ordering = ["-last_activity_at"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="chat_conv_state_created"),
            models.Index(fields=["assigned_clerk", "state"], name="chat_conv_clerk_state"),
            models.Index(fields=["store", "state"], name="chat_conv_store_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="chat_conversation_rating_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} (#{self.pk})"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED


class Message(models.Model):
    class Sender(models.TextChoices):
        CUSTOMER = "customer", _("Cliente")
        CLERK = "clerk", _("Librero")
        BOT = "bot", _("Asistente automático")
        SYSTEM = "system", _("Sistema")

    class Kind(models.TextChoices):
        TEXT = "text", _("Texto")
        PRODUCT_CARD = "product_card", _("Ficha de libro")
        PAYMENT_REQUEST = "payment_request", _("Solicitud de pago")
        ADDRESS_REQUEST = "address_request", _("Solicitud de dirección")
        ORDER_STATUS = "order_status", _("Estado de pedido")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.CharField(_("remitente"), max_length=8, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("tipo"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    text = models.CharField(_("texto"), max_length=MAX_TEXT, blank=True)
    payload = models.JSONField(_("datos"), default=dict, blank=True)
    created_at = models.DateTimeField(_("enviado"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("entregado"), null=True, blank=True)
    read_at = models.DateTimeField(_("leído"), null=True, blank=True)

    class Meta:
        verbose_name = _("mensaje")
        verbose_name_plural = _("mensajes")
        ordering = ["pk"]
        indexes = [models.Index(fields=["conversation", "id"], name="chat_msg_conv_id")]

    def __str__(self):
        return f"{self.get_sender_display()}: {self.text[:40]}"


class ClerkPresence(models.Model):
    """A clerk's wish to take new chats, and their last sign of life (see chat.presence).

    `wants_online` is the inbox's "En línea" switch: only the clerk changes it. Whether they are
    online for routing also needs a live ClerkSocket; `last_seen` is the last time any of their
    inbox sockets was alive (connected, beat or closed).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_presence"
    )
    wants_online = models.BooleanField(_("quiere recibir conversaciones"), default=False)
    last_seen = models.DateTimeField(_("visto por última vez"), null=True, blank=True)

    class Meta:
        verbose_name = _("presencia de librero")
        verbose_name_plural = _("presencia de libreros")
        indexes = [models.Index(fields=["wants_online"], name="chat_presence_wants")]

    def __str__(self):
        state = _("quiere recibir conversaciones") if self.wants_online else _("fuera de línea")
        return f"{self.user} ({state})"


class ClerkSocket(models.Model):
    """One open clerk inbox socket (a browser tab), keyed by its channel name.

    Created when the socket connects, refreshed by its heartbeat, deleted when it closes; a row
    left behind by a crashed process stops counting after CHAT_PRESENCE_TIMEOUT (chat.presence).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_sockets"
    )
    channel_name = models.CharField(_("canal"), max_length=200, unique=True)
    connected_at = models.DateTimeField(_("conectado"), auto_now_add=True)
    last_seen = models.DateTimeField(_("último latido"))

    class Meta:
        verbose_name = _("conexión de librero")
        verbose_name_plural = _("conexiones de libreros")
        indexes = [
            models.Index(fields=["user", "last_seen"], name="chat_socket_user_seen"),
            models.Index(fields=["last_seen"], name="chat_socket_seen"),
        ]

    def __str__(self):
        return f"{self.user} · {self.channel_name}"


class CannedAnswer(models.Model):
    """A ready answer for clerks; {nombre}, {tienda} and {librero} are filled in when sent."""

    title = models.CharField(_("título"), max_length=80, unique=True)
    text = models.TextField(_("texto"), max_length=MAX_TEXT)
    is_active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("respuesta rápida")
        verbose_name_plural = _("respuestas rápidas")
        ordering = ["title"]

    def __str__(self):
        return self.title


class FollowUp(models.Model):
    """A message left when nobody could answer; a clerk gets back to the customer later."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    name = models.CharField(_("nombre"), max_length=80)
    email = models.EmailField(_("correo"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=16, blank=True)
    text = models.CharField(_("mensaje"), max_length=MAX_TEXT)
    store = models.ForeignKey(
        "inventory.Store", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled = models.BooleanField(_("atendido"), default=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        verbose_name = _("mensaje pendiente")
        verbose_name_plural = _("mensajes pendientes")
        ordering = ["handled", "created_at"]
        indexes = [models.Index(fields=["handled", "created_at"], name="chat_followup_open")]

    def __str__(self):
        return f"{self.name}: {self.text[:40]}"
