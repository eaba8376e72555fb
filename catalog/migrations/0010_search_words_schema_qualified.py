"""The catalog vocabulary's view names its table with the schema (PostgreSQL only).

`ts_stat()` runs its query from a string, resolved at each refresh with the search_path of
that moment. pg_restore empties the search_path (a PostgreSQL safety rule since 10.3), so the
REFRESH at the end of `make restore` failed with "relation catalog_product does not exist"
and the whole restore rolled back. The query now names `<schema>.catalog_product`, the schema
the migration runs in.
"""

from django.db import migrations

INDEX = (
    "CREATE INDEX IF NOT EXISTS catalog_searchword_trgm ON catalog_searchword "
    "USING gist (word gist_trgm_ops)"
)


def _view(table: str) -> str:
    inner = f"SELECT to_tsvector(''simple'', search_text) FROM {table} WHERE is_active"
    return (
        "CREATE MATERIALIZED VIEW catalog_searchword AS "
        f"SELECT word FROM ts_stat('{inner}') "
        "WHERE word !~ '[0-9]' AND length(word) > 2"
    )


def _recreate(schema_editor, table: str) -> None:
    schema_editor.execute("DROP MATERIALIZED VIEW IF EXISTS catalog_searchword")
    schema_editor.execute(_view(table))
    schema_editor.execute(INDEX)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        (schema,) = cursor.fetchone()
    _recreate(schema_editor, f"{schema_editor.quote_name(schema)}.catalog_product")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _recreate(schema_editor, "catalog_product")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0009_uploads_checked_and_private")]

    operations = [migrations.RunPython(forward, backward)]
