from django.db import migrations

# The roles and their permissions as accounts.roles listed them when this migration was written,
# copied so that inventory's history imports no app above it. accounts' post_migrate sync
# (accounts.apps) brings the groups up to date with accounts.roles after every migrate.
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
]
_OWNER = [
    *_MANAGER,
    "catalog.add_genre",
    "catalog.change_genre",
    "catalog.add_author",
    "catalog.change_author",
]
# group name -> permission "app_label.codename"; "*" means every permission.
ROLE_PERMISSIONS = {
    "cliente": [],
    "vendedor": _CLERK,
    "jefe de tienda": _MANAGER,
    "dueño": _OWNER,
    "administrador": ["*"],
}


def grant_stock_permissions(apps, schema_editor):
    """Clerks and managers get the new stock permissions (the same sync as accounts.roles)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after `migrate` finishes: create them now for the
    # models the migration state knows.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, wanted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        if wanted == ["*"]:
            permission_ids = list(by_name.values())
        else:
            permission_ids = [by_name[name] for name in wanted if name in by_name]
        group.permissions.set(permission_ids)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("inventory", "0002_stock"),
    ]

    operations = [migrations.RunPython(grant_stock_permissions, migrations.RunPython.noop)]
