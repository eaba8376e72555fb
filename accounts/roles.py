"""The roles of Estante, as Django groups with their permissions.

`sync_roles` creates the groups and grants the permissions below; data migrations call it, so
every database has the same roles. When an app adds models, add their permissions here and a
migration that calls `sync_roles` again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CUSTOMER = "cliente", _("Cliente")
    CLERK = "vendedor", _("Vendedor")
    STORE_MANAGER = "jefe de tienda", _("Jefe de tienda")
    # Delivers Lima orders and collects the pago contra entrega: only /tienda/reparto/.
    COURIER = "repartidor", _("Repartidor")
    OWNER = "dueño", _("Dueño")
    ADMIN = "administrador", _("Administrador")

    @classmethod
    def staff_values(cls) -> set[str]:
        return {cls.CLERK.value, cls.STORE_MANAGER.value, cls.OWNER.value, cls.ADMIN.value}


_CLERK = [
    "crm.view_customer",
    "crm.add_customer",
    "crm.change_customer",
    "crm.view_address",
    "crm.add_address",
    "crm.change_address",
    "inventory.view_store",
    "inventory.view_stockitem",
    "inventory.change_stockitem",
    "inventory.view_stockmovement",
    "inventory.view_reservation",
    "inventory.view_transfer",
    "inventory.add_transfer",
    "inventory.change_transfer",
    "inventory.view_backinstockrequest",
    "catalog.view_genre",
    "catalog.view_author",
]
_MANAGER = [
    *_CLERK,
    "accounts.view_user",
    "inventory.change_store",
    "catalog.view_product",
    "catalog.add_product",
    "catalog.change_product",
    "catalog.view_publisher",
    "catalog.add_publisher",
    "catalog.view_importjob",
    "catalog.import_catalog",
    # The Libro de Reclamaciones: managers read and answer it (crm.complaints).
    "crm.view_complaint",
    "crm.answer_complaint",
]
_MANAGER += [
    # The courier's end-of-day cash-up: the manager closes it (orders.courier).
    "orders.view_courierdayclose",
    "orders.add_courierdayclose",
]
_CLERK += [
    # Club Pepito (loyalty): the chat panel and the phone order show a customer's balance.
    "loyalty.view_loyaltyaccount",
]
_MANAGER += [
    "loyalty.view_loyaltyaccount",
    "loyalty.view_pointsentry",
    "loyalty.view_creditentry",
    "loyalty.adjust_points",
    "loyalty.view_program",
]
# The courier sees the day's route and their own cash-up; the order board is not theirs.
_COURIER = ["orders.view_deliveryattempt", "orders.add_deliveryattempt"]
_OWNER = [
    *_MANAGER,
    "catalog.add_genre",
    "catalog.change_genre",
    "catalog.add_author",
    "catalog.change_author",
]

# role -> permission "app_label.codename"; "*" means every permission.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.CUSTOMER: [],
    Role.CLERK: _CLERK,
    Role.STORE_MANAGER: _MANAGER,
    Role.COURIER: _COURIER,
    Role.OWNER: _OWNER,
    Role.ADMIN: ["*"],
}


def sync_roles(apps=None) -> None:
    """Create the role groups and set exactly the permissions listed above (idempotent).

    `apps` is the migration state registry when called from a migration.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    _create_missing_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        if wanted == ["*"]:
            permission_ids = list(by_name.values())
        else:
            # A permission of a model that a later migration creates is skipped here and
            # granted by the post_migrate sync (accounts.apps) once every migration has run.
            permission_ids = [by_name[name] for name in wanted if name in by_name]
        group.permissions.set(permission_ids)


def _create_missing_permissions(apps) -> None:
    # Permissions are normally created after `migrate` finishes; a data migration runs
    # before that, so create them now for the models the migration state knows.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
