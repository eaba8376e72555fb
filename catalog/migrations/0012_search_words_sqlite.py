"""The catalog vocabulary on SQLite (catalog.search_words): the words of the products' search
text and their trigrams, for typo-tolerant search on the embedded default. PostgreSQL has its
materialized view instead (migrations 0006 and 0010). The search text now ends with the
synopsis, so it is recomputed here on both backends.
"""

from django.db import migrations

FORWARD = [
    "CREATE TABLE IF NOT EXISTS catalog_searchword "
    "(word TEXT PRIMARY KEY, trigrams INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS catalog_searchtrigram "
    "(trigram TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (trigram, word)) WITHOUT ROWID",
]
BACKWARD = [
    "DROP TABLE IF EXISTS catalog_searchtrigram",
    "DROP TABLE IF EXISTS catalog_searchword",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in BACKWARD:
            schema_editor.execute(statement)


def add_synopsis(apps, schema_editor):
    """search_text += the normalised description, for the products that have one (the same
    text catalog.models.Product.build_search_text gives from now on)."""
    from catalog.text import normalize

    Product = apps.get_model("catalog", "Product")
    changed = []
    rows = Product.objects.exclude(description="").only("pk", "search_text", "description")
    for product in rows.iterator(2000):
        synopsis = normalize(product.description)
        if synopsis and not product.search_text.endswith(synopsis):
            product.search_text = f"{product.search_text} {synopsis}".strip()
            changed.append(product)
    Product.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0011_product_version")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(add_synopsis, migrations.RunPython.noop),
    ]
