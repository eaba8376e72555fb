from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from catalog.imports import run_import
from catalog.models import Author, Genre, ImportJob, Product, Publisher
from tests.factories import GenreFactory, ProductFactory

DATA = Path(__file__).parent / "data"
ONIXCHECK_DATA = Path(__import__("onixcheck").__file__).parent / "data"

HEADER = "isbn,title,subtitle,authors,publisher,genres,price,compare_at_price,language,format,pages,year,description,kind\n"  # noqa: E501
GOOD_CSV = HEADER + (
    "978-612-4200-01-4,Cuentos de la costa,Antología,Ana María Núñez; Rosa Quispe,"
    "Ediciones del Pacífico,Literatura > Cuento,54.90,60.00,es,tapa_blanda,212,2019,"
    '"Relatos, del mar",book\n'
    "843760494X,Cien años de prueba,,Gabriel Prueba,Sudamericana,novela,79.00,,"
    "Español,Tapa dura,471,1967,,\n"
    ",Taza Libros Pepito,,,,,25.00,,,,,,Taza de cerámica,merchandise\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def import_bytes(data: bytes, name: str = "catalogo.csv", file_format=None) -> ImportJob:
    if file_format is None:
        file_format = ImportJob.Format.ONIX if name.endswith(".xml") else ImportJob.Format.CSV
    job = ImportJob.objects.create(
        file=ContentFile(data, name=name), original_name=name, format=file_format
    )
    return run_import(job=job)


def rows_by_status(job: ImportJob, status: str) -> list[dict]:
    return [row for row in job.report if row["status"] == status]


@pytest.mark.django_db
def test_csv_import_creates_books_with_ordered_authors_genres_and_merchandise():
    GenreFactory(name="Literatura", slug="literatura")

    job = import_bytes(GOOD_CSV.encode())

    assert job.status == ImportJob.Status.DONE
    assert (job.total_rows, job.created_count, job.rejected_count) == (3, 3, 0)
    assert job.progress_percent == 100
    book = Product.objects.get(isbn="9786124200014")
    assert book.ordered_authors == [
        Author.objects.get(name="Ana María Núñez"),
        Author.objects.get(name="Rosa Quispe"),
    ]
    assert book.publisher.name == "Ediciones del Pacífico"
    [genre] = book.genres.all()
    assert (genre.name, genre.parent.slug) == ("Cuento", "literatura")
    assert (book.price, book.compare_at_price, book.pages) == (Decimal("54.90"), Decimal("60"), 212)
    assert book.description == "Relatos, del mar"
    assert "nunez" in book.search_text and "pacifico" in book.search_text
    other = Product.objects.get(isbn="9788437604947")  # ISBN-10 became ISBN-13
    assert (other.format, other.language, other.publication_year) == ("tapa_dura", "es", 1967)
    mug = Product.objects.get(title="Taza Libros Pepito")
    assert (mug.kind, mug.isbn, mug.tax_class) == ("merchandise", "", "standard")


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing():
    import_bytes(GOOD_CSV.encode())
    before = {p.pk: (p.updated_at, p.search_text) for p in Product.objects.all()}
    counts = (Author.objects.count(), Publisher.objects.count(), Genre.objects.count())

    job = import_bytes(GOOD_CSV.encode())

    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 3)
    assert {p.pk: (p.updated_at, p.search_text) for p in Product.objects.all()} == before
    assert (Author.objects.count(), Publisher.objects.count(), Genre.objects.count()) == counts


@pytest.mark.django_db
def test_changed_rows_are_updated_and_say_what_changed():
    import_bytes(GOOD_CSV.encode())
    changed = GOOD_CSV.replace("54.90,60.00", "49.90,60.00").replace(
        "Ana María Núñez; Rosa Quispe", "Rosa Quispe; Ana María Núñez"
    )

    job = import_bytes(changed.encode())

    assert (job.updated_count, job.unchanged_count) == (1, 2)
    [row] = rows_by_status(job, "updated")
    assert row["line"] == 2 and "precio" in row["reason"] and "autores" in row["reason"]
    book = Product.objects.get(isbn="9786124200014")
    assert book.price == Decimal("49.90")
    assert [a.name for a in book.ordered_authors] == ["Rosa Quispe", "Ana María Núñez"]


