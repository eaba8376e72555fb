"""A large synthetic catalog for load tests: books, authors, publishers, genres and covers.

`python manage.py seed_catalog --books 100000` (inventory's command, which adds the stock that
catalog, below inventory, cannot create) calls `seed_books`. Everything is written with
bulk_create, with the search text computed here in Python exactly as catalog.services would. The
books are clearly synthetic: ISBNs in 979-8-99…, author and publisher slugs starting with
"seed-", covers under media/covers/seed/. Running it again does nothing when the books are
already there (or only adds the missing ones); `reset_books` deletes the synthetic rows.
"""

import random
import time
from collections.abc import Callable
from decimal import Decimal
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils.text import slugify
from stdnum import ean

from catalog.models import Author, Genre, Product, ProductAuthor, Publisher
from catalog.text import normalize

ISBN_PREFIX = "979899"  # + 6 digits + check digit: room for a million synthetic books
SEED_SLUG_PREFIX = "seed-"
MAX_BOOKS = 1_000_000

FIRST_NAMES = [
    "Rosa",
    "María",
    "José",
    "Luis",
    "Carmen",
    "Jorge",
    "Ana",
    "Julio",
    "César",
    "Blanca",
    "Ciro",
    "Gabriela",
    "Santiago",
    "Alonso",
    "Isabel",
    "Mario",
    "Teresa",
    "Manuel",
    "Lucía",
    "Ricardo",
    "Chabuca",
    "Clorinda",
    "Abraham",
    "Martín",
    "Micaela",
    "Túpac",
    "Felipe",
    "Inés",
    "Víctor",
    "Elena",
    "Raúl",
    "Patricia",
    "Hugo",
    "Sofía",
    "Óscar",
    "Renata",
    "Jaime",
    "Zoila",
    "Augusto",
    "Ximena",
]
LAST_NAMES = [
    "Quispe",
    "Mamani",
    "Huamán",
    "Flores",
    "Rodríguez",
    "Sánchez",
    "García",
    "Vargas",
    "Rojas",
    "Torres",
    "Chávez",
    "Ramírez",
    "Mendoza",
    "Castillo",
    "Paredes",
    "Ccori",
    "Condori",
    "Gutiérrez",
    "Salazar",
    "Valdelomar",
    "Palma",
    "Eguren",
    "Matto",
    "Vallejo",
    "Ribeyro",
    "Arguedas",
    "Alegría",
    "Cueto",
    "Bryce",
    "Varela",
    "Wiener",
    "Roncagliolo",
    "Núñez",
    "Ayala",
    "Cáceres",
    "Pachacútec",
    "Yupanqui",
    "Cusi",
    "Apaza",
    "Tito",
    "Ñique",
    "Zevallos",
    "Benavides",
    "Lozano",
    "Ugarte",
    "Olaya",
    "Basadre",
]
TITLE_HEADS = (
    "El silencio",
    "La casa",
    "Los ríos",
    "La ciudad",
    "El zorro",
    "Las piedras",
    "El viaje",
    "La noche",
    "Los perros",
    "El sueño",
    "La memoria",
    "El último tren",
    "Los heraldos",
    "La tía",
    "El pez",
    "La palabra",
    "El cóndor",
    "Las lluvias",
    "El jardín",
    "La guerra",
    "El mar",
    "La sombra",
    "Los caminos",
    "El retorno",
    "La orilla",
    "El fuego",
    "Las cartas",
    "El olvido",
    "La fiesta",
    "El secreto",
)
TITLE_TAILS = (
    "de los Andes",
    "del Rímac",
    "junto al mar",
    "de Barranco",
    "en Miraflores",
    "sin nombre",
    "de arriba y de abajo",
    "de la selva",
    "del Cusco",
    "de mi abuela",
    "en invierno",
    "de la costa",
    "del Titicaca",
    "que no vuelve",
    "de Arequipa",
    "de medianoche",
    "bajo la garúa",
    "de los incas",
    "en el desierto",
    "del puerto",
    "de papel",
    "al amanecer",
)
SUBTITLES = ("", "", "", "Novela", "Cuentos reunidos", "Edición conmemorativa", "Antología")
PUBLISHERS = (
    "Peisa",
    "Alfaguara Perú",
    "Planeta Perú",
    "Anagrama",
    "Fondo de Cultura Económica",
    "Estruendomudo",
    "Editorial Horizonte",
    "Mesa Redonda",
    "Penguin Random House",
    "Ediciones Copé",
    "Editorial San Marcos",
    "Animal de Invierno",
    "Pesopluma",
    "Seix Barral",
    "Debolsillo",
    "Tusquets",
    "Salamandra",
    "Lumen",
    "Ediciones El Virrey",
    "Campo Letrado",
)
DEFAULT_GENRES = {  # used only when the database has no genres yet
    "literatura": ("Literatura", None),
    "novela": ("Novela", "literatura"),
    "cuento": ("Cuento", "literatura"),
    "poesia": ("Poesía", "literatura"),
    "infantil": ("Infantil y juvenil", None),
    "historia-del-peru": ("Historia del Perú", None),
    "no-ficcion": ("No ficción", None),
}


