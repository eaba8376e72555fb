import pytest

from catalog.models import Product
from tests.factories import AuthorFactory, GenreFactory, ProductFactory


@pytest.mark.django_db
def test_product_factory_saves_through_service_with_search_text():
    author = AuthorFactory(name="José María Arguedas", slug="jose-maria-arguedas")
    genre = GenreFactory(name="Novela", slug="novela")

    product = ProductFactory(title="Los ríos profundos", authors=[author], genres=[genre])

    product.refresh_from_db()
    assert product.slug == "los-rios-profundos"
    assert "arguedas" in product.search_text and "rios profundos" in product.search_text
    assert len(product.isbn) == 13
    assert list(product.genres.all()) == [genre]


@pytest.mark.django_db
def test_merchandise_without_isbn():
    product = ProductFactory(kind=Product.Kind.MERCHANDISE, isbn="", authors=[], title="Taza")
    assert product.isbn == "" and product.authors.count() == 0
