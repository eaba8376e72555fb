from tests.factories.accounts import UserFactory
from tests.factories.catalog import (
    AuthorFactory,
    GenreFactory,
    ProductFactory,
    PublisherFactory,
)
from tests.factories.chat import ConversationFactory, MessageFactory
from tests.factories.crm import AddressFactory, CustomerFactory
from tests.factories.inventory import StoreFactory
from tests.factories.orders import OrderFactory, OrderLineFactory

__all__ = [
    "AddressFactory",
    "AuthorFactory",
    "ConversationFactory",
    "CustomerFactory",
    "GenreFactory",
    "MessageFactory",
    "OrderFactory",
    "OrderLineFactory",
    "ProductFactory",
    "PublisherFactory",
    "StoreFactory",
    "UserFactory",
]
