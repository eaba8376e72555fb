from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "loyalty"
    verbose_name = _("Puntos")

    def ready(self) -> None:
        from core.reconcile import register
        from loyalty import handlers
        from loyalty.reconcile import reconcile_loyalty
        from outbox.spine import subscribe

        subscribe("order.placed", handlers.on_order_placed)
        subscribe("order.handed_over", handlers.on_order_fulfilled)
        subscribe("order.delivered", handlers.on_order_fulfilled)
        subscribe("order.cancelled", handlers.on_order_cancelled)
        subscribe("order.returned", handlers.on_order_returned)
        subscribe("customer.merged", handlers.on_customer_merged)
        register("puntos", reconcile_loyalty)
