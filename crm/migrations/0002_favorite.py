"""Favorites move here from catalog: state only, the table catalog_favorite stays as it is.

Runs after catalog's 0007 dropped the model from catalog's state, so the two never coexist."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_favorite_moves_to_crm"),
        ("crm", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Favorite",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="fecha")),
                        (
                            "customer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="favorites",
                                to="crm.customer",
                                verbose_name="cliente",
                            ),
                        ),
                        (
                            "product",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="favorited_by",
                                to="catalog.product",
                                verbose_name="producto",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "favorito",
                        "verbose_name_plural": "favoritos",
                        "db_table": "catalog_favorite",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("customer", "product"), name="catalog_favorite_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        )
    ]
