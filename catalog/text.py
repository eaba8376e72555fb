"""Text helpers for search and identifiers: accent-free lower case, ISBN normalisation."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import isbn as stdnum_isbn

ISBN_ERROR = _("El ISBN no es válido: revisa los 10 o 13 dígitos (por ejemplo 978-84-376-0494-7).")
_SPACES = re.compile(r"\s+")
_ISBN_CHARS = re.compile(r"^[0-9Xx][0-9Xx\-\s]{8,20}$")


def normalize(text: str) -> str:
    """Lower case, without accents or extra spaces: "García  Márquez" -> "garcia marquez"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def normalize_isbn(value: str) -> str:
    """Return the compact ISBN-13 of an ISBN-10 or ISBN-13 (hyphens allowed), or raise."""
    raw = (value or "").strip()
    if len(raw) > 30:
        raise ValidationError(ISBN_ERROR, code="invalid_isbn")
    try:
        return stdnum_isbn.to_isbn13(stdnum_isbn.validate(raw)).replace("-", "")
    except Exception as exc:  # stdnum raises several ValidationError subclasses
        raise ValidationError(ISBN_ERROR, code="invalid_isbn") from exc


def looks_like_isbn(text: str) -> bool:
    """Whether a search is an ISBN typed or scanned (digits, maybe hyphens or spaces)."""
    text = (text or "").strip()
    digits = re.sub(r"[\s\-]", "", text)
    return bool(_ISBN_CHARS.match(text)) and len(digits) in (10, 13)


def format_isbn(isbn13: str) -> str:
    """978-84-376-0494-7 style, when the ranges are known; the compact form otherwise."""
    try:
        return stdnum_isbn.format(isbn13)
    except Exception:
        return isbn13
