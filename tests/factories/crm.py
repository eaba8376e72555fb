import factory

from crm.models import Address, Customer


class CustomerFactory(factory.django.DjangoModelFactory):
    """A customer without an account (met at the counter or by phone)."""

    class Meta:
        model = Customer

    name = "Juana Mamani"
    email = factory.Sequence(lambda n: f"cliente{n}@example.pe")
    phone = factory.Sequence(lambda n: f"+5191{n:07d}")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    customer = factory.SubFactory(CustomerFactory)
    street = "Calle Berlín 345"
    district = "Miraflores"
    province = "Lima"
    region = "Lima"
