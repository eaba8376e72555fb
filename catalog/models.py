"""The catalog: products (books and merchandise), authors, publishers, genres, imports.

Favorites belong to the customer: crm.models.Favorite."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.text import normalize
from core.uploads import SafeImageField, private_storage, random_name


class Genre(models.Model):
    """A two-level tree: Literatura → Novela, Poesía...; Infantil; Historia del Perú."""

    name = models.CharField(_("nombre"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("género padre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("género")
        verbose_name_plural = _("géneros")
        ordering = ["name"]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class Author(models.Model):
    name = models.CharField(_("nombre"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    nationality = models.CharField(_("nacionalidad"), max_length=60, blank=True)
    bio = models.TextField(_("biografía breve"), blank=True)
    photo = SafeImageField(_("foto"), upload_to="authors/", blank=True)

    class Meta:
        verbose_name = _("autor")
        verbose_name_plural = _("autores")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:author_detail", args=[self.slug])

    @property
    def is_peruvian(self) -> bool:
        return self.nationality.strip().lower() in {"peruana", "peruano", "perú", "peru"}


class Publisher(models.Model):
    name = models.CharField(_("nombre"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)

    class Meta:
        verbose_name = _("editorial")
        verbose_name_plural = _("editoriales")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProductQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def card_rows(self):
        """Products for a grid whose cards come from the fragment cache (catalog.cards): the
        columns a card's key and ordering need, without the long texts, the publisher or the
        authors. `cards.fixed_parts` reads the authors of the cards it must render, and only
        those: on a warm page the grid is one query."""
        return self.defer("description", "search_text")

    def for_cards(self):
        """What a product card shows, in a constant number of queries."""
        return self.select_related("publisher").prefetch_related(
            models.Prefetch(
                "product_authors",
                queryset=ProductAuthor.objects.select_related("author").order_by("position"),
            )
        )


class Product(models.Model):
    class Kind(models.TextChoices):
        BOOK = "book", _("Libro")
        MERCHANDISE = "merchandise", _("Merchandising")

    class TaxClass(models.TextChoices):
        # Books are exonerated from IGV in Peru (Ley 31053); merchandise pays the standard rate.
        EXONERATED = "exonerated", _("Exonerado de IGV")
        STANDARD = "standard", _("IGV estándar")

    class Format(models.TextChoices):
        PAPERBACK = "tapa_blanda", _("Tapa blanda")
        HARDCOVER = "tapa_dura", _("Tapa dura")
        POCKET = "bolsillo", _("Bolsillo")

    class Language(models.TextChoices):
        SPANISH = "es", _("Español")
        ENGLISH = "en", _("Inglés")
        QUECHUA = "qu", _("Quechua")
        PORTUGUESE = "pt", _("Portugués")
        FRENCH = "fr", _("Francés")

    kind = models.CharField(_("tipo"), max_length=16, choices=Kind.choices, default=Kind.BOOK)
    title = models.CharField(_("título"), max_length=255)
    subtitle = models.CharField(_("subtítulo"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=280, unique=True)
    description = models.TextField(_("descripción"), blank=True)
    price = models.DecimalField(_("precio"), max_digits=10, decimal_places=2)
    compare_at_price = models.DecimalField(
        _("precio antes"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    tax_class = models.CharField(
        _("clase de impuesto"), max_length=16, choices=TaxClass.choices, default=TaxClass.EXONERATED
    )
    # Checked by content and re-encoded as JPEG on the way in (core.uploads).
    cover = SafeImageField(_("portada"), upload_to="covers/", blank=True)
    is_active = models.BooleanField(_("activo"), default=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    # Books
    isbn = models.CharField(
        _("ISBN-13"),
        max_length=13,
        blank=True,
        help_text=_("Se acepta ISBN-10; se guarda como ISBN-13."),
    )
    authors = models.ManyToManyField(
        Author, through="ProductAuthor", verbose_name=_("autores"), related_name="products"
    )
    publisher = models.ForeignKey(
        Publisher,
        verbose_name=_("editorial"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
    )
    genres = models.ManyToManyField(
        Genre, verbose_name=_("géneros"), blank=True, related_name="products"
    )
    language = models.CharField(
        _("idioma"), max_length=2, choices=Language.choices, default=Language.SPANISH
    )
    pages = models.PositiveIntegerField(_("páginas"), null=True, blank=True)
    format = models.CharField(_("formato"), max_length=16, choices=Format.choices, blank=True)
    publication_year = models.PositiveSmallIntegerField(
        _("año de publicación"), null=True, blank=True
    )

    # Kept by catalog.services: accent-free, lower-case text of everything a customer may type.
    search_text = models.TextField(_("texto de búsqueda"), blank=True, editable=False)
    # Copies sold, kept by catalog.handlers from the order.handed_over / order.delivered facts
    # (one count per order, see SoldOrder); sorts "más vendidos".
    sold_count = models.PositiveIntegerField(_("vendidos"), default=0, editable=False)
    # Bumped by catalog.versions on every change a card or the product page shows (price,
    # title, authors, cover, active, stock band per store...): cached fragments are keyed by it.
    version = models.PositiveIntegerField(_("versión"), default=1, editable=False)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("producto")
        verbose_name_plural = _("productos")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["is_active", "-created_at"], name="catalog_product_newest"),
            models.Index(fields=["is_active", "-sold_count"], name="catalog_product_bestsell"),
            models.Index(fields=["is_active", "price"], name="catalog_product_price"),
            models.Index(fields=["is_active", "title"], name="catalog_product_title"),
            models.Index(fields=["language"], name="catalog_product_language"),
            models.Index(fields=["format"], name="catalog_product_format"),
            models.Index(fields=["kind"], name="catalog_product_kind"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["isbn"], condition=~models.Q(isbn=""), name="catalog_product_isbn_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="catalog_product_price_not_negative"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Saving a product loaded earlier never writes its `version` back: only
        catalog.versions moves it, and only up (an old number could find an old fragment)."""
        updating = not self._state.adding and not kwargs.get("force_insert")
        if updating and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name != "version"
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalog:product_detail", args=[self.slug])

    def clean(self):
        super().clean()
        if self.kind == self.Kind.MERCHANDISE and self.tax_class == self.TaxClass.EXONERATED:
            # Ley 31053 exonerates books; a mug or a tote bag pays the standard IGV.
            raise ValidationError(
                {
                    "tax_class": _(
                        "El merchandising paga IGV (la exoneración es solo para libros): "
                        "elige «IGV estándar»."
                    )
                }
            )

    @property
    def ordered_authors(self) -> list[Author]:
        """Authors in credit order (uses the prefetch of `for_cards()` when present)."""
        return [link.author for link in self.product_authors.all()]

    @property
    def author_names(self) -> str:
        return ", ".join(author.name for author in self.ordered_authors)

    @property
    def is_peruvian_author(self) -> bool:
        return any(author.is_peruvian for author in self.ordered_authors)

    @property
    def cover_url(self) -> str:
        if self.cover:
            return self.cover.url
        return reverse("catalog:product_cover", args=[self.slug])

    @property
    def on_sale(self) -> bool:
        return bool(self.compare_at_price and self.compare_at_price > self.price)

    def build_search_text(self) -> str:
        """The normalised text searched by /buscar/ (needs the row saved, for its relations):
        title, subtitle, ISBN, authors, genres, publisher, then the synopsis."""
        parts = [self.title, self.subtitle, self.isbn]
        if self.pk:
            parts += [author.name for author in self.authors.all()]
            parts += [genre.name for genre in self.genres.all()]
        if self.publisher_id:
            parts.append(self.publisher.name)
        parts.append(self.description)  # the synopsis: "realismo mágico", "Lima colonial"
        return normalize(" ".join(part for part in parts if part))


