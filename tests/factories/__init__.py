from tests.factories.accounts import UserFactory
from tests.factories.crm import AddressFactory, CustomerFactory
from tests.factories.inventory import StoreFactory

__all__ = ["AddressFactory", "CustomerFactory", "StoreFactory", "UserFactory"]
