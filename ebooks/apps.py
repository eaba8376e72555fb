from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EbooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ebooks"
    verbose_name = _("Libros digitales")