class ProductAuthor(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="product_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="product_links")
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("autor del producto")
        verbose_name_plural = _("autores del producto")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "author"], name="catalog_product_author_unique"
            )
        ]

    def __str__(self):
        return f"{self.author} · {self.product}"


class SoldOrder(models.Model):
    """An order whose copies are already added to `Product.sold_count`.

    A plain id, not a foreign key: orders sit above the catalog. One row per order makes the
    count once per order whatever fact brought it (see catalog.handlers).
    """

    order_id = models.PositiveBigIntegerField(_("pedido"), unique=True)
    counted_at = models.DateTimeField(_("contado"), auto_now_add=True)

    class Meta:
        verbose_name = _("pedido contado en ventas")
        verbose_name_plural = _("pedidos contados en ventas")

    def __str__(self):
        return f"#{self.order_id}"


def import_upload_to(instance, filename: str) -> str:
    """imports/2026/12/<random>.csv: the uploaded name is kept in `original_name` only."""
    extension = ".xml" if instance.format == "onix" else ".csv"
    return timezone.now().strftime("imports/%Y/%m/") + random_name(extension)


class ImportJob(models.Model):
    """One catalog import (CSV or ONIX 3.0) run by catalog.tasks through catalog.imports."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        ONIX = "onix", "ONIX 3.0"

    class Status(models.TextChoices):
        PENDING = "pending", _("En cola")
        RUNNING = "running", _("Importando")
        DONE = "done", _("Terminada")
        FAILED = "failed", _("Falló")

    # Private (no URL serves it), under a random name; deleted after IMPORT_FILE_RETENTION_DAYS
    # by catalog.tasks.purge_import_files_task (the report stays). Empty once deleted.
    file = models.FileField(
        _("archivo"), upload_to=import_upload_to, storage=private_storage, blank=True
    )
    original_name = models.CharField(_("nombre del archivo"), max_length=255, blank=True)
    format = models.CharField(_("formato"), max_length=8, choices=Format.choices)
    status = models.CharField(
        _("estado"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(_("filas"), default=0)
    processed_rows = models.PositiveIntegerField(_("filas procesadas"), default=0)
    created_count = models.PositiveIntegerField(_("creados"), default=0)
    updated_count = models.PositiveIntegerField(_("actualizados"), default=0)
    unchanged_count = models.PositiveIntegerField(_("sin cambios"), default=0)
    rejected_count = models.PositiveIntegerField(_("rechazados"), default=0)
    # One entry per row: {"line", "status", "isbn", "title", "reason"}; status is one of
    # created, updated, unchanged, rejected.
    report = models.JSONField(_("reporte"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="catalog_imports",
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    started_at = models.DateTimeField(_("iniciada"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminada"), null=True, blank=True)

    class Meta:
        verbose_name = _("importación de catálogo")
        verbose_name_plural = _("importaciones de catálogo")
        ordering = ["-created_at", "-pk"]
        permissions = [("import_catalog", _("Puede importar el catálogo (CSV u ONIX)"))]

    def __str__(self):
        return f"{self.original_name or self.file.name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("staff:catalog_import_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)
