import pytest
from django.core.exceptions import ValidationError

from catalog.text import looks_like_isbn, normalize, normalize_isbn


@pytest.mark.parametrize(
    ("raw", "isbn13"),
    [
        ("978-84-376-0494-7", "9788437604947"),
        ("9788437604947", "9788437604947"),
        ("84-376-0494-X", "9788437604947"),  # ISBN-10 with check X -> ISBN-13
        ("0-306-40615-2", "9780306406157"),
        (" 978 0 306 40615 7 ", "9780306406157"),
    ],
)
def test_isbn_is_normalised_to_compact_isbn13(raw, isbn13):
    assert normalize_isbn(raw) == isbn13


@pytest.mark.parametrize("raw", ["978-84-376-0494-8", "12345", "", "abcdefghij", "9" * 200])
def test_bad_isbns_are_refused_in_spanish(raw):
    with pytest.raises(ValidationError) as error:
        normalize_isbn(raw)
    assert "El ISBN no es válido" in str(error.value)


def test_normalize_drops_accents_case_and_extra_spaces():
    assert normalize("  García   MÁRQUEZ  ") == "garcia marquez"
    assert normalize("Ñuñoa · Pío Baroja") == "nunoa · pio baroja"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("978-84-376-0494-7", True), ("8437604947", True), ("vargas", False), ("1984", False)],
)
def test_looks_like_isbn(text, expected):
    assert looks_like_isbn(text) is expected
