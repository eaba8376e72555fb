"""Catalog import: CSV and ONIX 3.0 files become products, through catalog.services.

Both formats are read into the same textual rows (the CSV columns below); every row is then
validated and upserted in its own savepoint, so a broken row leaves nothing behind and the good
rows are kept. Books are matched by ISBN, merchandise without ISBN by slug or title. A row that
would not change anything is not written, so importing the same file twice reports every row as
unchanged the second time.
"""

import csv
import html
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import etree

from catalog.models import Author, Genre, ImportJob, Product, Publisher
from catalog.services import save_product, unique_slug
from catalog.text import normalize, normalize_isbn

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
MAX_FILE_BYTES = 20 * 1024 * 1024
LIST_SEPARATOR = ";"
GENRE_LEVEL_SEPARATOR = ">"

STATUS_CREATED = "created"
STATUS_UPDATED = "updated"
STATUS_UNCHANGED = "unchanged"
STATUS_REJECTED = "rejected"

LANGUAGES = {
    "es": "es",
    "spa": "es",
    "espanol": "es",
    "castellano": "es",
    "spanish": "es",
    "en": "en",
    "eng": "en",
    "ingles": "en",
    "english": "en",
    "qu": "qu",
    "que": "qu",
    "quechua": "qu",
    "pt": "pt",
    "por": "pt",
    "portugues": "pt",
    "portuguese": "pt",
    "fr": "fr",
    "fre": "fr",
    "fra": "fr",
    "frances": "fr",
    "french": "fr",
}
FORMATS = {
    "tapa_blanda": Product.Format.PAPERBACK,
    "tapa blanda": Product.Format.PAPERBACK,
    "rustica": Product.Format.PAPERBACK,
    "paperback": Product.Format.PAPERBACK,
    "tapa_dura": Product.Format.HARDCOVER,
    "tapa dura": Product.Format.HARDCOVER,
    "hardcover": Product.Format.HARDCOVER,
    "hardback": Product.Format.HARDCOVER,
    "bolsillo": Product.Format.POCKET,
    "pocket": Product.Format.POCKET,
}
KINDS = {
    "book": Product.Kind.BOOK,
    "libro": Product.Kind.BOOK,
    "merchandise": Product.Kind.MERCHANDISE,
    "merchandising": Product.Kind.MERCHANDISE,
    "merch": Product.Kind.MERCHANDISE,
}
MAX_PRICE = Decimal("99999999.99")


class ImportFileError(Exception):
    """The whole file cannot be read (not CSV/ONIX, missing columns...): the job fails."""


class RowError(Exception):
    """One row is rejected; the message is shown to staff as the reason."""


@dataclass
class SourceRow:
    line: int
    values: dict[str, str]
    error: str = ""  # set by a reader when the row cannot even be turned into values


@dataclass
class RowResult:
    line: int
    status: str
    isbn: str = ""
    title: str = ""
    reason: str = ""
    product_id: int | None = None

    def as_report(self) -> dict:
        return {
            "line": self.line,
            "status": self.status,
            "isbn": self.isbn,
            "title": self.title,
            "reason": self.reason,
        }


# ---------------------------------------------------------------------------------------------
# Running a job
# ---------------------------------------------------------------------------------------------


def detect_format(name: str, head: bytes) -> str:
    """csv or onix, from the file name, else from the first bytes."""
    suffix = Path(name or "").suffix.lower()
    if suffix in {".xml", ".onx", ".onix"}:
        return ImportJob.Format.ONIX
    if suffix in {".csv", ".txt", ".tsv"}:
        return ImportJob.Format.CSV
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return ImportJob.Format.ONIX if stripped.startswith(b"<") else ImportJob.Format.CSV


