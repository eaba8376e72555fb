"""From a row's text to checked values: the row types, the vocabularies (languages, formats,
kinds) and the cleaning of one row (`clean_row`), with Spanish reasons for what is refused."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.text import normalize, normalize_isbn

LIST_SEPARATOR = ";"
GENRE_LEVEL_SEPARATOR = ">"

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
class CleanRow:
    kind: str
    isbn: str
    title: str
    fields: dict  # Product field -> value, only those the row gives
    authors: list[str] | None
    publisher: str | None
    genres: list[str] | None


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
