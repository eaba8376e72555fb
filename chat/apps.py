from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "chat"
    verbose_name = _("Chat")

    def ready(self):
        from chat import services
        from orders.cart import cart_changed

        cart_changed.connect(services.push_cart, dispatch_uid="chat.push_cart")
