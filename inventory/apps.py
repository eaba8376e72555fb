from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inventory"
    verbose_name = _("Inventario")

    def ready(self):
        from inventory import handlers
        from outbox.spine import subscribe

        subscribe("stock.back_in_stock", handlers.on_back_in_stock)

        from core.reconcile import register
        from inventory.reconcile import reconcile_stock

        register("stock", reconcile_stock)
