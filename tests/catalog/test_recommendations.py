import pytest

from crm.favorites import add_favorite
from shop import recommendations
from tests.factories.catalog import AuthorFactory, GenreFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_para_ti_comes_from_profile_authors_with_the_reason(customer):
    ribeyro = AuthorFactory(name="Julio Ramón Ribeyro")
    ProductFactory(title="La palabra del mudo", authors=[ribeyro])
    ProductFactory(title="Otro libro")
    customer.favorite_authors.add(ribeyro)

    picks = recommendations.for_customer(customer)

    assert [(r.product.title, r.reason) for r in picks] == [
        ("La palabra del mudo", "Porque te gusta Julio Ramón Ribeyro")
    ]


def test_para_ti_uses_favorites_and_skips_them(customer):
    arguedas = AuthorFactory(name="José María Arguedas")
    rios = ProductFactory(title="Los ríos profundos", authors=[arguedas])
    ProductFactory(title="Todas las sangres", authors=[arguedas])
    add_favorite(customer=customer, product=rios)

    picks = recommendations.for_customer(customer)

    assert [r.product.title for r in picks] == ["Todas las sangres"]
    assert picks[0].reason == "Porque te gusta José María Arguedas"


def test_para_ti_uses_favorite_genres_and_their_children(customer):
    literatura = GenreFactory(name="Literatura")
    poesia = GenreFactory(name="Poesía", parent=literatura)
    ProductFactory(title="Trilce", genres=[poesia])
    customer.favorite_genres.add(literatura)

    picks = recommendations.for_customer(customer)

    assert [(r.product.title, r.reason) for r in picks] == [
        ("Trilce", "Porque te interesa Literatura")
    ]


def test_para_ti_is_empty_without_any_taste(customer):
    ProductFactory()

    assert recommendations.for_customer(customer) == []


def test_home_shows_para_ti_only_to_logged_in_customers(client, user):
    author = AuthorFactory(name="Alonso Cueto")
    ProductFactory(title="La hora azul", authors=[author])
    user.customer.favorite_authors.add(author)

    assert "Para ti" not in client.get("/").content.decode()
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Para ti" in html and "Porque te gusta Alonso Cueto" in html
