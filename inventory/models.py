from datetime import datetime, time

from django.db import models
from django.urls import reverse
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
        return reverse("inventory:store_list") + f"#{self.slug}"

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
