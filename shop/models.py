"""Precomputed recommendations for the product page.

The page reads one list per product instead of computing it per request: "Quienes compraron
este libro también compraron" (co-purchases, from orders' lines), "Más del mismo autor" and,
while a book has no co-purchases yet, same-genre best sellers. shop.recommendations builds the
rows; the event spine (order facts) and a nightly beat task keep them fresh.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RelatedProduct(models.Model):
    class Kind(models.TextChoices):
        BOUGHT_TOGETHER = "bought_together", _("Comprados juntos")
        SAME_AUTHOR = "same_author", _("Del mismo autor")
        SAME_GENRE = "same_genre", _("Del mismo género")

    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("producto"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("posición"))
    related = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("producto recomendado"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Why it ranks where it does: orders in common (co-purchases) or copies sold.
    score = models.PositiveIntegerField(_("puntaje"), default=0)

    class Meta:
        verbose_name = _("producto relacionado")
        verbose_name_plural = _("productos relacionados")
        constraints = [
            # Also the index the product page reads by (product, kind, position).
            models.UniqueConstraint(
                fields=["product", "kind", "position"], name="shop_related_position_unique"
            ),
            models.UniqueConstraint(
                fields=["product", "kind", "related"], name="shop_related_once_per_list"
            ),
        ]
        indexes = [models.Index(fields=["related"], name="shop_related_related_idx")]

    def __str__(self) -> str:
        return f"{self.product_id} → {self.related_id} ({self.kind} #{self.position})"