@pytest.mark.django_db
def test_bad_rows_are_rejected_with_line_and_reason_and_good_rows_kept():
    csv_text = HEADER + (
        "9786124200014,Bueno uno,,Autora Buena,,,30.00,,,,,,,\n"
        "9786124200015,ISBN malo,,,,,30.00,,,,,,,\n"
        "9786124200021,,,,,,30.00,,,,,,,\n"
        "9788420471839,Precio negativo,,,,,-5,,,,,,,\n"
        '9780306406157,"Precio, con\nsalto de línea",,,,,abc,,,,,,,\n'
        "9788437604947,Bueno dos,,,,,45,,,,,,,\n"
    )

    job = import_bytes(csv_text.encode())

    assert (job.created_count, job.rejected_count) == (2, 4)
    reasons = {row["line"]: row["reason"] for row in rows_by_status(job, "rejected")}
    assert set(reasons) == {3, 4, 5, 6}
    assert "El ISBN no es válido" in reasons[3]
    assert "Falta el título" in reasons[4]
    assert "negativo" in reasons[5]
    assert "no es un número" in reasons[6]
    assert set(Product.objects.values_list("title", flat=True)) == {"Bueno uno", "Bueno dos"}


@pytest.mark.django_db
def test_a_row_failing_late_leaves_nothing_behind():
    csv_text = (
        HEADER
        + "9786124200014,Roto,,Autor Que No Debe Quedar,Editorial Fantasma,A > B > C,30,,,,,,,\n"
    )

    job = import_bytes(csv_text.encode())

    assert job.rejected_count == 1
    assert "dos niveles" in job.report[0]["reason"]
    assert not Author.objects.filter(name="Autor Que No Debe Quedar").exists()
    assert not Publisher.objects.exists()
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_semicolon_csv_with_bom_spanish_headers_and_decimal_commas():
    text = (
        "\ufeffISBN;Título;Autores;Precio;Idioma;Formato;Año\n"
        "9786124200014;El zorro de prueba;José Prueba;S/ 1.234,50;quechua;bolsillo;1971\n"
    )

    job = import_bytes(text.encode("utf-8"))

    assert job.created_count == 1, job.report
    book = Product.objects.get()
    assert (book.price, book.language, book.format) == (Decimal("1234.50"), "qu", "bolsillo")


@pytest.mark.django_db
def test_windows_1252_csv_is_read():
    text = "isbn,title,price\n9786124200014,Canción de prueba,10\n"

    job = import_bytes(text.encode("cp1252"))

    assert job.created_count == 1
    assert Product.objects.get().title == "Canción de prueba"


@pytest.mark.django_db
def test_repeated_isbn_in_one_file_is_rejected_so_reimport_stays_stable():
    text = HEADER + "9786124200014,Uno,,,,,10,,,,,,,\n978-612-4200-01-4,Otro,,,,,20,,,,,,,\n"

    job = import_bytes(text.encode())

    assert (job.created_count, job.rejected_count) == (1, 1)
    assert "línea 2" in rows_by_status(job, "rejected")[0]["reason"]


@pytest.mark.django_db
def test_book_without_isbn_is_rejected_and_merchandise_matches_by_title():
    ProductFactory(kind=Product.Kind.MERCHANDISE, isbn="", title="Bolsa de tela", authors=[])
    text = HEADER + ",Libro sin ISBN,,,,,10,,,,,,,book\n,Bolsa de tela,,,,,35,,,,,,,merchandise\n"

    job = import_bytes(text.encode())

    assert (job.rejected_count, job.updated_count) == (1, 1)
    assert "Falta el ISBN" in job.report[0]["reason"]
    assert Product.objects.get(title="Bolsa de tela").price == Decimal("35")


@pytest.mark.django_db
def test_csv_without_title_column_fails_with_a_spanish_message():
    job = import_bytes(b"isbn,precio\n9786124200014,10\n")

    assert job.status == ImportJob.Status.FAILED
    assert "Falta la columna" in job.error


