"""Demo catalog of Libros Pepito: genres, authors, publishers, books and merchandise.

The data lives in catalog.demo_books (facts only: real titles, authors and years; demo ISBNs
are synthetic). Idempotent: genres, authors and publishers are looked up by slug, books by
ISBN and merchandise by slug; existing rows are never saved again.
"""

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.utils.text import slugify

from catalog.demo_books import AUTHORS, BOOKS, MERCHANDISE
from catalog.models import Author, Genre, Product, Publisher
from catalog.services import refresh_search_words, save_product

# slug: (name, parent slug). Parents come before their children.
GENRES = {
    "literatura": ("Literatura", None),
    "novela": ("Novela", "literatura"),
    "cuento": ("Cuento", "literatura"),
    "poesia": ("Poesía", "literatura"),
    "ensayo": ("Ensayo", "literatura"),
    "teatro": ("Teatro", "literatura"),
    "cronica": ("Crónica", "literatura"),
    "infantil": ("Infantil y juvenil", None),
    "ninos": ("Infantil", "infantil"),
    "juvenil": ("Juvenil", "infantil"),
    "historia-del-peru": ("Historia del Perú", None),
    "incas-y-mundo-andino": ("Incas y mundo andino", "historia-del-peru"),
    "peru-republicano": ("Perú republicano", "historia-del-peru"),
    "fantasia": ("Fantasía y ciencia ficción", None),
    "fantasia-epica": ("Fantasía", "fantasia"),
    "ciencia-ficcion": ("Ciencia ficción", "fantasia"),
    "policial": ("Policial y suspenso", None),
    "no-ficcion": ("No ficción", None),
    "biografias": ("Biografías y memorias", "no-ficcion"),
    "ciencias-sociales": ("Ciencias sociales", "no-ficcion"),
    "gastronomia-peruana": ("Gastronomía peruana", "no-ficcion"),
    "divulgacion": ("Divulgación científica", "no-ficcion"),
    "filosofia": ("Filosofía", "no-ficcion"),
    "autoayuda": ("Autoayuda y desarrollo personal", None),
}

FORMATS = {"tb": "tapa_blanda", "td": "tapa_dura", "bo": "bolsillo"}

# List price by format and pages: (up to pages, price); the last row has no limit.
PRICES = {
    "bolsillo": [(200, "29.90"), (350, "34.90"), (500, "39.90"), (700, "44.90"), (None, "49.90")],
    "tapa_blanda": [
        (150, "45.00"),
        (250, "54.00"),
        (400, "64.00"),
        (600, "79.00"),
        (900, "89.00"),
        (None, "99.00"),
    ],
    "tapa_dura": [(250, "79.00"), (450, "95.00"), (700, "115.00"), (None, "129.00")],
}
IMPORTED_SURCHARGE = Decimal("10.00")  # English editions are imported
MAX_PRICE = Decimal("129.00")

ISBN_PREFIX = "978612"  # Peru's ISBN group; the demo serials below are made up


@dataclass(frozen=True)
class DemoBook:
    serial: int
    title: str
    subtitle: str
    authors: tuple[str, ...]
    year: int | None
    genres: tuple[str, ...]
    publisher: str
    format: str
    pages: int
    sold: int
    language: str
    discount: int
    description: str


def synthetic_isbn(serial: int) -> str:
    """A valid ISBN-13 that names no real edition: 978612 + 900000 + serial + check digit."""
    body = f"{ISBN_PREFIX}{900000 + serial:06d}"
    total = sum(int(digit) * (1 if i % 2 == 0 else 3) for i, digit in enumerate(body))
    return body + str((10 - total % 10) % 10)


def list_price(book_format: str, pages: int, language: str) -> Decimal:
    price = next(Decimal(p) for limit, p in PRICES[book_format] if limit is None or pages <= limit)
    if language != "es":
        price = min(price + IMPORTED_SURCHARGE, MAX_PRICE)
    return price


def sale_price(price: Decimal, discount: int) -> Decimal:
    """`discount` % off, ending in .90: 64.00 at 20 % off is 50.90."""
    reduced = price * (100 - discount) / 100
    return reduced.quantize(Decimal("1"), rounding=ROUND_FLOOR) - Decimal("0.10")


