from tests.factories.accounts import UserFactory
from tests.factories.catalog import (
    AuthorFactory,
    GenreFactory,
    ProductFactory,
    PublisherFactory,
)
from tests.factories.crm import AddressFactory, CustomerFactory
from tests.factories.inventory import StoreFactory

__all__ = [
    "AddressFactory",
    "AuthorFactory",
    "CustomerFactory",
    "GenreFactory",
    "ProductFactory",
    "PublisherFactory",
    "StoreFactory",
    "UserFactory",
]
