from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, **kwargs):
    # Permissions of every app exist only once `migrate` has finished; keep the role groups
    # (above all "administrador", which holds every permission) complete after each migrate.
    from accounts.roles import sync_roles

    sync_roles()


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Cuentas")

    def ready(self):
        post_migrate.connect(_sync_roles_after_migrate, sender=self)

        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import start_staff_clock

        user_logged_in.connect(start_staff_clock, dispatch_uid="accounts.staff_clock")

        from accounts import handlers
        from outbox.spine import subscribe

        subscribe("stock.low", handlers.on_stock_low)
