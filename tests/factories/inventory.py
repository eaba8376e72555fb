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


class WarehouseFactory(StoreFactory):
    name = factory.Sequence(lambda n: f"Almacén {n}")
    slug = factory.Sequence(lambda n: f"almacen-{n}")
    kind = Store.Kind.WAREHOUSE
    pickup_enabled = False


def stock_up(store, product, quantity, *, reorder_point=None, actor=None):
    """Give `product` stock at `store` the way the app does it: through a receipt.

    Stock rows are never created directly, so the ledger always matches the figures.
    """
    from inventory.stock import receive

    item = receive(store, product, quantity, actor)
    if reorder_point is not None:
        item.reorder_point = reorder_point
        item.save(update_fields=["reorder_point"])
    return item


class BackInStockRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "inventory.BackInStockRequest"

    email = factory.Sequence(lambda n: f"lector{n}@example.pe")
    product = factory.SubFactory("tests.factories.catalog.ProductFactory")
