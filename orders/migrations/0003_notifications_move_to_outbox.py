"""The notification outbox moved to the `outbox` app: copy the rows, then drop the old table."""

from django.db import migrations

FIELDS = [
    "channel",
    "to",
    "subject",
    "body",
    "dedupe_key",
    "status",
    "attempts",
    "last_error",
    "created_at",
    "sent_at",
]


def copy_notifications(apps, schema_editor):
    Old = apps.get_model("orders", "Notification")
    New = apps.get_model("outbox", "Notification")
    batch = []
    for row in Old.objects.order_by("pk").iterator():
        batch.append(New(**{name: getattr(row, name) for name in FIELDS}))
        if len(batch) >= 1000:
            New.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    New.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_checkout"),
        ("outbox", "0001_spine"),
    ]

    operations = [
        migrations.RunPython(copy_notifications, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