COVER_COUNT = 12
COVER_DIR = "covers/seed"
COVER_COLOURS = (
    (164, 38, 44),
    (33, 82, 122),
    (46, 110, 72),
    (201, 140, 39),
    (92, 53, 110),
    (30, 30, 30),
    (180, 84, 40),
    (20, 120, 130),
    (120, 30, 70),
    (70, 90, 40),
    (60, 60, 120),
    (150, 110, 80),
)


def synthetic_isbn(index: int) -> str:
    body = f"{ISBN_PREFIX}{index:06d}"
    return body + ean.calc_check_digit(body)


def synthetic_books():
    return Product.objects.filter(isbn__startswith=ISBN_PREFIX)


def ensure_covers() -> list[str]:
    """The storage names of the synthetic books' cover photos (12 plain JPEGs, 200×300),
    written to the default storage the first time: the cards then show an uploaded cover, as a
    real catalog's do, not the generated SVG."""
    from PIL import Image

    names = []
    for n, colour in enumerate(COVER_COLOURS[:COVER_COUNT]):
        name = f"{COVER_DIR}/cover-{n:02d}.jpg"
        if not default_storage.exists(name):
            buffer = BytesIO()
            Image.new("RGB", (200, 300), colour).save(buffer, "JPEG", quality=70)
            name = default_storage.save(name, ContentFile(buffer.getvalue()))
        names.append(name)
    return names


