from django.db import migrations


def grant_stock_permissions(apps, schema_editor):
    # Clerks and managers get the new stock permissions (accounts.roles lists them).
    from accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("inventory", "0002_stock"),
    ]

    operations = [migrations.RunPython(grant_stock_permissions, migrations.RunPython.noop)]
