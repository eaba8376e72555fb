"""Club Pepito: loyalty accounts, the points ledger, store credit, tiers and bonus rules.

loyalty sits below orders: an order is a plain id (and number) here, never a foreign key.

Invariants (the services in loyalty.services keep them, under the account's row lock):
- `LoyaltyAccount.points_balance == sum(PointsEntry.points)` of the account and
  `== sum(PointsLot.remaining)`; `credit_balance == sum(CreditEntry.amount)`; all >= 0.
- Ledger rows are never changed nor deleted; each has a unique `source`, so a replayed event
  posts nothing the second time.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}


class Tier(models.Model):
    code = models.SlugField(_("código"), max_length=30, unique=True)
    name = models.CharField(_("nombre"), max_length=60)
    min_spend_12m = models.DecimalField(
        _("gasto mínimo en 12 meses (S/)"), default=Decimal("0"), **MONEY
    )
    earn_multiplier = models.DecimalField(
        _("multiplicador de puntos"), max_digits=4, decimal_places=2, default=Decimal("1")
    )
    free_lima_delivery = models.BooleanField(_("envío gratis en Lima"), default=False)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("nivel")
        verbose_name_plural = _("niveles")
        ordering = ["position", "min_spend_12m"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_spend_12m__gte=0), name="loyalty_tier_min_spend_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(earn_multiplier__gt=0), name="loyalty_tier_multiplier_gt_0"
            ),
        ]

    def __str__(self):
        return self.name


class LoyaltyAccount(models.Model):
    customer = models.OneToOneField(
        "crm.Customer", verbose_name=_("cliente"), on_delete=models.PROTECT, related_name="loyalty"
    )
    # On the digital card and its QR; the counter finds the account by it.
    number = models.CharField(_("número"), max_length=20, unique=True)
    tier = models.ForeignKey(
        Tier,
        verbose_name=_("nivel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accounts",
    )
    points_balance = models.IntegerField(_("puntos disponibles"), default=0)
    credit_balance = models.DecimalField(_("saldo a favor (S/)"), default=Decimal("0"), **MONEY)
    # Points a reversal could not take back (already spent): taken from future earnings.
    clawback_points = models.IntegerField(_("puntos por descontar"), default=0)
    spend_12m = models.DecimalField(
        _("gasto de los últimos 12 meses (S/)"), default=Decimal("0"), **MONEY
    )
    terms_accepted_at = models.DateTimeField(_("aceptó las condiciones"), null=True, blank=True)
    # Set when the customer was merged into another one: this account's balance moved there.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("fusionada en"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("cuenta de puntos")
        verbose_name_plural = _("cuentas de puntos")
        ordering = ["number"]
        permissions = [
            ("adjust_points", _("Puede ajustar saldos de puntos")),
            ("view_program", _("Puede ver las cifras del programa de puntos")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(points_balance__gte=0), name="loyalty_account_points_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(credit_balance__gte=0), name="loyalty_account_credit_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(clawback_points__gte=0), name="loyalty_account_clawback_gte_0"
            ),
        ]

    def __str__(self):
        return self.number


class PointsEntry(models.Model):
    """One movement of points (append-only). `points` is signed and never 0."""

    class Kind(models.TextChoices):
        EARN = "earn", _("Compra")
        BONUS = "bonus", _("Bono")
        REDEEM = "redeem", _("Canje")
        REDEEM_RELEASE = "redeem_release", _("Canje devuelto")
        REVERSE = "reverse", _("Anulación o devolución")
        GIVE_BACK = "give_back", _("Puntos devueltos")
        EXPIRE = "expire", _("Vencimiento")
        ADJUST = "adjust", _("Ajuste")
        MERGE_IN = "merge_in", _("Fusión (entrada)")
        MERGE_OUT = "merge_out", _("Fusión (salida)")
        CLAWBACK = "clawback", _("Descuento pendiente")

    account = models.ForeignKey(
        LoyaltyAccount, verbose_name=_("cuenta"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    points = models.IntegerField(_("puntos"))
    source = models.CharField(_("origen"), max_length=120, unique=True)
    order_id = models.BigIntegerField(_("pedido (id)"), null=True, blank=True)
    order_number = models.CharField(_("pedido"), max_length=30, blank=True)
    channel = models.CharField(_("canal"), max_length=20, blank=True)
    # Earn lines: the product, the line's total and the money actually paid for it (the base).
    product_id = models.BigIntegerField(_("producto (id)"), null=True, blank=True)
    line_total = models.DecimalField(_("total de la línea"), null=True, blank=True, **MONEY)
    amount = models.DecimalField(_("monto pagado (S/)"), default=Decimal("0"), **MONEY)
    expires_at = models.DateTimeField(_("vence"), null=True, blank=True)
    reason = models.CharField(_("motivo"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hecho por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("movimiento de puntos")
        verbose_name_plural = _("movimientos de puntos")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["account", "created_at"], name="loyalty_entry_account_at"),
            models.Index(fields=["order_id"], name="loyalty_entry_order"),
            models.Index(fields=["kind", "created_at"], name="loyalty_entry_kind_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="loyalty_entry_points_not_0"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.points:+d} ({self.source})"


class PointsLot(models.Model):
    """What is left of one credit of points (earn, bonus, give-back...), spent oldest first.

    Not the ledger: the ledger says what happened, lots say which points are still there and
    when they expire (FIFO spending, the nightly expiry, the expiry calendar)."""

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="lots")
    entry = models.ForeignKey(PointsEntry, on_delete=models.PROTECT, related_name="lots")
    points = models.PositiveIntegerField()
    remaining = models.PositiveIntegerField()
    expires_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lote de puntos")
        verbose_name_plural = _("lotes de puntos")
        indexes = [
            models.Index(fields=["account", "expires_at"], name="loyalty_lot_account_exp"),
            models.Index(
                fields=["expires_at"], condition=Q(remaining__gt=0), name="loyalty_lot_open_exp"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__lte=F("points")), name="loyalty_lot_remaining_lte_points"
            ),
        ]

    def __str__(self):
        return (
            f"{self.remaining}/{self.points} ({self.expires_at:%Y-%m-%d})"
            if self.expires_at
            else f"{self.remaining}/{self.points}"
        )


class LotUse(models.Model):
    """Points a debit took from a lot: a released or returned redemption puts them back."""

    lot = models.ForeignKey(PointsLot, on_delete=models.PROTECT, related_name="uses")
    entry = models.ForeignKey(PointsEntry, on_delete=models.PROTECT, related_name="lot_uses")
    points = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.points} pts"


class CreditEntry(models.Model):
    """One movement of store credit in soles (append-only). `amount` is signed and never 0."""

    class Kind(models.TextChoices):
        ISSUE = "issue", _("Emisión")
        REDEEM = "redeem", _("Uso")
        REDEEM_RELEASE = "redeem_release", _("Uso devuelto")
        ADJUST = "adjust", _("Ajuste")
        MERGE_IN = "merge_in", _("Fusión (entrada)")
        MERGE_OUT = "merge_out", _("Fusión (salida)")

    account = models.ForeignKey(
        LoyaltyAccount,
        verbose_name=_("cuenta"),
        on_delete=models.PROTECT,
        related_name="credit_entries",
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("monto (S/)"), **MONEY)
    source = models.CharField(_("origen"), max_length=120, unique=True)
    order_id = models.BigIntegerField(_("pedido (id)"), null=True, blank=True)
    order_number = models.CharField(_("pedido"), max_length=30, blank=True)
    reason = models.CharField(_("motivo"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hecho por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("movimiento de saldo a favor")
        verbose_name_plural = _("movimientos de saldo a favor")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["account", "created_at"], name="loyalty_credit_account_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="loyalty_credit_amount_not_0"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} ({self.source})"


class Redemption(models.Model):
    """What one order reserved, then spent, of points and store credit."""

    class State(models.TextChoices):
        RESERVED = "reserved", _("Reservado")
        COMMITTED = "committed", _("Usado")
        RELEASED = "released", _("Devuelto")

    order_id = models.BigIntegerField(_("pedido (id)"), unique=True)
    order_number = models.CharField(_("pedido"), max_length=30, blank=True)
    account = models.ForeignKey(
        LoyaltyAccount,
        verbose_name=_("cuenta"),
        on_delete=models.PROTECT,
        related_name="redemptions",
    )
    points = models.PositiveIntegerField(_("puntos"), default=0)
    points_value = models.DecimalField(_("valor de los puntos (S/)"), default=Decimal("0"), **MONEY)
    credit = models.DecimalField(_("saldo a favor usado (S/)"), default=Decimal("0"), **MONEY)
    # The order's total before tenders (delivery included), as given to reserve().
    payable = models.DecimalField(_("total a pagar (S/)"), default=Decimal("0"), **MONEY)
    # Sum of the order's line totals (no delivery): what returns spread the tenders over.
    lines_total = models.DecimalField(null=True, blank=True, **MONEY)
    # Points already given back by returns of some lines.
    points_given_back = models.PositiveIntegerField(default=0)
    state = models.CharField(
        _("estado"), max_length=10, choices=State.choices, default=State.RESERVED
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("canje")
        verbose_name_plural = _("canjes")
        constraints = [
            models.CheckConstraint(
                condition=Q(credit__gte=0) & Q(points_value__gte=0),
                name="loyalty_redemption_amounts_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(points_given_back__lte=F("points")),
                name="loyalty_redemption_given_back_lte_points",
            ),
        ]

    def __str__(self):
        return f"{self.order_number or self.order_id}: {self.points} pts"


class PendingEarn(models.Model):
    """Points "por confirmar": what an open order will earn once handed over or delivered."""

    order_id = models.BigIntegerField(unique=True)
    order_number = models.CharField(max_length=30, blank=True)
    account = models.ForeignKey(
        LoyaltyAccount, on_delete=models.CASCADE, related_name="pending_earns"
    )
    points = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("puntos por confirmar")
        verbose_name_plural = _("puntos por confirmar")

    def __str__(self):
        return f"{self.order_number or self.order_id}: {self.points} pts"


class Reversal(models.Model):
    """A line's earn taken back (cancel or return): what was due, taken and left to claw back.

    Recorded even when nothing could be taken (all went to the pending clawback), so a replay
    finds it; the ledger entry (same source) exists only when points really moved. A cancelled
    order also leaves one with nothing due ("cancel:order:42"): a late delivery earns nothing."""

    source = models.CharField(max_length=120, unique=True)
    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="reversals")
    order_id = models.BigIntegerField(db_index=True)
    product_id = models.BigIntegerField(null=True, blank=True)
    points_due = models.PositiveIntegerField()
    points_taken = models.PositiveIntegerField()
    clawback = models.PositiveIntegerField()
    # The money paid that no longer counts (spend_12m goes down by it).
    amount = models.DecimalField(default=Decimal("0"), **MONEY)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.source


class BonusRule(models.Model):
    class Kind(models.TextChoices):
        GENRE = "genre", _("Género")
        AUTHOR = "author", _("Autor")
        BIRTHDAY = "birthday", _("Cumpleaños")
        SIGNUP = "signup", _("Inscripción")

    name = models.CharField(_("nombre"), max_length=120)
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    # Genre and author campaigns: points on those lines are multiplied (×2: double points).
    multiplier = models.DecimalField(
        _("multiplicador"), max_digits=4, decimal_places=2, default=Decimal("2")
    )
    # Birthday and sign-up rules: the points given (0: the setting's default).
    points = models.PositiveIntegerField(_("puntos"), default=0)
    genre = models.ForeignKey(
        "catalog.Genre",
        verbose_name=_("género"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        "catalog.Author",
        verbose_name=_("autor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    starts_on = models.DateField(_("desde"), null=True, blank=True)
    ends_on = models.DateField(_("hasta"), null=True, blank=True)
    active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("regla de bonificación")
        verbose_name_plural = _("reglas de bonificación")
        ordering = ["-active", "starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(multiplier__gt=0), name="loyalty_bonus_mult_gt_0"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="loyalty_bonus_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(kind="genre") | Q(genre__isnull=False),
                name="loyalty_bonus_genre_has_genre",
            ),
            models.CheckConstraint(
                condition=~Q(kind="author") | Q(author__isnull=False),
                name="loyalty_bonus_author_has_author",
            ),
        ]

    def __str__(self):
        return self.name
