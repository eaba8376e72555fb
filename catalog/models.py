"""Catalog taxonomy. Products arrive with the catalog issue; authors and genres exist from the
foundation because customer profiles record favorite genres and authors."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Genre(models.Model):
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

    class Meta:
        verbose_name = _("autor")
        verbose_name_plural = _("autores")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_peruvian(self) -> bool:
        return self.nationality.strip().lower() in {"peruana", "peruano", "perú", "peru"}
