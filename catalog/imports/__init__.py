"""Catalog import: CSV and ONIX 3.0 files become products, through catalog.services.

Both formats are read into the same textual rows (the CSV columns below); every row is then
validated and upserted in its own savepoint, so a broken row leaves nothing behind and the good
rows are kept. Books are matched by ISBN, merchandise without ISBN by slug or title. A row that
would not change anything is not written, so importing the same file twice reports every row as
unchanged the second time.

The package, along the way a file goes: `jobs` (run a job: format, progress, report), `csv` and
`onix` (a file into textual rows), `parsing` (a row's text into checked values) and `rows` (one
row created, updated or left alone).
"""

from catalog.imports.csv import CSV_COLUMNS, read_csv, write_csv_row
from catalog.imports.jobs import (
    MAX_FILE_BYTES,
    detect_format,
    purge_expired_import_files,
    read_rows,
    requeue_pending_imports,
    run_import,
    start_import,
)
from catalog.imports.onix import read_onix
from catalog.imports.parsing import (
    ImportFileError,
    RowError,
    SourceRow,
    clean_row,
    parse_int,
    parse_price,
)
from catalog.imports.rows import (
    STATUS_CREATED,
    STATUS_REJECTED,
    STATUS_UNCHANGED,
    STATUS_UPDATED,
    RowImporter,
    RowResult,
)

__all__ = [
    "CSV_COLUMNS",
    "MAX_FILE_BYTES",
    "STATUS_CREATED",
    "STATUS_REJECTED",
    "STATUS_UNCHANGED",
    "STATUS_UPDATED",
    "ImportFileError",
    "RowError",
    "RowImporter",
    "RowResult",
    "SourceRow",
    "clean_row",
    "detect_format",
    "parse_int",
    "parse_price",
    "purge_expired_import_files",
    "read_csv",
    "read_onix",
    "read_rows",
    "run_import",
    "requeue_pending_imports",
    "start_import",
    "write_csv_row",
]
