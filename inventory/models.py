from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    _("Lunes"),
    _("Martes"),
    _("Miércoles"),
    _("Jueves"),
    _("Viernes"),
    _("Sábado"),
    _("Domingo"),
]


def default_opening_hours() -> list:
    """Monday..Sunday, each ["HH:MM", "HH:MM"] or None when closed."""
    return [["10:00", "21:00"]] * 6 + [["11:00", "19:00"]]


class Store(models.Model):
    class Kind(models.TextChoices):
        STORE = "store", _("Tienda")
        WAREHOUSE = "warehouse", _("Almacén")

    name = models.CharField(_("nombre"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("tipo"), max_length=16, choices=Kind.choices, default=Kind.STORE)
    address = models.CharField(_("dirección"), max_length=200)
    district = models.CharField(_("distrito"), max_length=80)
    city = models.CharField(_("ciudad"), max_length=80)
    region = models.CharField(_("región"), max_length=80)
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    opening_hours = models.JSONField(
        _("horario"),
        default=default_opening_hours,
        help_text=_('Siete entradas, de lunes a domingo: ["10:00", "21:00"] o null si cierra.'),
    )
    latitude = models.DecimalField(
        _("latitud"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitud"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    pickup_enabled = models.BooleanField(_("recojo en tienda"), default=True)
    is_active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("tienda")
        verbose_name_plural = _("tiendas")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("inventory:store_detail", args=[self.slug])

    @property
    def short_name(self) -> str:
        """ "Miraflores" for "Libros Pepito Miraflores": what fits in "3 en Miraflores"."""
        prefix = f"{settings.SITE_NAME} "
        return self.name[len(prefix) :] if self.name.startswith(prefix) else self.name

    @property
    def hours_by_day(self) -> list[tuple[str, str]]:
        """[(day name, "10:00–21:00" or "Cerrado")] for display."""
        rows = []
        for day, hours in zip(WEEKDAYS, self.opening_hours or [], strict=False):
            rows.append((day, f"{hours[0]}–{hours[1]}" if hours else _("Cerrado")))
        return rows

    def is_open_at(self, moment: datetime) -> bool:
        """Whether the store is open at `moment` (an aware datetime, read in Lima time)."""
        from django.utils import timezone

        local = timezone.localtime(moment)
        hours = (self.opening_hours or [None] * 7)[local.weekday()]
        if not hours:
            return False
        opens, closes = (time.fromisoformat(value) for value in hours)
        return opens <= local.time() < closes

    @property
    def map_url(self) -> str:
        if self.latitude is None or self.longitude is None:
            return ""
        return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"


class StockItemQuerySet(models.QuerySet):
    def at_store(self, store):
        return self.filter(store=store)

    def low(self):
        """Items whose available stock is at or below their reorder point."""
        return self.filter(on_hand__lte=F("reserved") + F("reorder_point"))


class StockItem(models.Model):
    """The stock of one product in one store. Changed only by inventory.stock, never directly.

    `available = on_hand - reserved`. Every change is also a StockMovement, so the figures here
    always equal the sums of the ledger (`manage.py check_stock_ledger` verifies it).
    """

    store = models.ForeignKey(
        Store, verbose_name=_("tienda"), on_delete=models.PROTECT, related_name="stock_items"
    )
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("producto"),
        on_delete=models.PROTECT,
        related_name="stock_items",
    )
    on_hand = models.IntegerField(_("en tienda"), default=0, editable=False)
    reserved = models.IntegerField(_("separado"), default=0, editable=False)
    reorder_point = models.PositiveIntegerField(
        _("punto de reposición"),
        default=2,
        help_text=_("Cuando lo disponible llega a este número, avisamos al jefe de tienda."),
    )
    location = models.CharField(
        _("ubicación"), max_length=40, blank=True, help_text=_("Estante o sección, p. ej. B-12.")
    )
    # Set when the low-stock alert went out, cleared when stock recovers above the reorder
    # point: one alert per episode, not one per sale.
    low_stock_alerted_at = models.DateTimeField(
        _("alerta de bajo stock"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    objects = StockItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock por tienda")
        ordering = ["store", "product"]
        constraints = [
            models.UniqueConstraint(fields=["store", "product"], name="inventory_stock_unique"),
            models.CheckConstraint(
                condition=Q(on_hand__gte=0), name="inventory_stock_on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__gte=0), name="inventory_stock_reserved_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("on_hand")),
                name="inventory_stock_reserved_within_on_hand",
            ),
        ]
        indexes = [
            # "In stock somewhere" (catalog filter) only looks at rows with something available.
            models.Index(
                fields=["product", "store"],
                condition=Q(on_hand__gt=F("reserved")),
                name="inventory_stock_available",
            ),
            models.Index(
                fields=["store", "low_stock_alerted_at"],
                condition=Q(low_stock_alerted_at__isnull=False),
                name="inventory_stock_low_alerts",
            ),
        ]

    def __str__(self):
        return f"{self.product} @ {self.store}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def is_low(self) -> bool:
        return self.available <= self.reorder_point


class StockMovement(models.Model):
    """One line of the append-only stock ledger (the kardex).

    `on_hand_delta` and `reserved_delta` are signed: summing them per store and product gives
    the current StockItem figures.
    """

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Ingreso")
        SALE = "sale", _("Venta")
        RESERVATION = "reservation", _("Separación")
        RELEASE = "release", _("Liberación")
        TRANSFER_OUT = "transfer_out", _("Transferencia enviada")
        TRANSFER_IN = "transfer_in", _("Transferencia recibida")
        TRANSFER_BACK = "transfer_back", _("Transferencia anulada")
        RETURN = "return", _("Devolución")
        ADJUSTMENT = "adjustment", _("Ajuste")
        COUNT = "count", _("Conteo")

    store = models.ForeignKey(
        Store, verbose_name=_("tienda"), on_delete=models.PROTECT, related_name="movements"
    )
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("producto"),
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    kind = models.CharField(_("tipo"), max_length=16, choices=Kind.choices)
    on_hand_delta = models.IntegerField(_("cambio en tienda"), default=0)
    reserved_delta = models.IntegerField(_("cambio en separado"), default=0)
    # What caused it: ("reservation", "12"), ("transfer", "3"), ("order", "1043")...
    reference_type = models.CharField(_("referencia"), max_length=30, blank=True)
    reference_id = models.CharField(_("id de referencia"), max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hecho por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("motivo"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("fecha"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("movimiento de stock")
        verbose_name_plural = _("movimientos de stock")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["store", "product", "-created_at"], name="inventory_mov_history"),
            models.Index(fields=["reference_type", "reference_id"], name="inventory_mov_reference"),
        ]

    def __str__(self):
        kind = self.get_kind_display()
        return f"{kind} {self.on_hand_delta:+d}/{self.reserved_delta:+d} {self.product}"

    def save(self, *args, **kwargs):
        # The ledger is append-only: a correction is a new movement, never an edit.
        if not self._state.adding:
            raise ValueError("Stock movements are append-only.")
        super().save(*args, **kwargs)


class Reservation(models.Model):
    """Stock held for a cart at checkout (minutes) or for a pickup order (days)."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Activa")
        CONSUMED = "consumed", _("Usada")
        RELEASED = "released", _("Liberada")
        EXPIRED = "expired", _("Vencida")
        # Sold, then back on the shelf (the paid order was annulled): never restocked twice.
        RETURNED = "returned", _("Devuelta")

    store = models.ForeignKey(
        Store, verbose_name=_("tienda"), on_delete=models.PROTECT, related_name="reservations"
    )
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("producto"),
        on_delete=models.PROTECT,
        related_name="reservations",
    )
    quantity = models.PositiveIntegerField(_("cantidad"))
    # Who holds it, as "cart:12" or "order:34" (for people reading the ledger). An order's
    # holds also point at the order: inventory.stock's order-hold services find them by it.
    owner = models.CharField(_("dueño de la reserva"), max_length=64)
    cart_id = models.BigIntegerField(_("carrito"), null=True, blank=True)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("pedido"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("estado"), max_length=10, choices=State.choices, default=State.ACTIVE
    )
    expires_at = models.DateTimeField(_("vence"))
    created_at = models.DateTimeField(_("creada"), default=timezone.now)
    closed_at = models.DateTimeField(_("cerrada"), null=True, blank=True)

    class Meta:
        verbose_name = _("reserva de stock")
        verbose_name_plural = _("reservas de stock")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="inventory_reservation_quantity_positive"
            ),
        ]
        indexes = [
            # Expiry sweeps and "expired holds" subqueries only read active rows.
            models.Index(
                fields=["store", "product", "expires_at"],
                condition=Q(state="active"),
                name="inventory_res_active_item",
            ),
            models.Index(
                fields=["expires_at"], condition=Q(state="active"), name="inventory_res_active_exp"
            ),
            models.Index(fields=["owner"], name="inventory_res_owner"),
        ]

    def __str__(self):
        return f"{self.owner}: {self.quantity} × {self.product} @ {self.store}"

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE and self.expires_at > timezone.now()


class Transfer(models.Model):
    """Stock moving from one store to another: requested, sent (leaves), received (arrives)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Solicitada")
        SENT = "sent", _("Enviada")
        RECEIVED = "received", _("Recibida")
        CANCELLED = "cancelled", _("Anulada")

    from_store = models.ForeignKey(
        Store, verbose_name=_("desde"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_store = models.ForeignKey(
        Store, verbose_name=_("hacia"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("producto"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("cantidad"))
    state = models.CharField(
        _("estado"), max_length=10, choices=State.choices, default=State.REQUESTED
    )
    note = models.CharField(_("nota"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pedida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enviada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recibida por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anulada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("pedida"), default=timezone.now)
    sent_at = models.DateTimeField(_("enviada"), null=True, blank=True)
    received_at = models.DateTimeField(_("recibida"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("anulada"), null=True, blank=True)

    class Meta:
        verbose_name = _("transferencia")
        verbose_name_plural = _("transferencias")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_store=F("to_store")), name="inventory_transfer_two_stores"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="inventory_transfer_quantity_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["from_store", "state"], name="inventory_transfer_from"),
            models.Index(fields=["to_store", "state"], name="inventory_transfer_to"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.quantity} × {self.product}: {self.from_store} → {self.to_store}"

    def can_be_cancelled_by(self, store: "Store") -> bool:
        """A request may be withdrawn by either store; copies on their way only by the
        sender, to whom they come back. A received transfer is final."""
        if self.state == self.State.REQUESTED:
            return store.pk in (self.from_store_id, self.to_store_id)
        return self.state == self.State.SENT and store.pk == self.from_store_id


class BackInStockRequest(models.Model):
    """ "Avísame cuando llegue": notified once, when stock arrives (at `store` when given)."""

    customer = models.ForeignKey(
        "crm.Customer",
        verbose_name=_("cliente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="back_in_stock_requests",
    )
    email = models.EmailField(_("correo electrónico"))
    phone = models.CharField(_("teléfono"), max_length=16, blank=True, help_text="E.164, +51…")
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("producto"),
        on_delete=models.CASCADE,
        related_name="back_in_stock_requests",
    )
    store = models.ForeignKey(
        Store,
        verbose_name=_("tienda"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vacío: cualquier tienda."),
    )
    created_at = models.DateTimeField(_("pedido"), default=timezone.now)
    notified_at = models.DateTimeField(_("avisado"), null=True, blank=True)

    class Meta:
        verbose_name = _("aviso de reposición")
        verbose_name_plural = _("avisos de reposición")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One pending request per e-mail and product; a new one can follow each notice.
            models.UniqueConstraint(
                fields=["product", "email"],
                condition=Q(notified_at__isnull=True),
                name="inventory_backinstock_pending_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["product", "store"],
                condition=Q(notified_at__isnull=True),
                name="inventory_backinstock_pending",
            ),
        ]

    def __str__(self):
        return f"{self.email} · {self.product}"
