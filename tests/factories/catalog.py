"""Catalog factories. Products are saved through catalog.services.save_product, so the slug,
the compact ISBN and the search text are exactly what the app would store."""

from decimal import Decimal

import factory
from stdnum import ean

from catalog.models import Author, Genre, Product, Publisher
from catalog.services import save_product


def synthetic_isbn(n: int) -> str:
    """A valid ISBN-13 in the 979-8-99 range, unique per n (for tests only)."""
    body = f"97989{n % 10**7:07d}"
    return body + ean.calc_check_digit(body)


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Género {n}")
    slug = factory.Sequence(lambda n: f"genero-{n}")
    parent = None


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Autora {n}")
    slug = factory.Sequence(lambda n: f"autora-{n}")
    nationality = "peruana"


class PublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publisher
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Editorial {n}")
    slug = factory.Sequence(lambda n: f"editorial-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    """A book with one author, saved through the catalog service.

    `ProductFactory(authors=[a, b], genres=[g])` sets them in that order; `authors=[]` gives none.
    Merchandise: `ProductFactory(kind=Product.Kind.MERCHANDISE, isbn="")`.
    """

    class Meta:
        model = Product

    kind = Product.Kind.BOOK
    # Books are exonerated; merchandise pays the standard IGV (Product.clean refuses otherwise).
    tax_class = factory.LazyAttribute(
        lambda o: (
            Product.TaxClass.STANDARD
            if o.kind == Product.Kind.MERCHANDISE
            else Product.TaxClass.EXONERATED
        )
    )
    title = factory.Sequence(lambda n: f"Libro de prueba {n}")
    slug = ""  # filled by save_product from the title
    price = Decimal("49.90")
    isbn = factory.Sequence(synthetic_isbn)
    publisher = factory.SubFactory(PublisherFactory)
    language = Product.Language.SPANISH
    format = Product.Format.PAPERBACK
    publication_year = 2020

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        authors = kwargs.pop("authors", None)
        genres = kwargs.pop("genres", None)
        if authors is None:
            authors = [AuthorFactory()]
        product = model_class(*args, **kwargs)
        return save_product(product=product, authors=list(authors), genres=genres)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        kwargs.pop("authors", None)
        kwargs.pop("genres", None)
        return model_class(*args, **kwargs)
