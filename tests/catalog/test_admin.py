from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from catalog.imports import CSV_COLUMNS, run_import
from catalog.models import Author, ImportJob, Product
from tests.factories import AuthorFactory, GenreFactory, ProductFactory, PublisherFactory

CHANGELIST = "/admin/catalog/product/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def books(db):
    literatura = GenreFactory(name="Literatura", slug="literatura")
    novela = GenreFactory(name="Novela", slug="novela", parent=literatura)
    vargas = AuthorFactory(name="Mario Vargas Llosa", slug="mario-vargas-llosa")
    return {
        "ciudad": ProductFactory(
            title="La ciudad y los perros",
            isbn="9788437604947",
            authors=[vargas],
            genres=[novela],
            price=Decimal("59.90"),
            compare_at_price=Decimal("69.90"),
            description='Con "comillas", comas\ny saltos.',
        ),
        "rios": ProductFactory(title="Los ríos profundos", isbn="9786124200014"),
        "taza": ProductFactory(
            kind=Product.Kind.MERCHANDISE, isbn="", title="Taza Pepito", authors=[]
        ),
    }


def changelist_titles(admin_client, q):
    response = admin_client.get(CHANGELIST, {"q": q})
    assert response.status_code == 200
    return [row.title for row in response.context["cl"].result_list]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["978-84-376-0494-7", "9788437604947", "84-376-0494-X", "843760494x", "vargas"]
)
def test_product_search_accepts_isbn_with_hyphens_isbn10_and_author(admin_client, books, query):
    assert changelist_titles(admin_client, query) == ["La ciudad y los perros"]


@pytest.mark.django_db
def test_product_search_by_title_and_filters(admin_client, books):
    assert changelist_titles(admin_client, "ríos") == ["Los ríos profundos"]
    response = admin_client.get(CHANGELIST, {"kind__exact": "merchandise"})
    assert [p.title for p in response.context["cl"].result_list] == ["Taza Pepito"]
    genre = books["ciudad"].genres.get()
    response = admin_client.get(CHANGELIST, {"genres__id__exact": genre.pk})
    assert [p.title for p in response.context["cl"].result_list] == ["La ciudad y los perros"]


@pytest.mark.django_db
def test_changelist_links_to_the_import(admin_client, books):
    assert "/tienda/catalogo/importar/" in admin_client.get(CHANGELIST).content.decode()


@pytest.mark.django_db
def test_export_csv_has_the_import_columns_and_reimports_as_unchanged(admin_client, books):
    response = admin_client.post(
        CHANGELIST,
        {"action": "export_csv", "_selected_action": [p.pk for p in books.values()]},
    )
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert "Literatura > Novela" in text and "Mario Vargas Llosa" in text
    assert "59.90" in text and "69.90" in text

    job = ImportJob.objects.create(file=ContentFile(data, name="export.csv"), format="csv")
    job = run_import(job=job)

    assert (job.unchanged_count, job.rejected_count, job.created_count) == (3, 0, 0), job.report


@pytest.mark.django_db
def test_adding_a_product_in_the_admin_goes_through_the_service(admin_client):
    publisher = PublisherFactory(name="Peisa")
    first = AuthorFactory(name="Julio Ramón Ribeyro", slug="julio-ramon-ribeyro")
    second = AuthorFactory(name="Blanca Varela", slug="blanca-varela")
    genre = GenreFactory(name="Cuento", slug="cuento")
    data = {
        "kind": "book",
        "title": "La palabra del mudo",
        "subtitle": "",
        "slug": "",
        "isbn": "84-376-0494-X",
        "is_active": "on",
        "price": "65.00",
        "compare_at_price": "",
        "tax_class": "exonerated",
        "publisher": publisher.pk,
        "genres": [genre.pk],
        "language": "es",
        "format": "tapa_blanda",
        "pages": "",
        "publication_year": "1973",
        "description": "",
        "product_authors-TOTAL_FORMS": "2",
        "product_authors-INITIAL_FORMS": "0",
        "product_authors-MIN_NUM_FORMS": "0",
        "product_authors-MAX_NUM_FORMS": "1000",
        "product_authors-0-position": "1",
        "product_authors-0-author": second.pk,
        "product_authors-1-position": "0",
        "product_authors-1-author": first.pk,
    }

    response = admin_client.post("/admin/catalog/product/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    product = Product.objects.get()
    assert (product.isbn, product.slug) == ("9788437604947", "la-palabra-del-mudo")
    assert product.ordered_authors == [first, second]
    assert "ribeyro" in product.search_text and "peisa" in product.search_text
    assert "cuento" in product.search_text


@pytest.mark.django_db
def test_bad_isbn_in_the_admin_is_a_form_error(admin_client):
    response = admin_client.post(
        "/admin/catalog/product/add/",
        {
            "kind": "book",
            "title": "X",
            "isbn": "123",
            "price": "1",
            "tax_class": "exonerated",
            "language": "es",
            "product_authors-TOTAL_FORMS": "0",
            "product_authors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "El ISBN no es válido" in response.content.decode()
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_renaming_an_author_refreshes_the_search_text(admin_client, books):
    author = Author.objects.get(slug="mario-vargas-llosa")

    response = admin_client.post(
        f"/admin/catalog/author/{author.pk}/change/",
        {"name": "Jorge Mario Pedro Vargas Llosa", "slug": author.slug, "nationality": "peruana"},
    )

    assert response.status_code == 302
    books["ciudad"].refresh_from_db()
    assert "jorge mario pedro" in books["ciudad"].search_text


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["author", "publisher", "genre", "importjob"])
def test_other_catalog_admin_pages_load(admin_client, books, model):
    assert admin_client.get(f"/admin/catalog/{model}/", {"q": "a"}).status_code == 200


@pytest.mark.django_db
def test_adding_an_import_in_the_admin_opens_the_staff_page(admin_client):
    response = admin_client.get("/admin/catalog/importjob/add/")
    assert response.status_code == 302 and response["Location"] == "/tienda/catalogo/importar/"