def run_import(*, job: ImportJob, progress_every: int | None = None) -> ImportJob:
    """Read the job's file and import every row, saving progress as it goes.

    Safe to run again after a crash: rows already imported come out as unchanged.
    Must not run inside a transaction if the progress is to be seen by other connections.
    """
    if job.status == ImportJob.Status.DONE:
        return job
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.processed_rows = 0
    job.save(update_fields=["status", "started_at", "processed_rows"])
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        rows = read_rows(data, job.format)
    except ImportFileError as exc:
        job.status = ImportJob.Status.FAILED
        job.error = str(exc)
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job

    job.total_rows = len(rows)
    job.save(update_fields=["total_rows"])
    every = progress_every or max(1, min(50, len(rows) // 100))
    importer = RowImporter()
    counts = {STATUS_CREATED: 0, STATUS_UPDATED: 0, STATUS_UNCHANGED: 0, STATUS_REJECTED: 0}
    report = []
    for index, row in enumerate(rows, start=1):
        result = importer.import_row(row)
        counts[result.status] += 1
        report.append(result.as_report())
        if index % every == 0 and index < len(rows):
            ImportJob.objects.filter(pk=job.pk).update(
                processed_rows=index, **_count_fields(counts)
            )
    for name, value in _count_fields(counts).items():
        setattr(job, name, value)
    job.processed_rows = len(rows)
    job.report = report
    job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    return job


def _count_fields(counts: dict[str, int]) -> dict[str, int]:
    return {
        "created_count": counts[STATUS_CREATED],
        "updated_count": counts[STATUS_UPDATED],
        "unchanged_count": counts[STATUS_UNCHANGED],
        "rejected_count": counts[STATUS_REJECTED],
    }


def read_rows(data: bytes, file_format: str) -> list[SourceRow]:
    if file_format == ImportJob.Format.ONIX:
        return read_onix(data)
    return read_csv(data)


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# ONIX 3.0 (reference and short tags)
# ---------------------------------------------------------------------------------------------

# Short tag -> reference name (lower case), for the elements we read.
ONIX_SHORT_TAGS = {
    "a001": "recordreference",
    "a002": "notificationtype",
    "b221": "productidtype",
    "b244": "idvalue",
    "b012": "productform",
    "b333": "productformdetail",
    "b202": "titletype",
    "x409": "titleelementlevel",
    "b203": "titletext",
    "b030": "titleprefix",
    "b031": "titlewithoutprefix",
    "b029": "subtitle",
    "b034": "sequencenumber",
    "b035": "contributorrole",
    "b036": "personname",
    "b037": "personnameinverted",
    "b039": "namesbeforekey",
    "b040": "keynames",
    "b047": "corporatename",
    "b253": "languagerole",
    "b252": "languagecode",
    "b218": "extenttype",
    "b219": "extentvalue",
    "b220": "extentunit",
    "x425": "mainsubject",
    "b067": "subjectschemeidentifier",
    "b069": "subjectcode",
    "b070": "subjectheadingtext",
    "x426": "texttype",
    "d104": "text",
    "b291": "publishingrole",
    "b081": "publishername",
    "b079": "imprintname",
    "x448": "publishingdaterole",
    "b306": "date",
    "x462": "pricetype",
    "j151": "priceamount",
    "j152": "currencycode",
    "m186": "defaultcurrencycode",
}
# BISAC (scheme 10) and Thema (scheme 93) code prefixes -> our genres ("Padre > Hijo").
# Longest prefix wins; other codes fall back to the subject's heading text when it has one.
BISAC_GENRES = {
    "FIC009": "Fantasía y ciencia ficción",
    "FIC028": "Fantasía y ciencia ficción",
    "FIC029": "Literatura > Cuento",
    "FIC": "Literatura > Novela",
    "POE": "Literatura > Poesía",
    "LIT": "Literatura > Ensayo",
    "JUV": "Infantil y juvenil",
    "JNF": "Infantil y juvenil",
    "YAF": "Infantil y juvenil",
    "YAN": "Infantil y juvenil",
    "HIS025": "Historia del Perú",
    "BIO": "No ficción",
    "HIS": "No ficción",
    "SOC": "No ficción",
    "PHI": "No ficción",
    "SCI": "No ficción",
    "BUS": "No ficción",
}
THEMA_GENRES = {
    "FM": "Fantasía y ciencia ficción",
    "FL": "Fantasía y ciencia ficción",
    "FYB": "Literatura > Cuento",
    "F": "Literatura > Novela",
    "DC": "Literatura > Poesía",
    "DN": "No ficción",
    "DS": "Literatura > Ensayo",
    "Y": "Infantil y juvenil",
    "N": "No ficción",
}
ONIX_FORMATS = {"BB": Product.Format.HARDCOVER, "BC": Product.Format.PAPERBACK}
ONIX_POCKET_DETAILS = {"B104", "B105"}  # mass-market and "A-format" paperbacks
PREFERRED_PRICE_TYPES = ["02", "04", "01", "03"]  # consumer prices including tax first


def _name(element) -> str:
    local = etree.QName(element).localname.lower()
    return ONIX_SHORT_TAGS.get(local, local)


def _children(element, name: str) -> list:
    return [child for child in element if isinstance(child.tag, str) and _name(child) == name]


def _child(element, name: str):
    found = _children(element, name) if element is not None else []
    return found[0] if found else None


def _text(element, *path: str) -> str:
    for name in path:
        element = _child(element, name)
        if element is None:
            return ""
    return " ".join("".join(element.itertext()).split())


def _by_code(elements: list, code_name: str, preferred: list[str]):
    """The first element whose `code_name` child is the earliest of `preferred`, else the first."""
    for code in preferred:
        for element in elements:
            if _text(element, code_name) == code:
                return element
    return elements[0] if elements else None


def read_onix(data: bytes) -> list[SourceRow]:
    # No DTDs and no entities at all: an ONIX feed never needs them, and they are how XML
    # attacks (external entities, "billion laughs") get in.
    if re.search(rb"<!(DOCTYPE[^>]*\[|ENTITY)", data[:100_000]):
        raise ImportFileError(_("El XML declara entidades o un DTD propio; no se aceptan."))
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportFileError(_("El XML no es válido: %(error)s") % {"error": exc}) from exc
    if _name(root) != "onixmessage":
        raise ImportFileError(_("No es un archivo ONIX: falta el elemento ONIXMessage."))
    release = root.get("release", "")
    if release and not release.startswith("3"):
        raise ImportFileError(
            _("Solo se admite ONIX 3.0; este archivo es ONIX %(release)s.") % {"release": release}
        )
    default_currency = _text(root, "header", "defaultcurrencycode")
    return [_onix_row(product, default_currency) for product in _children(root, "product")]


def _onix_row(product, default_currency: str) -> SourceRow:
    values: dict[str, str] = {"kind": Product.Kind.BOOK}
    identifiers = _children(product, "productidentifier")
    isbn_id = _by_code(identifiers, "productidtype", ["15"])
    if isbn_id is not None and _text(isbn_id, "productidtype") in {"15", "03", "02"}:
        values["isbn"] = _text(isbn_id, "idvalue")

    detail = _child(product, "descriptivedetail")
    if detail is not None:
        title_detail = _by_code(_children(detail, "titledetail"), "titletype", ["01"])
        if title_detail is not None:
            element = _by_code(_children(title_detail, "titleelement"), "titleelementlevel", ["01"])
            if element is not None:
                values["title"] = _text(element, "titletext") or " ".join(
                    part
                    for part in (
                        _text(element, "titleprefix"),
                        _text(element, "titlewithoutprefix"),
                    )
                    if part
                )
                values["subtitle"] = _text(element, "subtitle")
        values["authors"] = LIST_SEPARATOR.join(_onix_authors(detail))
        language = _by_code(_children(detail, "language"), "languagerole", ["01"])
        if language is not None:
            values["language"] = _text(language, "languagecode")
        for extent in _children(detail, "extent"):
            if _text(extent, "extenttype") in {"00", "11", "05"} and _text(
                extent, "extentunit"
            ) in {"", "03"}:
                values["pages"] = _text(extent, "extentvalue")
                break
        form = _text(detail, "productform")
        details = {_text(el) for el in _children(detail, "productformdetail")}
        if details & ONIX_POCKET_DETAILS:
            values["format"] = Product.Format.POCKET
        elif form in ONIX_FORMATS:
            values["format"] = ONIX_FORMATS[form]
        values["genres"] = LIST_SEPARATOR.join(_onix_genres(detail))

    collateral = _child(product, "collateraldetail")
    if collateral is not None:
        text = _by_code(_children(collateral, "textcontent"), "texttype", ["03", "02"])
        if text is not None and _text(text, "texttype") in {"03", "02"}:
            values["description"] = html.unescape(strip_tags(_text(text, "text")))

    publishing = _child(product, "publishingdetail")
    if publishing is not None:
        publisher = _by_code(_children(publishing, "publisher"), "publishingrole", ["01"])
        values["publisher"] = _text(publisher, "publishername") if publisher is not None else ""
        if not values["publisher"]:
            values["publisher"] = _text(publishing, "imprint", "imprintname")
        date = _by_code(_children(publishing, "publishingdate"), "publishingdaterole", ["01"])
        if date is not None:
            values["year"] = _text(date, "date")[:4]

    row = SourceRow(line=product.sourceline or 0, values=values)
    prices = []
    supply = _child(product, "productsupply")
    for supply_detail in _children(supply, "supplydetail") if supply is not None else []:
        prices += _children(supply_detail, "price")
    currencies = sorted(
        {_text(price, "currencycode") or default_currency or "?" for price in prices}
    )
    pen = [p for p in prices if (_text(p, "currencycode") or default_currency) == "PEN"]
    price = _by_code(pen, "pricetype", PREFERRED_PRICE_TYPES)
    if price is not None:
        values["price"] = _text(price, "priceamount")
    elif prices:
        row.error = _("Sin precio en soles (PEN): el producto solo trae %(currencies)s.") % {
            "currencies": ", ".join(currencies)
        }
    else:
        row.error = _("Sin precio: el producto no trae ningún Price en soles (PEN).")
    return row


def _onix_authors(detail) -> list[str]:
    authors = []
    for position, contributor in enumerate(_children(detail, "contributor")):
        roles = {_text(role) for role in _children(contributor, "contributorrole")}
        if "A01" not in roles:
            continue
        name = _text(contributor, "personname")
        if not name:
            before, key = _text(contributor, "namesbeforekey"), _text(contributor, "keynames")
            name = " ".join(part for part in (before, key) if part)
        if not name:
            inverted = _text(contributor, "personnameinverted")
            if "," in inverted:
                last, first = inverted.split(",", 1)
                name = f"{first.strip()} {last.strip()}"
            else:
                name = inverted
        name = name or _text(contributor, "corporatename")
        if name:
            sequence = _text(contributor, "sequencenumber")
            order = int(sequence) if sequence.isdigit() else 1000 + position
            authors.append((order, name.replace(LIST_SEPARATOR, ",")))
    return [name for _order, name in sorted(authors)]


def _onix_genres(detail) -> list[str]:
    subjects = _children(detail, "subject")
    # The main subject first.
    subjects.sort(key=lambda subject: _child(subject, "mainsubject") is None)
    genres: list[str] = []
    for subject in subjects:
        scheme = _text(subject, "subjectschemeidentifier")
        code = _text(subject, "subjectcode").upper()
        mapping = {"10": BISAC_GENRES, "93": THEMA_GENRES}.get(scheme)
        genre = ""
        if mapping and code:
            for prefix in sorted(mapping, key=len, reverse=True):
                if code.startswith(prefix):
                    genre = mapping[prefix]
                    break
        if not genre and scheme != "20":  # 20 = keywords, not a genre
            genre = _text(subject, "subjectheadingtext").replace(LIST_SEPARATOR, ",")
        if genre and genre not in genres:
            genres.append(genre)
    return genres


# ---------------------------------------------------------------------------------------------
# One row: validate, then create, update or leave alone
# ---------------------------------------------------------------------------------------------


@dataclass
class CleanRow:
    kind: str
    isbn: str
    title: str
    fields: dict  # Product field -> value, only those the row gives
    authors: list[str] | None
    publisher: str | None
    genres: list[str] | None


@dataclass
class RowImporter:
    """Imports rows one by one; remembers authors, publishers and genres it has looked up.

    Lookups made inside a row that is then rolled back are forgotten with it.
    """

    cache: dict = field(default_factory=dict)
    pending: dict = field(default_factory=dict)
    seen_keys: dict = field(default_factory=dict)  # isbn or merchandise title -> first line

    def import_row(self, row: SourceRow) -> RowResult:
        values = row.values
        result = RowResult(
            line=row.line,
            status=STATUS_REJECTED,
            isbn=values.get("isbn", "")[:30],
            title=values.get("title", "")[:255],
        )
        if row.error:
            result.reason = row.error
            return result
        try:
            clean = clean_row(values)
            result.isbn = clean.isbn or result.isbn
            key = clean.isbn or f"merch:{normalize(clean.title)}"
            if key in self.seen_keys:
                raise RowError(
                    _("Repetido en el archivo: ya viene en la línea %(line)s.")
                    % {"line": self.seen_keys[key]}
                )
            with transaction.atomic():
                status, product, reason = self._upsert(clean)
        except RowError as exc:
            result.reason = str(exc)
        except ValidationError as exc:
            result.reason = " ".join(_validation_messages(exc))
        except (IntegrityError, DataError) as exc:
            result.reason = _("No se pudo guardar: %(error)s") % {"error": str(exc)[:200]}
        else:
            self.seen_keys[key] = row.line
            self.cache.update(self.pending)
            result.status, result.reason, result.product_id = status, reason, product.pk
        self.pending.clear()
        return result

    # -- lookups ------------------------------------------------------------------------------

    def _remember(self, key, obj):
        self.pending[key] = obj
        return obj

    def _lookup(self, key):
        return self.pending.get(key) or self.cache.get(key)

    def author(self, name: str) -> Author:
        if len(name) > 160:
            raise RowError(
                _("El nombre del autor es demasiado largo: «%(name)s…».") % {"name": name[:40]}
            )
        key = ("author", normalize(name))
        if found := self._lookup(key):
            return found
        slug = slugify(name)
        author = _by_slug_or_name(Author, slug=slug, name=name)
        if author is None:
            author = Author.objects.create(
                name=name, slug=unique_slug(Author, name, max_length=170)
            )
        return self._remember(key, author)

    def publisher(self, name: str) -> Publisher:
        if len(name) > 160:
            raise RowError(_("El nombre de la editorial es demasiado largo."))
        key = ("publisher", normalize(name))
        if found := self._lookup(key):
            return found
        slug = slugify(name)
        publisher = _by_slug_or_name(Publisher, slug=slug, name=name)
        if publisher is None:
            publisher = Publisher.objects.create(
                name=name, slug=unique_slug(Publisher, name, max_length=170)
            )
        return self._remember(key, publisher)

    def genre(self, spec: str) -> Genre:
        parts = [part.strip() for part in spec.split(GENRE_LEVEL_SEPARATOR)]
        if len(parts) > 2 or not all(parts):
            raise RowError(
                _("Género no válido «%(genre)s»: usa «Padre > Hijo» (dos niveles como máximo).")
                % {"genre": spec}
            )
        if any(len(part) > 100 for part in parts):
            raise RowError(_("El nombre del género es demasiado largo."))
        key = ("genre", tuple(normalize(part) for part in parts))
        if found := self._lookup(key):
            return found
        if len(parts) == 1:
            genre = self._find_genre(parts[0], parent=None, any_level=True)
        else:
            parent = self.genre(parts[0])
            genre = self._find_genre(parts[1], parent=parent, any_level=False)
        return self._remember(key, genre)

    def _find_genre(self, text: str, *, parent: Genre | None, any_level: bool) -> Genre:
        siblings = Genre.objects.all() if any_level else Genre.objects.filter(parent=parent)
        found = (
            siblings.filter(slug=text).first()
            or siblings.filter(name__iexact=text).order_by("parent_id", "pk").first()
            or siblings.filter(slug=slugify(text)).first()
        )
        if found is None:
            # "Novela" under "Infantil" gets "infantil-novela" when "novela" is taken.
            base = text
            if parent is not None and Genre.objects.filter(slug=slugify(text)).exists():
                base = f"{parent.name} {text}"
            found = Genre.objects.create(
                name=text, parent=parent, slug=unique_slug(Genre, base, max_length=110)
            )
        return found

    # -- upsert -------------------------------------------------------------------------------

    def _upsert(self, clean: CleanRow) -> tuple[str, Product, str]:
        authors = [self.author(name) for name in clean.authors] if clean.authors else None
        genres = [self.genre(spec) for spec in clean.genres] if clean.genres else None
        fields = dict(clean.fields)
        if clean.publisher:
            fields["publisher"] = self.publisher(clean.publisher)

        product = _find_product(clean)
        if product is None:
            product = Product(kind=clean.kind, isbn=clean.isbn, title=clean.title)
            if clean.kind == Product.Kind.MERCHANDISE:
                product.tax_class = Product.TaxClass.STANDARD
            for name, value in fields.items():
                setattr(product, name, value)
            save_product(product=product, authors=authors or [], genres=genres or [])
            return STATUS_CREATED, product, ""

        changed = [name for name, value in fields.items() if getattr(product, name) != value]
        if product.kind != clean.kind:
            changed.append("kind")
        if product.title != clean.title:
            changed.append("title")
        authors_changed = authors is not None and [
            link.author_id for link in product.product_authors.order_by("position")
        ] != _unique_ids(authors)
        genres_changed = genres is not None and set(
            product.genres.values_list("pk", flat=True)
        ) != {genre.pk for genre in genres}
        if not (changed or authors_changed or genres_changed):
            return STATUS_UNCHANGED, product, ""
        for name, value in fields.items():
            setattr(product, name, value)
        product.kind = clean.kind
        product.title = clean.title
        save_product(
            product=product,
            authors=authors if authors_changed else None,
            genres=genres if genres_changed else None,
        )
        labels = [str(Product._meta.get_field(name).verbose_name) for name in changed]
        if authors_changed:
            labels.append(str(Product._meta.get_field("authors").verbose_name))
        if genres_changed:
            labels.append(str(Product._meta.get_field("genres").verbose_name))
        return STATUS_UPDATED, product, _("Cambió: %(fields)s.") % {"fields": ", ".join(labels)}


def _by_slug_or_name(model, *, slug: str, name: str):
    """The row whose slug is the name's slug (unique index, and "Jose Maria Arguedas" finds
    "José María Arguedas"), else the one with that name in any case (the lower(name) trigram
    index serves authors on PostgreSQL)."""
    found = model.objects.filter(slug=slug).first() if slug else None
    if found is None:
        found = (
            model.objects.alias(lower_name=Lower("name")).filter(lower_name=name.lower()).first()
        )
    return found


def _unique_ids(objects) -> list[int]:
    ids: list[int] = []
    for obj in objects:
        if obj.pk not in ids:
            ids.append(obj.pk)
    return ids


def _find_product(clean: CleanRow) -> Product | None:
    if clean.isbn:
        return Product.objects.filter(isbn=clean.isbn).select_related("publisher").first()
    slug = slugify(clean.title)
    return (
        Product.objects.filter(kind=Product.Kind.MERCHANDISE, isbn="")
        .filter(Q(slug=slug) | Q(title__iexact=clean.title))
        .select_related("publisher")
        .order_by("pk")
        .first()
    )


def _validation_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        messages = []
        for name, errors in exc.message_dict.items():
            try:
                label = str(Product._meta.get_field(name).verbose_name)
            except Exception:
                label = name
            messages += [f"{label}: {message}" for message in errors]
        return messages
    return list(exc.messages)


def clean_row(values: dict[str, str]) -> CleanRow:
    """Check the shape of a row and convert its text; raise RowError with a Spanish reason."""
    title = values.get("title", "").strip()
    if not title:
        raise RowError(_("Falta el título."))
    if len(title) > 255:
        raise RowError(_("El título es demasiado largo (máximo 255 caracteres)."))

    raw_kind = normalize(values.get("kind", ""))
    kind = KINDS.get(raw_kind) if raw_kind else Product.Kind.BOOK
    if kind is None:
        raise RowError(
            _("Tipo desconocido «%(kind)s»: usa book o merchandise.") % {"kind": values["kind"]}
        )

    raw_isbn = values.get("isbn", "").strip()
    isbn = ""
    if raw_isbn:
        try:
            isbn = normalize_isbn(raw_isbn)
        except ValidationError as exc:
            raise RowError(
                _("«%(isbn)s»: %(reason)s") % {"isbn": raw_isbn[:30], "reason": exc.messages[0]}
            ) from exc
    elif kind == Product.Kind.BOOK:
        raise RowError(
            _("Falta el ISBN (obligatorio para libros; para otros productos usa kind=merchandise).")
        )

    fields: dict = {}
    raw_price = values.get("price", "").strip()
    if not raw_price:
        raise RowError(_("Falta el precio."))
    fields["price"] = parse_price(raw_price, label=_("El precio"))
    if values.get("compare_at_price", "").strip():
        fields["compare_at_price"] = parse_price(
            values["compare_at_price"], label=_("El precio antes")
        )
    for name in ("subtitle", "description"):
        if values.get(name, "").strip():
            fields[name] = values[name].strip()
    if len(fields.get("subtitle", "")) > 255:
        raise RowError(_("El subtítulo es demasiado largo (máximo 255 caracteres)."))

    if raw := values.get("language", "").strip():
        language = LANGUAGES.get(normalize(raw))
        if language is None:
            raise RowError(
                _("Idioma desconocido «%(language)s»: usa es, en, qu, pt o fr.")
                % {"language": raw[:20]}
            )
        fields["language"] = language
    if raw := values.get("format", "").strip():
        book_format = FORMATS.get(normalize(raw).replace("-", " ")) or FORMATS.get(normalize(raw))
        if book_format is None:
            raise RowError(
                _("Formato desconocido «%(format)s»: usa tapa_blanda, tapa_dura o bolsillo.")
                % {"format": raw[:30]}
            )
        fields["format"] = book_format
    if raw := values.get("pages", "").strip():
        fields["pages"] = parse_int(raw, label=_("Las páginas"), low=1, high=100_000)
    if raw := values.get("year", "").strip():
        fields["publication_year"] = parse_int(
            raw, label=_("El año"), low=1400, high=timezone.now().year + 2
        )

    authors = _split(values.get("authors", ""))
    genres = _split(values.get("genres", ""))
    publisher = values.get("publisher", "").strip() or None
    return CleanRow(
        kind=kind,
        isbn=isbn,
        title=title,
        fields=fields,
        authors=authors or None,
        publisher=publisher,
        genres=genres or None,
    )


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR) if part.strip()]