def seed_books(
    *,
    books: int,
    authors: int | None = None,
    batch: int = 5000,
    seed: int = 2026,
    on_batch: Callable[[list[Product]], None] | None = None,
    write: Callable[[str], None] = lambda line: None,
) -> int:
    """Make sure there are `books` synthetic books; returns how many were created.

    `on_batch(products)` runs inside each batch's transaction with the products just created
    (pks set), so a caller above catalog can add what belongs to them (stock) in the same
    transaction.
    """
    if not 0 < books <= MAX_BOOKS:
        raise ValueError(f"--books debe estar entre 1 y {MAX_BOOKS}.")
    started = time.perf_counter()
    existing = synthetic_books().count()
    if existing >= books:
        return 0
    rng = random.Random(seed)
    genres = _genres()
    author_rows = _authors(rng, authors or max(50, books // 5))
    publishers = _publishers()
    covers = ensure_covers()
    write(f"Creando {books - existing} libros ({len(author_rows)} autores, {len(genres)} géneros)…")
    genre_links = Product.genres.through
    for start in range(existing, books, batch):
        stop = min(books, start + batch)
        with transaction.atomic():
            products, credits, tags = [], [], []
            for index in range(start, stop):
                product, book_authors, book_genres = _book(
                    rng, index, author_rows, genres, publishers, covers
                )
                products.append(product)
                credits.append(book_authors)
                tags.append(book_genres)
            Product.objects.bulk_create(products, batch_size=batch)
            ProductAuthor.objects.bulk_create(
                [
                    ProductAuthor(product_id=product.pk, author_id=author.pk, position=pos)
                    for product, book_authors in zip(products, credits, strict=True)
                    for pos, author in enumerate(book_authors)
                ],
                batch_size=batch,
            )
            genre_links.objects.bulk_create(
                [
                    genre_links(product_id=product.pk, genre_id=genre.pk)
                    for product, book_genres in zip(products, tags, strict=True)
                    for genre in book_genres
                ],
                batch_size=batch,
            )
            if on_batch is not None:
                on_batch(products)
        if stop == books or (stop - existing) % (batch * 4) == 0:
            write(f"  {stop} / {books}  ({time.perf_counter() - started:.1f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "catalog_product",
                "catalog_productauthor",
                "catalog_author",
                "catalog_product_genres",
            ):
                cursor.execute(f"ANALYZE {table}")
    from catalog.services import refresh_search_words

    refresh_search_words()
    return books - existing


def reset_books() -> int:
    """Delete the synthetic books and the seed authors and publishers no other book uses.

    The caller deletes first what other apps keep about them (inventory's seed_catalog does).
    Returns how many rows were deleted."""
    with transaction.atomic():
        products = Product.objects.filter(isbn__startswith=ISBN_PREFIX)
        ProductAuthor.objects.filter(product__in=products).delete()
        Product.genres.through.objects.filter(product__in=products).delete()
        deleted, _detail = products.delete()
        Author.objects.filter(slug__startswith=SEED_SLUG_PREFIX, product_links=None).delete()
        Publisher.objects.filter(slug__startswith=SEED_SLUG_PREFIX, products=None).delete()
    return deleted


def _genres() -> list[tuple[Genre, str]]:
    """(genre, the text its products' search text carries) for every leaf-or-root genre."""
    if not Genre.objects.exists():
        made = {}
        for slug, (name, parent) in DEFAULT_GENRES.items():
            made[slug] = Genre.objects.create(slug=slug, name=name, parent=made.get(parent))
    return list(Genre.objects.all())


def _authors(rng: random.Random, count: int) -> list[Author]:
    have = {
        author.slug: author
        for author in Author.objects.filter(slug__startswith=SEED_SLUG_PREFIX).only(
            "pk", "slug", "name"
        )
    }
    wanted = []
    for index in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"
        slug = f"{SEED_SLUG_PREFIX}{slugify(name)}-{index}"
        wanted.append((slug, name))
    missing = [
        Author(slug=slug, name=name, nationality="peruana" if rng.random() < 0.4 else "")
        for slug, name in wanted
        if slug not in have
    ]
    Author.objects.bulk_create(missing, batch_size=5000)
    by_slug = {
        author.slug: author
        for author in Author.objects.filter(slug__startswith=SEED_SLUG_PREFIX).only(
            "pk", "slug", "name"
        )
    }
    return [by_slug[slug] for slug, _name in wanted]


def _publishers() -> list[Publisher]:
    publishers = []
    for name in PUBLISHERS:
        publisher, _created = Publisher.objects.get_or_create(
            slug=f"{SEED_SLUG_PREFIX}{slugify(name)}", defaults={"name": name}
        )
        publishers.append(publisher)
    return publishers


def _book(rng, index, authors, genres, publishers, covers):
    title = f"{rng.choice(TITLE_HEADS)} {rng.choice(TITLE_TAILS)}"
    subtitle = rng.choice(SUBTITLES)
    isbn = synthetic_isbn(index)
    # A few prolific authors and a long tail, like a real catalog.
    book_authors = [
        authors[min(len(authors) - 1, int(rng.paretovariate(1.2)) - 1)]
        if rng.random() < 0.3
        else rng.choice(authors)
    ]
    if rng.random() < 0.15:
        second = rng.choice(authors)
        if second.pk != book_authors[0].pk:
            book_authors.append(second)
    book_genres = [rng.choice(genres)]
    publisher = rng.choice(publishers)
    price = Decimal(rng.randrange(1990, 14990, 100)) / 100
    product = Product(
        kind=Product.Kind.BOOK,
        title=title,
        subtitle=subtitle,
        slug=f"{slugify(title)}-s{index}",
        isbn=isbn,
        price=price,
        compare_at_price=(price + Decimal("10.00")) if rng.random() < 0.1 else None,
        publisher=publisher,
        language=rng.choices(["es", "en", "qu", "pt", "fr"], weights=[85, 10, 2, 2, 1])[0],
        format=rng.choice(["tapa_blanda", "tapa_blanda", "tapa_dura", "bolsillo"]),
        pages=rng.randrange(64, 900),
        publication_year=rng.randrange(1950, 2026),
        sold_count=int(rng.paretovariate(1.5)) - 1,
        description="Libro sintético para pruebas de carga.",
        cover=rng.choice(covers),
    )
    # Same parts and order as Product.build_search_text (authors and genres in their default
    # ordering, by name).
    product.search_text = normalize(
        " ".join(
            part
            for part in [
                title,
                subtitle,
                isbn,
                *sorted(author.name for author in book_authors),  # by name, as authors.all()
                *(genre.name for genre in book_genres),
                publisher.name,
                product.description,
            ]
            if part
        )
    )
    return product, book_authors, book_genres
