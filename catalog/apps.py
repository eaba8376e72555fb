from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"
    verbose_name = _("Catálogo")

    def ready(self) -> None:
        from catalog import handlers
        from outbox.spine import subscribe

        # Fulfilled orders make "más vendidos" (Product.sold_count).
        subscribe("order.handed_over", handlers.count_sold_copies)
        subscribe("order.delivered", handlers.count_sold_copies)
