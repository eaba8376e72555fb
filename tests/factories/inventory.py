import factory

from inventory.models import Store


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Libros Pepito Tienda {n}")
    slug = factory.Sequence(lambda n: f"tienda-{n}")
    kind = Store.Kind.STORE
    address = factory.Sequence(lambda n: f"Av. Larco {100 + n}")
    district = "Miraflores"
    city = "Lima"
    region = "Lima"
    phone = "01 445 2020"
