"""Search indexes that exist only on PostgreSQL: trigram (typos, partial words) and full text
with a Spanish configuration that ignores accents. SQLite searches the same normalised column
with LIKE, so this migration does nothing there."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'es_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = spanish);
            ALTER TEXT SEARCH CONFIGURATION es_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
        END IF;
    END $$
    """,
    "CREATE INDEX IF NOT EXISTS catalog_product_search_trgm "
    "ON catalog_product USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_product_search_fts "
    "ON catalog_product USING gin (to_tsvector('es_unaccent'::regconfig, search_text))",
    "CREATE INDEX IF NOT EXISTS catalog_author_name_trgm "
    "ON catalog_author USING gin (lower(name) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS catalog_author_name_trgm",
    "DROP INDEX IF EXISTS catalog_product_search_fts",
    "DROP INDEX IF EXISTS catalog_product_search_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_products")]

    operations = [migrations.RunPython(forward, backward)]
