from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Eventos y notificaciones")

    def ready(self):
        from core.reconcile import register
        from outbox.reconcile import reconcile_outbox

        register("outbox", reconcile_outbox)
