from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Auditoría")

    def ready(self) -> None:
        from audit import handlers
        from outbox.spine import subscribe

        # "Forget me" (CRM): the personal values in the history rows go too.
        subscribe("customer.erased", handlers.on_customer_erased)
