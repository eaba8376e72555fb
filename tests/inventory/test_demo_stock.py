import io

import pytest
from django.core.management import call_command

from inventory.models import BackInStockRequest, StockItem, StockMovement, Store
from inventory.selectors import availability_many
from tests.accounts.test_seed_demo import snapshot
from tests.factories.catalog import ProductFactory

pytestmark = pytest.mark.django_db


def test_demo_stock_covers_every_profile_and_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())  # stores and clerks
    products = ProductFactory.create_batch(60)

    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())

    assert snapshot() == first
    call_command("check_stock_ledger", stdout=io.StringIO())
    stock = availability_many(products)
    in_stores = {pid: sum(line.available > 0 for line in lines) for pid, lines in stock.items()}
    assert any(n == 0 for n in in_stores.values())  # agotado everywhere
    assert any(n >= 3 for n in in_stores.values())  # in several stores
    provinces = {"arequipa", "trujillo", "cusco"}
    assert any(
        [line.store.slug for line in lines if line.available] in ([slug] for slug in provinces)
        for lines in stock.values()
    )  # only in one province store
    assert any(line.low for lines in stock.values() for line in lines)
    assert StockItem.objects.filter(low_stock_alerted_at__isnull=False).exists()
    assert BackInStockRequest.objects.filter(notified_at__isnull=True).exists()
    assert StockMovement.objects.exclude(actor=None).exists()  # the clerks received it
    warehouse = Store.objects.get(slug="almacen-central")
    assert StockItem.objects.filter(store=warehouse).exists()
