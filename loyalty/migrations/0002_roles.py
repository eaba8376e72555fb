from django.db import migrations


def sync(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """Club Pepito's permissions: clerks see balances, managers adjust them and see the figures."""

    dependencies = [
        ("loyalty", "0001_initial"),
        ("accounts", "0003_courier_role"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
