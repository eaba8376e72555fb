from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shop"
    verbose_name = _("Tienda en línea")

    def ready(self) -> None:
        from outbox.spine import subscribe
        from shop import handlers

        # Orders change the precomputed "comprados juntos" lists of their books.
        for name in ("order.paid", "order.handed_over", "order.delivered", "order.cancelled"):
            subscribe(name, handlers.refresh_recommendations)
        # A new book gets its own lists at once (it joins the others' at the nightly rebuild).
        subscribe("product.changed", handlers.lists_for_new_book)
