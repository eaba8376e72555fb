"""An order's reservations point at the order with a real foreign key.

The old `order_id` integer (filled from the owner string, with no constraint) makes way for
the foreign key; the data step fills it from the owner strings ("order:34") of orders that
still exist; 0005 drops the old column.
"""

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 500


def fill_order_from_owner(apps, schema_editor):
    Reservation = apps.get_model("inventory", "Reservation")
    Order = apps.get_model("orders", "Order")
    by_order: dict[int, list[int]] = {}
    rows = Reservation.objects.filter(owner__startswith="order:").values_list("pk", "owner")
    for pk, owner in rows.iterator():
        value = owner.partition(":")[2]
        if value.isdigit():
            by_order.setdefault(int(value), []).append(pk)
    wanted = sorted(by_order)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        for order_id in Order.objects.filter(pk__in=chunk).values_list("pk", flat=True):
            Reservation.objects.filter(pk__in=by_order[order_id]).update(order_id=order_id)


def keep_order_id(apps, schema_editor):
    Reservation = apps.get_model("inventory", "Reservation")
    Reservation.objects.filter(order__isnull=False).update(
        legacy_order_id=models.F("order_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0003_stock_permissions"),
        ("orders", "0003_notifications_move_to_outbox"),
    ]

    operations = [
        migrations.RenameField("reservation", "order_id", "legacy_order_id"),
        migrations.AddField(
            model_name="reservation",
            name="order",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="orders.order",
                verbose_name="pedido",
            ),
        ),
        # The old column goes in the next migration: PostgreSQL refuses to alter a table in
        # the transaction that just filled a deferred foreign key on it.
        migrations.RunPython(fill_order_from_owner, keep_order_id),
    ]