def parse_books(text: str = BOOKS) -> list[DemoBook]:
    records: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            records.append((line, []))
        elif line.lstrip().startswith("|"):
            header, description = records[-1]
            records[-1] = (f"{header} {line.strip()}", description)
        else:
            records[-1][1].append(line.strip())
    books = []
    for serial, (header, description) in enumerate(records, start=1):
        fields = [field.strip() for field in header.split("|")]
        title, authors, year, genres, publisher, fmt_pages, sold = fields[:7]
        flags = fields[7].split() if len(fields) > 7 else []
        title, _, subtitle = (part.strip() for part in title.partition("~"))
        fmt, pages = fmt_pages.split()
        books.append(
            DemoBook(
                serial=serial,
                title=title,
                subtitle=subtitle,
                authors=tuple(slug.strip() for slug in authors.split(",")),
                year=None if year == "-" else int(year),
                genres=tuple(genres.split()),
                publisher=publisher,
                format=FORMATS[fmt],
                pages=int(pages),
                sold=int(sold),
                language="en" if "en" in flags else "es",
                discount=next((-int(flag) for flag in flags if flag.startswith("-")), 0),
                description=" ".join(description),
            )
        )
    return books


def seed(out) -> None:
    genres = {}
    for slug, (name, parent_slug) in GENRES.items():
        genres[slug], _ = Genre.objects.get_or_create(
            slug=slug, defaults={"name": name, "parent": genres.get(parent_slug)}
        )

    authors = {author.slug: author for author in Author.objects.all()}
    for name, nationality, bio in AUTHORS:
        slug = slugify(name)
        author = authors.get(slug)
        if author is None:
            authors[slug] = Author.objects.create(
                slug=slug, name=name, nationality=nationality, bio=bio
            )
        elif not author.bio:
            # Demo databases seeded before the bios existed: fill the blank once.
            Author.objects.filter(pk=author.pk, bio="").update(bio=bio)

    books = parse_books()
    publishers = {publisher.slug: publisher for publisher in Publisher.objects.all()}
    for name in dict.fromkeys(book.publisher for book in books):
        slug = slugify(name)
        if slug not in publishers:
            publishers[slug] = Publisher.objects.create(slug=slug, name=name)

    existing = set(
        Product.objects.filter(kind=Product.Kind.MERCHANDISE).values_list("slug", flat=True)
    )
    new_merchandise = 0
    for slug, title, price, sold, description in MERCHANDISE:
        if slug in existing:
            continue
        save_product(
            product=Product(
                kind=Product.Kind.MERCHANDISE,
                slug=slug,
                title=title,
                description=description,
                price=Decimal(price),
                tax_class=Product.TaxClass.STANDARD,
                sold_count=sold,
            )
        )
        new_merchandise += 1

    # Oldest first, so that "novedades" (newest created) shows the recent releases.
    existing = set(Product.objects.exclude(isbn="").values_list("isbn", flat=True))
    new_books = 0
    for book in sorted(books, key=lambda book: (book.year or 0, book.serial)):
        isbn = synthetic_isbn(book.serial)
        if isbn in existing:
            continue
        price = list_price(book.format, book.pages, book.language)
        save_product(
            product=Product(
                kind=Product.Kind.BOOK,
                title=book.title,
                subtitle=book.subtitle,
                description=book.description,
                price=sale_price(price, book.discount) if book.discount else price,
                compare_at_price=price if book.discount else None,
                tax_class=Product.TaxClass.EXONERATED,
                isbn=isbn,
                publisher=publishers[slugify(book.publisher)],
                language=book.language,
                pages=book.pages,
                format=book.format,
                publication_year=book.year,
                sold_count=book.sold,
            ),
            authors=[authors[slug] for slug in book.authors],
            genres=[genres[slug] for slug in book.genres],
        )
        new_books += 1

    refresh_search_words()  # typo-tolerant search knows the new words
    out.write(
        f"Catálogo: {len(GENRES)} géneros, {len(AUTHORS)} autores, {len(books)} libros "
        f"({new_books} nuevos), {len(MERCHANDISE)} artículos ({new_merchandise} nuevos)."
    )
