"""The orders app: carts, orders with their lines and events, payments, delivery zones and
windows. (The notification outbox lives in `outbox`.)"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    PHONE = "telefono", _("Teléfono")
    CHAT = "chat", _("Chat")
    STORE = "tienda", _("Tienda")
    WHOLESALE = "mayorista", _("Mayorista")


class Cart(models.Model):
    """One open cart per customer, shared by every channel (web, phone, chat).

    An anonymous visitor's cart has no customer; its id is kept in the session, and it merges
    into the customer's cart at login. A clerk taking a phone or chat order fills the
    customer's same cart.
    """

    customer = models.ForeignKey(
        "crm.Customer",
        verbose_name=_("cliente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="carts",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)
    checked_out_at = models.DateTimeField(_("cerrado"), null=True, blank=True)

    class Meta:
        verbose_name = _("carrito")
        verbose_name_plural = _("carritos")
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(checked_out_at__isnull=True, customer__isnull=False),
                name="orders_one_open_cart_per_customer",
            ),
        ]

    def __str__(self):
        return f"Carrito #{self.pk}"


class CartLine(models.Model):
    MAX_QUANTITY = 20

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("producto"), on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveSmallIntegerField(_("cantidad"), default=1)
    # The price the customer saw when adding it: checkout warns when it changed.
    unit_price_seen = models.DecimalField(_("precio visto"), max_digits=10, decimal_places=2)
    added_at = models.DateTimeField(_("agregado"), auto_now_add=True)

    class Meta:
        verbose_name = _("línea del carrito")
        verbose_name_plural = _("líneas del carrito")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="orders_cartline_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1, quantity__lte=20), name="orders_cartline_quantity"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product}"


class DeliveryZone(models.Model):
    """Lima districts grouped by fee and lead time (editable in the admin)."""

    name = models.CharField(_("nombre"), max_length=80)
    fee = models.DecimalField(_("costo de envío"), max_digits=8, decimal_places=2)
    lead_days = models.PositiveSmallIntegerField(
        _("días de anticipación"), default=1, help_text=_("0 = el mismo día")
    )
    is_active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("zona de reparto")
        verbose_name_plural = _("zonas de reparto")
        ordering = ["fee", "name"]

    def __str__(self):
        return self.name


class DeliveryDistrict(models.Model):
    name = models.CharField(_("distrito"), max_length=80, unique=True)
    zone = models.ForeignKey(
        DeliveryZone, verbose_name=_("zona"), on_delete=models.CASCADE, related_name="districts"
    )

    class Meta:
        verbose_name = _("distrito de reparto")
        verbose_name_plural = _("distritos de reparto")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.zone})"


class DeliveryWindow(models.Model):
    """A daily time window ("9–13") with how many deliveries fit in it."""

    label = models.CharField(_("nombre"), max_length=40)
    starts_at = models.TimeField(_("desde"))
    ends_at = models.TimeField(_("hasta"))
    capacity = models.PositiveSmallIntegerField(_("capacidad"), default=10)
    is_active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("horario de reparto")
        verbose_name_plural = _("horarios de reparto")
        ordering = ["starts_at"]

    def __str__(self):
        return self.label


class DeliverySlot(models.Model):
    """A window on a date; `booked` counts orders and never passes the window's capacity."""

    window = models.ForeignKey(DeliveryWindow, on_delete=models.PROTECT, related_name="slots")
    date = models.DateField(_("fecha"))
    booked = models.PositiveSmallIntegerField(_("reservados"), default=0)

    class Meta:
        verbose_name = _("turno de reparto")
        verbose_name_plural = _("turnos de reparto")
        ordering = ["date", "window__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["window", "date"], name="orders_slot_unique"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m} {self.window}"


class OrderNumber(models.Model):
    """The last order number given each year (LP-2026-000123), taken under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING_PAYMENT = "pendiente_pago", _("Pendiente de pago")
        PROCESSING = "en_proceso", _("En proceso")
        PACKED = "embalado", _("Embalado")
        READY = "listo_recoger", _("Listo para recoger")
        DISPATCHED = "despachado", _("Despachado")
        DELIVERED = "entregado", _("Entregado")
        RECEIVED = "recibido", _("Recibido por el cliente")
        CANCELLED = "anulado", _("Anulado")

    class Fulfilment(models.TextChoices):
        PICKUP = "pickup", _("Recojo en tienda")
        DELIVERY = "delivery", _("Delivery a domicilio")
        DIGITAL = "digital", _("Digital")

    class PaymentMethod(models.TextChoices):
        CARD = "card", _("Tarjeta")
        AT_PICKUP = "at_pickup", _("Pago en tienda al recoger")
        COUNTER = "counter", _("Pago en caja")
        # Lima delivery: the courier collects cash, card, Yape or Plin at the door.
        ON_DELIVERY = "cod", _("Pago contra entrega")

    class PaymentStatus(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        PAID = "paid", _("Pagado")
        # Part of the money went back (a refund made in Stripe's dashboard, say); still paid.
        PARTIALLY_REFUNDED = "partial", _("Reembolsado en parte")
        REFUNDED = "refunded", _("Reembolsado")

    number = models.CharField(_("número"), max_length=20, unique=True)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    customer = models.ForeignKey(
        "crm.Customer",
        verbose_name=_("cliente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    contact_name = models.CharField(_("nombre"), max_length=150)
    contact_email = models.EmailField(_("correo"))
    contact_phone = models.CharField(_("teléfono"), max_length=16)
    status = models.CharField(
        _("estado"), max_length=16, choices=Status.choices, default=Status.PENDING_PAYMENT
    )
    fulfilment = models.CharField(_("entrega"), max_length=10, choices=Fulfilment.choices)
    store = models.ForeignKey(
        "inventory.Store",
        verbose_name=_("tienda"),
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
        help_text=_("Donde se recoge, o desde donde se despacha."),
    )
    # Delivery address, copied from the customer's address book at checkout.
    address_street = models.CharField(_("dirección"), max_length=200, blank=True)
    address_reference = models.CharField(_("referencia"), max_length=200, blank=True)
    address_district = models.CharField(_("distrito"), max_length=80, blank=True)
    address_province = models.CharField(_("provincia"), max_length=80, blank=True)
    address_region = models.CharField(_("región"), max_length=80, blank=True)
    delivery_slot = models.ForeignKey(
        DeliverySlot,
        verbose_name=_("turno de reparto"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    courier_eta = models.DateField(_("llegada estimada (courier)"), null=True, blank=True)
    pickup_code = models.CharField(_("código de recojo"), max_length=8, blank=True)
    pickup_deadline = models.DateTimeField(_("recoger hasta"), null=True, blank=True)

    subtotal = models.DecimalField(_("subtotal"), max_digits=12, decimal_places=2)
    delivery_fee = models.DecimalField(_("envío"), max_digits=10, decimal_places=2, default=0)
    discount_total = models.DecimalField(
        _("descuentos"), max_digits=10, decimal_places=2, default=0
    )
    tax_total = models.DecimalField(_("IGV incluido"), max_digits=10, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("moneda"), max_length=3, default="PEN")
    # Tenders (loyalty): points and store credit pay part of the total, which stays as it is.
    # Reserved by orders.checkout.place_order, spent when the order is paid.
    points_used = models.PositiveIntegerField(_("puntos usados"), default=0)
    points_value = models.DecimalField(
        _("pagado con puntos"), max_digits=10, decimal_places=2, default=0
    )
    credit_used = models.DecimalField(
        _("pagado con vale"), max_digits=10, decimal_places=2, default=0
    )

    payment_method = models.CharField(
        _("forma de pago"), max_length=10, choices=PaymentMethod.choices
    )
    payment_status = models.CharField(
        _("pago"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    paid_at = models.DateTimeField(_("pagado"), null=True, blank=True)
    stripe_payment_intent = models.CharField(
        _("PaymentIntent de Stripe"), max_length=64, blank=True
    )
    # The checkout form's one-time token: a double click finds the order already placed.
    checkout_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("pedido")
        verbose_name_plural = _("pedidos")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["store", "status", "-created_at"], name="orders_board"),
            models.Index(fields=["customer", "-created_at"], name="orders_customer"),
            models.Index(fields=["status", "-created_at"], name="orders_status"),
            models.Index(fields=["contact_phone"], name="orders_phone"),
            models.Index(fields=["pickup_code"], name="orders_pickup_code"),
            models.Index(fields=["stripe_payment_intent"], name="orders_payment_intent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="orders_total_not_negative"),
            models.CheckConstraint(
                condition=Q(points_value__gte=0, credit_used__gte=0),
                name="orders_tenders_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=F("points_value") + F("credit_used")),
                name="orders_tenders_within_total",
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("orders:order_detail", args=[self.number])

    # The rules about one order, asked by views, templates and services alike.

    @property
    def is_pickup(self) -> bool:
        return self.fulfilment == self.Fulfilment.PICKUP

    @property
    def is_delivery(self) -> bool:
        return self.fulfilment == self.Fulfilment.DELIVERY

    @property
    def is_paid(self) -> bool:
        """Paid (a partial refund leaves the order paid: the customer keeps the books)."""
        return self.payment_status in (
            self.PaymentStatus.PAID,
            self.PaymentStatus.PARTIALLY_REFUNDED,
        )

    @property
    def tendered(self):
        """What points and store credit pay of the total (Decimal)."""
        return self.points_value + self.credit_used

    @property
    def amount_due(self):
        """What is paid in money (card, at pickup, at the door): the total minus the tenders."""
        return self.total - self.tendered

    @property
    def has_tenders(self) -> bool:
        return bool(self.points_used or self.credit_used)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def is_awaiting_payment(self) -> bool:
        """ "Pendiente de pago": a card order whose payment has not arrived."""
        return self.status == self.Status.PENDING_PAYMENT

    def can_pay_online(self) -> bool:
        """The customer may pay this order by card now (the pay page and its button)."""
        return (
            self.payment_method == self.PaymentMethod.CARD
            and self.payment_status == self.PaymentStatus.PENDING
            and self.status == self.Status.PENDING_PAYMENT
        )

    def can_be_cancelled(self) -> bool:
        """Anulable: any status before dispatch (orders.status.TRANSITIONS)."""
        return self.Status.CANCELLED in TRANSITIONS[self.status]

    def customer_can_cancel(self) -> bool:
        """The customer may annul it themselves: not packed nor dispatched yet (pendiente de
        pago or en proceso). Later only the store can (orders.status.cancel_by_customer)."""
        return self.status in (self.Status.PENDING_PAYMENT, self.Status.PROCESSING)

    def is_waiting_at_desk(self) -> bool:
        """A pickup order the pickup desk works on: in process, packed or ready."""
        return self.is_pickup and self.status in (
            self.Status.PROCESSING,
            self.Status.PACKED,
            self.Status.READY,
        )

    def is_ready_for_pickup(self) -> bool:
        return self.status == self.Status.READY

    def is_handed_over(self) -> bool:
        """The customer has the books (entregado, or recibido por el cliente)."""
        return self.status in (self.Status.DELIVERED, self.Status.RECEIVED)

    @property
    def pickup_qr_text(self) -> str:
        """What the pickup QR encodes: the desk's scanner reads `LP-2026-000123|K7P2QX`."""
        return f"{self.number}|{self.pickup_code}" if self.pickup_code else ""

    def shows_pickup_code(self) -> bool:
        """The customer's page shows the pickup code while the order can still be collected."""
        return self.is_pickup and not self.is_handed_over() and not self.is_cancelled

    @property
    def payment_badge(self) -> "PaymentBadge":
        """The payment's badge on the staff pages and the customer's page."""
        if self.payment_status == self.PaymentStatus.PAID:
            return PaymentBadge(_("Pagado"), ok=True)
        if self.payment_status == self.PaymentStatus.PARTIALLY_REFUNDED:
            return PaymentBadge(_("Reembolsado en parte"), ok=True)
        if self.payment_status == self.PaymentStatus.REFUNDED:
            return PaymentBadge(_("Reembolsado"))
        return PaymentBadge(_("Por cobrar"), pending=True)


@dataclass(frozen=True)
class PaymentBadge:
    label: str
    ok: bool = False
    pending: bool = False


S = Order.Status

# Which status may follow which (orders.status checks the rest: fulfilment and payment).
# pendiente de pago → en proceso → embalado → listo para recoger | despachado → entregado
# → recibido; anulado at any point before dispatch.
TRANSITIONS: dict[str, set[str]] = {
    S.PENDING_PAYMENT: {S.PROCESSING, S.CANCELLED},
    S.PROCESSING: {S.PACKED, S.CANCELLED},
    S.PACKED: {S.READY, S.DISPATCHED, S.CANCELLED},
    S.READY: {S.DELIVERED, S.CANCELLED},
    # (A dispatched order the courier could not deliver goes back to "embalado" only through
    # orders.courier.report_failed, never through a button: the store dispatches it again or
    # annuls it.)
    S.DISPATCHED: {S.DELIVERED, S.RECEIVED},
    S.DELIVERED: {S.RECEIVED},
    S.RECEIVED: set(),
    S.CANCELLED: set(),
}


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("producto"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("título"), max_length=255)
    quantity = models.PositiveSmallIntegerField(_("cantidad"))
    unit_price = models.DecimalField(_("precio unitario"), max_digits=10, decimal_places=2)
    tax_rate = models.DecimalField(_("tasa de IGV"), max_digits=4, decimal_places=2, default=0)
    line_total = models.DecimalField(_("total de la línea"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("línea del pedido")
        verbose_name_plural = _("líneas del pedido")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orders_line_quantity"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.title}"


class OrderEvent(models.Model):
    """Every status change (and notable fact) of an order, with time and actor."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("estado"), max_length=16, choices=Order.Status.choices)
    note = models.CharField(_("nota"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("quién"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("cuándo"), auto_now_add=True)

    class Meta:
        verbose_name = _("evento del pedido")
        verbose_name_plural = _("eventos del pedido")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.order} → {self.get_status_display()}"


class CollectMeans(models.TextChoices):
    """How the courier collected a pago contra entrega at the door."""

    CASH = "efectivo", _("Efectivo")
    CARD = "tarjeta", _("Tarjeta (POS)")
    YAPE = "yape", _("Yape")
    PLIN = "plin", _("Plin")


class Tender(models.TextChoices):
    """Means of payment that are not money: the loyalty program's points and store credit.
    They pay part of an order (Payment rows with these methods); prices and IGV stay as they are."""

    POINTS = "puntos", _("Puntos Club Pepito")
    CREDIT = "vale", _("Vale de compra")


class Payment(models.Model):
    """Money received or refunded for an order (card through Stripe, at the counter, or by the
    courier at the door), and the tenders (points, store credit) spent on it or given back.
    Append-only: written by orders.status.mark_paid and the refunds."""

    class Kind(models.TextChoices):
        CHARGE = "charge", _("Cobro")
        REFUND = "refund", _("Reembolso")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("tipo"), max_length=8, choices=Kind.choices, default=Kind.CHARGE)
    method = models.CharField(
        _("medio"), max_length=10, choices=Order.PaymentMethod.choices + Tender.choices
    )
    amount = models.DecimalField(_("monto"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("moneda"), max_length=3, default="PEN")
    reference = models.CharField(_("referencia"), max_length=80, blank=True)
    # A pago contra entrega: how the courier collected it (the day's cash-up adds them up).
    means = models.CharField(
        _("cobrado en"), max_length=10, choices=CollectMeans.choices, blank=True
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recibido por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("pago")
        verbose_name_plural = _("pagos")
        ordering = ["created_at", "pk"]
        constraints = [
            # One Stripe object is recorded once, whatever the retries and replays.
            models.UniqueConstraint(
                fields=["kind", "reference"], condition=~Q(reference=""), name="orders_payment_ref"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} {self.order}"

    @property
    def is_tender(self) -> bool:
        """Points or store credit, not money."""
        return self.method in Tender.values


class DeliveryAttempt(models.Model):
    """One visit of the courier to the customer's door: delivered, or not (with why).

    Append-only, written by orders.courier; the second attempt after a failed one is another row."""

    class Outcome(models.TextChoices):
        DELIVERED = "entregado", _("Entregado")
        FAILED = "no_entregado", _("No entregado")

    class Reason(models.TextChoices):
        ABSENT = "ausente", _("No había nadie en la dirección")
        NO_ANSWER = "no_contesta", _("El cliente no contesta el celular")
        WRONG_ADDRESS = "direccion", _("Dirección incorrecta o incompleta")
        NO_MONEY = "sin_pago", _("El cliente no tenía cómo pagar")
        REFUSED = "rechazado", _("El cliente rechazó el pedido")
        RESCHEDULE = "reprogramar", _("El cliente pidió otro día")
        OTHER = "otro", _("Otro motivo")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="attempts")
    courier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("repartidor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("resultado"), max_length=14, choices=Outcome.choices)
    reason = models.CharField(_("motivo"), max_length=12, choices=Reason.choices, blank=True)
    note = models.CharField(_("nota"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("cuándo"), auto_now_add=True)

    class Meta:
        verbose_name = _("visita de reparto")
        verbose_name_plural = _("visitas de reparto")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["courier", "created_at"], name="orders_attempt_courier")]

    def __str__(self):
        return f"{self.order} {self.get_outcome_display()}"


class CourierDayClose(models.Model):
    """The end of a courier's day: what the payments say was collected, per means, against
    what the courier handed over, and who closed it. One per courier and day; never edited."""

    courier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("repartidor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    store = models.ForeignKey(
        "inventory.Store", verbose_name=_("tienda"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("día"))
    # {"efectivo": "45.90", ...}: the recorded payments and the money counted, per means.
    expected = models.JSONField(_("esperado"))
    counted = models.JSONField(_("entregado por el repartidor"))
    difference = models.DecimalField(_("diferencia"), max_digits=12, decimal_places=2)
    note = models.CharField(_("observaciones"), max_length=300, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cerrado por"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("cerrado"), auto_now_add=True)

    class Meta:
        verbose_name = _("cierre de caja del repartidor")
        verbose_name_plural = _("cierres de caja de repartidores")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["courier", "date"], name="orders_courier_day_once"),
        ]

    def __str__(self):
        return f"{self.courier} {self.date}"


class StripeEvent(models.Model):
    """Webhook events already handled: a replayed or duplicated event is ignored."""

    event_id = models.CharField(max_length=80, unique=True)
    type = models.CharField(max_length=80)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evento de Stripe")
        verbose_name_plural = _("eventos de Stripe")

    def __str__(self):
        return f"{self.type} {self.event_id}"


class Dispute(models.Model):
    """A card payment the customer disputed with their bank (Stripe's Dispute object).

    Written only by orders.payments from Stripe's signed events; the staff see it on the
    order's page and in the admin, and the admins get a mail when one opens or closes."""

    class Status(models.TextChoices):
        WARNING_NEEDS_RESPONSE = "warning_needs_response", _("Aviso: requiere respuesta")
        WARNING_UNDER_REVIEW = "warning_under_review", _("Aviso: en revisión")
        WARNING_CLOSED = "warning_closed", _("Aviso: cerrado")
        NEEDS_RESPONSE = "needs_response", _("Requiere respuesta")
        UNDER_REVIEW = "under_review", _("En revisión")
        WON = "won", _("Ganada")
        LOST = "lost", _("Perdida")
        PREVENTED = "prevented", _("Evitada")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="disputes")
    dispute_id = models.CharField(_("disputa de Stripe"), max_length=80, unique=True)
    charge_id = models.CharField(_("cobro de Stripe"), max_length=80)
    amount = models.DecimalField(_("monto"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("moneda"), max_length=3, default="PEN")
    reason = models.CharField(_("motivo"), max_length=40, blank=True)
    status = models.CharField(_("estado"), max_length=24)
    # Stripe's time of the newest event applied: an older event arriving late changes nothing.
    stripe_updated = models.BigIntegerField(default=0)
    opened_at = models.DateTimeField(_("abierta"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("disputa")
        verbose_name_plural = _("disputas")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return f"{self.dispute_id} {self.order}"

    @property
    def is_open(self) -> bool:
        return self.status not in (
            self.Status.WON,
            self.Status.LOST,
            self.Status.PREVENTED,
            self.Status.WARNING_CLOSED,
        )

    def get_status_label(self) -> str:
        try:
            return str(self.Status(self.status).label)
        except ValueError:
            return self.status
