"""Numbers from requests, parsed with bounds.

Every number a person or a client types (a quantity, a price filter, an id in a form) goes through
one of these, so that `1e309`, `NaN`, `-1`, `²` or twenty digits never reach `Decimal.quantize`,
an integer column or a stock movement: the caller gets `None` and shows its own Spanish message.

Only ASCII digits are accepted (`str.isdigit` and `int()` accept "²" or "١٢", which then fail
elsewhere), at most a few dozen characters are read, and the value must lie within
[low, high] (both inclusive; `None` for no bound on that side).
"""

import re
from decimal import Decimal, InvalidOperation

# The largest value of a PostgreSQL `integer` column (Django's IntegerField, AutoField).
MAX_DB_INT = 2_147_483_647
# The largest value of a `bigint` column (BigAutoField, BigIntegerField).
MAX_DB_BIGINT = 9_223_372_036_854_775_807

_INT_RE = re.compile(r"[+-]?[0-9]{1,19}")
_DECIMAL_RE = re.compile(r"[+-]?[0-9]{1,15}(?:[.,][0-9]{0,6})?|[+-]?[.,][0-9]{1,6}")


def parse_int(raw, *, low: int | None = 0, high: int | None = MAX_DB_INT) -> int | None:
    """An integer within [low, high], or None (not a whole number, or out of bounds)."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        if not _INT_RE.fullmatch(text):
            return None
        value = int(text)
    if low is not None and value < low:
        return None
    if high is not None and value > high:
        return None
    return value


def parse_id(raw) -> int | None:
    """A primary key: a positive integer that fits a bigint column, or None."""
    return parse_int(raw, low=1, high=MAX_DB_BIGINT)


def parse_decimal(
    raw,
    *,
    low: Decimal | int | None = 0,
    high: Decimal | int | None = Decimal("9999999.99"),
    places: int = 2,
) -> Decimal | None:
    """A finite decimal within [low, high], rounded to `places`, or None.

    A comma is read as the decimal point (people in Peru write 45,90). Exponents, NaN and
    Infinity are refused by the pattern before `Decimal` sees the text."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, Decimal | int):
        text = str(raw)
    else:
        text = str(raw).strip().replace(",", ".")
        if not _DECIMAL_RE.fullmatch(text):
            return None
    try:
        value = Decimal(text)
        if not value.is_finite():
            return None
        value = value.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        return None
    if low is not None and value < Decimal(low):
        return None
    if high is not None and value > Decimal(high):
        return None
    return value


def strip_nul(text: str) -> str:
    """Drop NUL characters (PostgreSQL refuses them in text) from one string."""
    return text.replace("\x00", "") if "\x00" in text else text


def clean_frame(value):
    """A websocket frame (already decoded from JSON) without NUL characters in any string,
    however deeply nested: the chat consumers call it on every frame they receive."""
    if isinstance(value, str):
        return strip_nul(value)
    if isinstance(value, dict):
        return {strip_nul(str(k)): clean_frame(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_frame(item) for item in value]
    return value
