from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("inventory", "0004_reservation_order_fk")]

    operations = [migrations.RemoveField("reservation", "legacy_order_id")]