def parse_price(raw: str, *, label: str) -> Decimal:
    text = raw.strip().upper().replace("S/.", "").replace("S/", "").replace("PEN", "")
    text = text.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        # 1.234,50 or 1,234.50: the last separator is the decimal one.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise RowError(
            _("%(label)s no es un número: «%(value)s».") % {"label": label, "value": raw[:30]}
        )
    if value < 0:
        raise RowError(
            _("%(label)s no puede ser negativo: %(value)s.") % {"label": label, "value": raw[:30]}
        )
    if value > MAX_PRICE:
        raise RowError(
            _("%(label)s es demasiado alto: %(value)s.") % {"label": label, "value": raw[:30]}
        )
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_int(raw: str, *, label: str, low: int, high: int) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise RowError(
            _("%(label)s no es un número entero: «%(value)s».")
            % {"label": label, "value": raw[:30]}
        ) from None
    if not low <= value <= high:
        raise RowError(
            _("%(label)s está fuera de rango (%(low)s a %(high)s): %(value)s.")
            % {"label": label, "low": low, "high": high, "value": value}
        )
    return value


def start_import(*, uploaded_file, file_format: str, user=None) -> ImportJob:
    """Store the file, create the job and queue the import once the job is committed."""
    from catalog.tasks import run_import_task

    job = ImportJob.objects.create(
        file=uploaded_file,
        original_name=Path(uploaded_file.name or "").name[:255],
        format=file_format,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    transaction.on_commit(lambda: run_import_task.delay(job.pk))
    return job