@pytest.mark.django_db
def test_onix_reference_tags_with_pen_prices():
    GenreFactory(name="Literatura", slug="literatura")

    job = import_bytes((DATA / "onix3_pen.xml").read_bytes(), name="feed.xml")

    assert job.status == ImportJob.Status.DONE, job.error
    assert (job.created_count, job.rejected_count) == (2, 1)
    book = Product.objects.get(isbn="9786124200014")
    assert (book.title, book.subtitle) == ("Cuentos de la costa", "Antología de prueba")
    assert [a.name for a in book.ordered_authors] == ["Ana María Núñez", "Rosa Quispe"]
    assert book.price == Decimal("54.90")  # the PEN price, not the USD one
    assert (book.format, book.language, book.pages, book.publication_year) == (
        "tapa_blanda",
        "es",
        212,
        2019,
    )
    assert [str(g) for g in book.genres.all()] == ["Literatura › Cuento"]
    assert book.description == "Relatos del litoral peruano."
    assert book.publisher.name == "Ediciones del Pacífico"
    hardcover = Product.objects.get(isbn="9788420471839")
    assert (hardcover.title, hardcover.format, hardcover.price) == (
        "La historia en tapa dura",
        "tapa_dura",
        Decimal("94.40"),  # price type 02 (with tax) preferred
    )
    assert hardcover.ordered_authors == [book.ordered_authors[0]]
    [rejected] = rows_by_status(job, "rejected")
    assert rejected["isbn"] == "9780306406157"
    assert "PEN" in rejected["reason"] and "USD" in rejected["reason"]
    assert rejected["line"] > 100  # the line of its <Product> element

    again = import_bytes((DATA / "onix3_pen.xml").read_bytes(), name="feed.xml")
    assert (again.unchanged_count, again.rejected_count) == (2, 1)


@pytest.mark.django_db
def test_onix_short_tags():
    job = import_bytes((DATA / "onix3_pen_short.xml").read_bytes(), name="short.xml")

    assert job.created_count == 1, job.report
    book = Product.objects.get()
    assert (book.title, book.format, book.price, book.publication_year) == (
        "Poemas de bolsillo",
        "bolsillo",
        Decimal("29.90"),
        1998,
    )
    assert [str(g) for g in book.genres.all()] == ["Literatura › Poesía"]


@pytest.mark.django_db
def test_real_onix_sample_from_onixcheck_reports_its_usd_price():
    """Google's ONIX 3.0 sample, shipped with onixcheck, prices its book in USD only."""
    data = (ONIXCHECK_DATA / "valid_google_onix_3.xml").read_bytes()

    job = import_bytes(data, name="valid_google_onix_3.xml")

    assert job.status == ImportJob.Status.DONE
    assert (job.total_rows, job.rejected_count) == (1, 1)
    [row] = job.report
    assert row["isbn"] == "9789999999991"
    assert row["title"] == "This Is My Distinctive Title"
    assert row["line"] == 17
    assert "PEN" in row["reason"] and "USD" in row["reason"]
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_real_onix_short_sample_without_title_or_price_is_rejected():
    data = (ONIXCHECK_DATA / "valid_onix3_short.xml").read_bytes()

    job = import_bytes(data, name="valid_onix3_short.xml")

    assert (job.status, job.rejected_count) == (ImportJob.Status.DONE, 1)
    assert job.report[0]["isbn"] == "9788871184371"


@pytest.mark.django_db
def test_onix_2_is_refused():
    data = (ONIXCHECK_DATA / "valid_onix2_ref.xml").read_bytes()

    job = import_bytes(data, name="onix2.xml")

    assert job.status == ImportJob.Status.FAILED
    assert "ONIX 3.0" in job.error


@pytest.mark.django_db
def test_xml_with_entities_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("NO DEBE APARECER")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<ONIXMessage release="3.0"><Product><DescriptiveDetail><TitleDetail><TitleElement>'
        "<TitleText>&xxe;</TitleText></TitleElement></TitleDetail></DescriptiveDetail>"
        "</Product></ONIXMessage>"
    ).encode()

    job = import_bytes(data, name="evil.xml")

    assert job.status == ImportJob.Status.FAILED
    assert "entidades" in job.error
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_broken_xml_fails_the_job_with_a_message():
    job = import_bytes(b"<ONIXMessage release='3.0'><Product>", name="roto.xml")

    assert job.status == ImportJob.Status.FAILED
    assert "XML no es válido" in job.error
