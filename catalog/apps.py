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
        # What cards and product pages show changed: a new version (catalog.versions).
        subscribe("product.changed", handlers.bump_changed_product)
        subscribe("products.relabelled", handlers.bump_products)
        subscribe("stock.band_changed", handlers.bump_products)
