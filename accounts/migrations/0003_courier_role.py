from django.db import migrations


def sync(apps, schema_editor):
    from accounts.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """The repartidor (courier) role, and the managers' right to close a courier's day."""

    dependencies = [
        ("accounts", "0002_roles"),
        ("orders", "0005_courier"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
