from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.validators import format_phone


class Customer(models.Model):
    """One person or business that buys from Libros Pepito, in any channel.

    The account is optional: someone who buys at the counter may never sign up. When they do,
    their account is linked to this row instead of creating a second one (see crm.customers).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cuenta"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer",
    )
    name = models.CharField(_("nombre"), max_length=150, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=16, blank=True, help_text="E.164, +51…")
    dni = models.CharField(_("DNI"), max_length=8, blank=True)
    preferred_store = models.ForeignKey(
        "inventory.Store",
        verbose_name=_("tienda preferida"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    favorite_genres = models.ManyToManyField(
        "catalog.Genre", verbose_name=_("géneros favoritos"), blank=True, related_name="+"
    )
    favorite_authors = models.ManyToManyField(
        "catalog.Author", verbose_name=_("autores favoritos"), blank=True, related_name="+"
    )
    marketing_consent = models.BooleanField(_("acepta recibir novedades"), default=False)
    marketing_consent_at = models.DateTimeField(
        _("fecha del consentimiento"), null=True, blank=True
    )
    notes = models.TextField(_("notas internas"), blank=True)
    # Optional: Club Pepito gives a birthday bonus (loyalty's nightly job reads it).
    birth_date = models.DateField(_("fecha de nacimiento"), null=True, blank=True)
    # Set by crm.customers.merge_customers: this record was a duplicate of that one.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("fusionado en"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("cliente")
        verbose_name_plural = _("clientes")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(Lower("email"), name="crm_customer_email_lower"),
            models.Index(fields=["phone"], name="crm_customer_phone"),
            models.Index(fields=["dni"], name="crm_customer_dni"),
        ]
        constraints = [
            # A DNI identifies one person; blank means "not given".
            models.UniqueConstraint(
                fields=["dni"], condition=~models.Q(dni=""), name="crm_customer_dni_unique"
            ),
        ]

    def __str__(self):
        return self.name or self.email or self.phone or f"#{self.pk}"

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)


class Address(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("cliente"), on_delete=models.CASCADE, related_name="addresses"
    )
    label = models.CharField(_("nombre"), max_length=40, blank=True, help_text=_("Casa, Oficina…"))
    street = models.CharField(_("dirección"), max_length=200)
    reference = models.CharField(_("referencia"), max_length=200, blank=True)
    district = models.CharField(_("distrito"), max_length=80)
    province = models.CharField(_("provincia"), max_length=80, default="Lima")
    region = models.CharField(_("región"), max_length=80, default="Lima")
    phone = models.CharField(_("teléfono de contacto"), max_length=16, blank=True)
    is_default = models.BooleanField(_("principal"), default=False)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        verbose_name = _("dirección")
        verbose_name_plural = _("direcciones")
        ordering = ["-is_default", "pk"]

    def __str__(self):
        parts = [self.street, self.district, self.province]
        return ", ".join(part for part in parts if part)

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)


class Favorite(models.Model):
    """A product the customer saved with the heart (written only by crm.favorites).

    Moved here from catalog (favorites belong to the customer); the table keeps its name.
    """

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("cliente"),
        on_delete=models.CASCADE,
        related_name="favorites",
    )
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("producto"),
        on_delete=models.CASCADE,
        related_name="favorited_by",
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        db_table = "catalog_favorite"
        verbose_name = _("favorito")
        verbose_name_plural = _("favoritos")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "product"], name="catalog_favorite_unique")
        ]

    def __str__(self):
        return f"{self.customer} ♥ {self.product}"


class ComplaintCounter(models.Model):
    """The last correlative number given in a year (the Libro de Reclamaciones' numbering)."""

    year = models.PositiveIntegerField(_("año"), primary_key=True)
    last = models.PositiveIntegerField(_("último número"), default=0)

    class Meta:
        verbose_name = _("correlativo de reclamaciones")
        verbose_name_plural = _("correlativos de reclamaciones")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Complaint(models.Model):
    """One sheet of the virtual Libro de Reclamaciones (Ley 29571, D.S. 011-2011-PCM).

    Written only by crm.complaints; never deleted (the admin is read-only): the law asks to keep
    every sheet. The answer is written once, when staff send it.
    """

    class Kind(models.TextChoices):
        RECLAMO = "reclamo", _("Reclamo")
        QUEJA = "queja", _("Queja")

    class DocType(models.TextChoices):
        DNI = "dni", _("DNI")
        CE = "ce", _("Carné de extranjería")

    class GoodType(models.TextChoices):
        PRODUCT = "producto", _("Producto")
        SERVICE = "servicio", _("Servicio")

    class Status(models.TextChoices):
        PENDING = "pendiente", _("Pendiente de respuesta")
        ANSWERED = "respondido", _("Respondido")

    number = models.CharField(_("número"), max_length=16, unique=True)
    year = models.PositiveIntegerField(_("año"))
    sequence = models.PositiveIntegerField(_("correlativo"))
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("cliente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    store = models.ForeignKey(
        "inventory.Store",
        verbose_name=_("tienda"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vacío: la tienda virtual (web)."),
    )
    consumer_name = models.CharField(_("nombre completo"), max_length=150)
    doc_type = models.CharField(_("documento"), max_length=3, choices=DocType.choices)
    doc_number = models.CharField(_("número de documento"), max_length=12)
    address = models.CharField(_("domicilio"), max_length=200)
    phone = models.CharField(_("teléfono"), max_length=16)
    email = models.EmailField(_("correo electrónico"))
    is_minor = models.BooleanField(_("menor de edad"), default=False)
    guardian_name = models.CharField(_("padre, madre o apoderado"), max_length=150, blank=True)
    guardian_doc_type = models.CharField(
        _("documento del apoderado"), max_length=3, choices=DocType.choices, blank=True
    )
    guardian_doc_number = models.CharField(
        _("número de documento del apoderado"), max_length=12, blank=True
    )
    good_type = models.CharField(_("bien contratado"), max_length=10, choices=GoodType.choices)
    good_description = models.CharField(_("descripción del bien"), max_length=300)
    amount = models.DecimalField(
        _("monto reclamado (S/)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    order_number = models.CharField(_("número de pedido"), max_length=30, blank=True)
    detail = models.TextField(_("detalle"))
    request = models.TextField(_("pedido del consumidor"))
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)
    due_date = models.DateField(_("responder hasta"))
    status = models.CharField(
        _("estado"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    answer = models.TextField(_("respuesta"), blank=True)
    answered_at = models.DateTimeField(_("respondido el"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondido por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    overdue_at = models.DateTimeField(_("vencido (avisado) el"), null=True, blank=True)

    class Meta:
        verbose_name = _("hoja de reclamación")
        verbose_name_plural = _("libro de reclamaciones")
        ordering = ["-year", "-sequence"]
        permissions = [("answer_complaint", _("Puede responder reclamos y quejas"))]
        indexes = [models.Index(fields=["status", "due_date"], name="crm_complaint_status_due")]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="crm_complaint_year_seq"),
        ]

    def __str__(self):
        return self.number

    @property
    def is_answered(self) -> bool:
        return self.status == self.Status.ANSWERED

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)
