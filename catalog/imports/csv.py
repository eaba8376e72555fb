"""The CSV side of the import: reading a file into rows, and one product as a CSV row for the
admin's export (same columns both ways)."""

import csv
import io

from django.utils.translation import gettext as _

from catalog.imports.parsing import (
    GENRE_LEVEL_SEPARATOR,
    LIST_SEPARATOR,
    ImportFileError,
    SourceRow,
)
from catalog.models import Product
from catalog.text import normalize

# The CSV columns, in the order the admin's CSV export writes them.
CSV_COLUMNS = [
    "isbn",
    "title",
    "subtitle",
    "authors",
    "publisher",
    "genres",
    "price",
    "compare_at_price",
    "language",
    "format",
    "pages",
    "year",
    "description",
    "kind",
]
# Spanish headers are accepted too (compared without accents or case).
HEADER_ALIASES = {
    "titulo": "title",
    "subtitulo": "subtitle",
    "autor": "authors",
    "autores": "authors",
    "author": "authors",
    "editorial": "publisher",
    "genero": "genres",
    "generos": "genres",
    "genre": "genres",
    "precio": "price",
    "precio_antes": "compare_at_price",
    "precio_anterior": "compare_at_price",
    "idioma": "language",
    "formato": "format",
    "paginas": "pages",
    "ano": "year",
    "anio": "year",
    "publication_year": "year",
    "descripcion": "description",
    "tipo": "kind",
}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows still saves "CSV" as Windows-1252 unless told otherwise.
        return data.decode("cp1252", errors="replace")


def _header_key(name: str) -> str:
    key = normalize(name).replace(" ", "_").replace("-", "_")
    return HEADER_ALIASES.get(key, key)


def read_csv(data: bytes) -> list[SourceRow]:
    text = _decode(data)
    if not text.strip():
        raise ImportFileError(_("El archivo está vacío."))
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportFileError(_("No se pudo leer el CSV: %(error)s") % {"error": exc}) from exc
    keys = [_header_key(name) for name in header]
    if "title" not in keys:
        raise ImportFileError(
            _(
                "Falta la columna «title» (o «título»). Las columnas son: %(columns)s, "
                "separadas por coma o punto y coma."
            )
            % {"columns": ", ".join(CSV_COLUMNS)}
        )
    rows = []
    last_line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append(SourceRow(line=last_line + 1, values={}, error=str(exc)))
            last_line = reader.line_num
            continue
        line = last_line + 1  # a quoted cell may span several lines: report where the row starts
        last_line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            key: cell.strip() for key, cell in zip(keys, cells, strict=False) if key in CSV_COLUMNS
        }
        rows.append(SourceRow(line=line, values=values))
    return rows


def write_csv_row(product: Product) -> list[str]:
    """The CSV columns of one product (authors and genres prefetched), for the admin export."""
    genres = []
    for genre in product.genres.all():
        if genre.parent_id:
            genres.append(f"{genre.parent.name} {GENRE_LEVEL_SEPARATOR} {genre.name}")
        else:
            genres.append(genre.name)
    return [
        product.isbn,
        product.title,
        product.subtitle,
        f"{LIST_SEPARATOR} ".join(author.name for author in product.ordered_authors),
        product.publisher.name if product.publisher_id else "",
        f"{LIST_SEPARATOR} ".join(genres),
        f"{product.price:.2f}",
        f"{product.compare_at_price:.2f}" if product.compare_at_price is not None else "",
        product.language,
        product.format,
        str(product.pages or ""),
        str(product.publication_year or ""),
        product.description,
        product.kind,
    ]
