"""Favorites move to the customer core (crm.Favorite): state only, the table stays.

crm's migration 0002_favorite takes the model over with the same table (catalog_favorite), so
an existing database keeps its rows and a fresh one creates the table in 0002_products."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_search_words_postgres")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Favorite")],
            database_operations=[],
        )
    ]
