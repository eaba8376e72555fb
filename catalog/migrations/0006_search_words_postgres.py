"""The vocabulary of the catalog, for typo-tolerant search (PostgreSQL only).

A materialized view holds every distinct word of the products' search text, with a trigram
index. A misspelt query word ("llossa", "ribeiro") is looked up there first — a few tens of
thousands of short words, fast — and the products are then searched for the words it resembles
through the usual trigram index. Refreshed by catalog.services.refresh_search_words (beat task,
imports, seeds).
"""

from django.db import migrations

FORWARD = [
    """
    CREATE MATERIALIZED VIEW IF NOT EXISTS catalog_searchword AS
    SELECT word FROM ts_stat(
        'SELECT to_tsvector(''simple'', search_text) FROM catalog_product WHERE is_active'
    )
    WHERE word !~ '[0-9]' AND length(word) > 2
    """,
    "CREATE INDEX IF NOT EXISTS catalog_searchword_trgm ON catalog_searchword "
    "USING gist (word gist_trgm_ops)",
]
BACKWARD = ["DROP MATERIALIZED VIEW IF EXISTS catalog_searchword"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_search_fts_coalesce_index_postgres")]

    operations = [migrations.RunPython(forward, backward)]
