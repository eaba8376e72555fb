from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


def _merge_cart_at_login(sender, request, user, **kwargs):
    # The books chosen before logging in join the customer's cart (one cart across devices).
    from orders.cart import merge_session_cart_on_login

    if request is not None and hasattr(request, "session"):
        merge_session_cart_on_login(request, user)


class OrdersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orders"
    verbose_name = _("Pedidos")

    def ready(self):
        user_logged_in.connect(_merge_cart_at_login, dispatch_uid="orders-merge-cart")
        from core.reconcile import register
        from orders.payments import reconcile_for_registry

        # Nightly (config.tasks.reconcile_task): our card payments against Stripe's, both ways.
        register("pagos", reconcile_for_registry)

        from inventory.ledger import register_order_links
        from orders.selectors import order_links

        # The stock ledger names an order's movements «Pedido LP-…» with a link to its page.
        register_order_links(order_links)
