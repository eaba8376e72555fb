from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "chat"
    verbose_name = _("Chat")

    def ready(self):
        from chat import handlers
        from outbox.spine import subscribe

        subscribe("order.placed", handlers.on_order_placed)
        subscribe("order.status_changed", handlers.on_order_status_changed)
        subscribe("cart.changed", handlers.on_cart_changed)
