import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.versions import bump_generation
from crm.models import Favorite
from shop import recommendations
from tests.factories import StoreFactory
from tests.factories.catalog import AuthorFactory, GenreFactory, ProductFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def make_books(n, author, genre):
    return ProductFactory.create_batch(n, authors=[author], genres=[genre])


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/libros/", {}),
        ("/libros/", {"genero": "novela", "orden": "precio-asc", "tienda": "miraflores"}),
        ("/buscar/", {"q": "ribeyro"}),
        ("/", {}),
    ],
)
def test_listing_pages_make_the_same_queries_for_10_and_100_products(client, user, url, params):
    StoreFactory(slug="miraflores")
    StoreFactory.create_batch(3)
    author = AuthorFactory(name="Julio Ramón Ribeyro")
    genre = GenreFactory(slug="novela")
    client.force_login(user)
    make_books(10, author, genre)
    count_queries(client, url, **params)  # warm the genre and publisher menus' cache
    few = count_queries(client, url, **params)

    make_books(90, author, genre)
    count_queries(client, url, **params)  # and the new cards' (tests/catalog/test_cards.py: cold)
    many = count_queries(client, url, **params)

    assert many == few
    assert many <= 22  # home: four shelves of cards, Para ti, the menus and the cart badge


def test_product_page_queries_do_not_grow_with_related_books(client, user):
    StoreFactory.create_batch(4)
    author = AuthorFactory()
    genre = GenreFactory()
    book = ProductFactory(authors=[author], genres=[genre])
    client.force_login(user)
    make_books(3, author, genre)
    recommendations.rebuild()
    few = count_queries(client, book.get_absolute_url())

    make_books(40, author, genre)
    recommendations.rebuild()
    # The page keeps the book and its lists a minute under the catalog's generation; new
    # books start a new one after their commit (which a test's transaction never reaches).
    bump_generation()
    many = count_queries(client, book.get_absolute_url())

    assert many == few
    # Out of stock everywhere: the "Avísame" form adds the customer and its store choices;
    # the header's Club Pepito badge reads the member's balance (one query).
    assert many <= 14  # tests/shop/test_query_counts.py: the bounds of every page


def test_product_page_shows_details_same_author_and_same_genre(client):
    vallejo = AuthorFactory(name="César Vallejo", nationality="peruana")
    poesia = GenreFactory(name="Poesía")
    trilce = ProductFactory(
        title="Trilce", authors=[vallejo], genres=[poesia], isbn="9788437604947", pages=120
    )
    ProductFactory(title="Los heraldos negros", authors=[vallejo], genres=[poesia])
    ProductFactory(title="Canto general", genres=[poesia])
    recommendations.rebuild()  # the nightly task, or the order facts

    html = client.get(trilce.get_absolute_url()).content.decode()

    assert "Trilce" in html and "César Vallejo" in html and "Autor peruano" in html
    assert "9788437604947" in html
    assert "Más del mismo autor" in html and "Los heraldos negros" in html
    assert "Más libros de Poesía" in html and "Canto general" in html
    assert "compraron" not in html  # nobody bought Trilce with another book yet


def test_inactive_or_unknown_product_is_404(client):
    hidden = ProductFactory(is_active=False)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/libros/no-existe/").status_code == 404


def test_author_page_lists_their_books(client):
    author = AuthorFactory(name="Blanca Varela", bio="Poeta peruana (1926–2009).")
    ProductFactory(title="Ese puerto existe", authors=[author])

    response = client.get(author.get_absolute_url())

    assert response.status_code == 200
    assert "Ese puerto existe" in response.content.decode()
    assert "Poeta peruana" in response.content.decode()


def test_generated_cover_is_an_escaped_svg(client):
    book = ProductFactory(title='<script>alert("x")</script> & otros')

    response = client.get(reverse("catalog:product_cover", args=[book.slug]))

    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_suggestions_dropdown(client):
    ProductFactory(title="Los ríos profundos")

    assert client.get("/buscar/sugerencias/", {"q": "r"}).content.strip() == b""
    html = client.get("/buscar/sugerencias/", {"q": "rios prof"}).content.decode()
    assert "Los ríos profundos" in html


def test_favorites_add_list_and_remove(client, user):
    book = ProductFactory(title="Los ríos profundos")
    client.force_login(user)

    response = client.post(reverse("catalog:favorite_toggle", args=[book.slug]), {"action": "add"})
    assert response.status_code == 302
    client.post(reverse("catalog:favorite_toggle", args=[book.slug]), {"action": "add"})
    assert Favorite.objects.filter(customer=user.customer).count() == 1

    assert "Los ríos profundos" in client.get(reverse("catalog:favorite_list")).content.decode()

    response = client.post(
        reverse("catalog:favorite_toggle", args=[book.slug]),
        {"action": "remove"},
        headers={"HX-Request": "true"},
    )
    assert "Guardar en favoritos" in response.content.decode()
    assert not Favorite.objects.exists()


def test_anonymous_favorite_goes_to_login_and_open_redirects_are_refused(client, user):
    book = ProductFactory()

    response = client.post(reverse("catalog:favorite_toggle", args=[book.slug]))
    assert "/cuenta/login/" in response["Location"]

    client.force_login(user)
    response = client.post(
        reverse("catalog:favorite_toggle", args=[book.slug]), {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == book.get_absolute_url()


def test_favorites_page_needs_login(client):
    assert client.get(reverse("catalog:favorite_list")).status_code == 302
