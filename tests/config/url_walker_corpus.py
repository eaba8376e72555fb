"""The hostile values the URL walker (url_walker.py) puts in every path segment and every
known query or form parameter. Sharp, not exhaustive: each value stands for a class of 500s.

- NUL: PostgreSQL refuses it in text (a DataError).
- huge / overflow numbers: Decimal("1e309") is Infinity, 2**31 and 2**63 overflow integer columns.
- NaN, negative, zero: numbers that parse but are not quantities.
- overlong text and unicode: columns with max_length, normalisation, encodings.
- SQL/HTML-ish text and path traversal: they must come back escaped or refused, never as a 500.
- "abc": a bare word where a URL, a number or a choice is expected (`redirect("abc")` reverses it).
"""

NUL = "a\x00b"

# For query strings and form fields (every known parameter gets the same value at once).
PARAMETER_VALUES = [
    NUL,
    "1e309",
    "-1",
    "99999999999999999999999",
    "NaN",
    "abc",
    "' OR '1'='1\"><script>alert(1)</script>",
    "ñandú 📚 " * 40,  # overlong (320 characters) and outside the BMP
]

# The admin's ~170 patterns share a few generic views (changelist, add, change, delete, history):
# they get the sharpest values only.
ADMIN_PARAMETER_VALUES = [NUL, "1e309", "99999999999999999999999", "ñandú 📚 " * 40]
ADMIN_SEGMENT_VALUES = [NUL, "2147483648", "../../etc/passwd", None]

# For path segments, by converter; `None` stands for "someone else's object" (the walker fills it
# with an id or slug that belongs to another customer or another store).
SEGMENT_VALUES = {
    "int": ["0", "2147483648", "99999999999999999999999", None],
    "str": [NUL, "1e309", "x" * 600, "..%2F..%2Fetc%2Fpasswd", "' OR 1=1--", "ñandú", None],
    "slug": ["1e309", "x" * 600, "-", None],
    "path": [NUL, "0", "-1", "x" * 600, "../../etc/passwd", "2147483648", None],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
    "regex": ["x", NUL, "x" * 600],
}

# Extra parameter names the source does not spell as request.GET/POST.get("...") (form fields of
# the staff console and the shop, and allauth's). The walker adds the names it finds in the code.
EXTRA_PARAMETERS = [
    "next",
    "q",
    "quantity",
    "cantidad",
    "store",
    "tienda",
    "product",
    "producto",
    "email",
    "login",
    "password",
    "number",
    "numero",
    "reason",
    "motivo",
    "amount",
    "monto",
    "pagina",
    "page",
    "p",
    "o",
    "precio_min",
    "precio_max",
]
