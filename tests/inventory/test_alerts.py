import pytest
from django.core import mail

from accounts.roles import Role
from inventory import stock
from inventory.alerts import request_back_in_stock
from inventory.models import BackInStockRequest, StockItem
from outbox import sms
from outbox.models import Notification
from tests.factories import UserFactory
from tests.factories.inventory import BackInStockRequestFactory, stock_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(store):
    return UserFactory(email="jefe@librospepito.pe", store=store, role=Role.STORE_MANAGER)


def test_low_stock_emails_the_manager_once_until_stock_recovers(
    store, product, manager, django_capture_on_commit_callbacks
):
    UserFactory(email="rosa@librospepito.pe", store=store, role=Role.CLERK)  # not a manager
    stock_up(store, product, 5, reorder_point=2)

    with django_capture_on_commit_callbacks(execute=True):
        stock.record_sale(store, [(product, 3)])  # 2 left: at the reorder point
        stock.record_sale(store, [(product, 1)])  # 1 left: still the same episode
        stock.reserve([(product, 1)], store, "cart:1")  # 0 left

    assert [message.to for message in mail.outbox] == [["jefe@librospepito.pe"]]
    assert "Bajo stock" in mail.outbox[0].subject
    assert product.title in mail.outbox[0].body
    assert StockItem.objects.get().low_stock_alerted_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        stock.receive(store, product, 10)  # recovers above the point: alert cleared
        stock.record_sale(store, [(product, 9)])  # falls again: a new episode

    assert len(mail.outbox) == 2


def test_back_in_stock_notifies_each_requester_once_by_email_and_sms(
    store, other_store, product, django_capture_on_commit_callbacks
):
    anywhere = request_back_in_stock(product=product, email="Ana@Example.pe", phone="+51987654321")
    here = request_back_in_stock(product=product, email="beto@example.pe", store=store)
    elsewhere = request_back_in_stock(product=product, email="caro@example.pe", store=other_store)

    with django_capture_on_commit_callbacks(execute=True):
        stock.receive(store, product, 2)
        stock.receive(store, product, 1)  # a second arrival tells nobody twice

    assert sorted(message.to[0] for message in mail.outbox) == ["ana@example.pe", "beto@example.pe"]
    assert product.get_absolute_url() in mail.outbox[0].body
    assert [(message.to, product.title[:20] in message.body) for message in sms.outbox] == [
        ("+51987654321", True)
    ]
    anywhere.refresh_from_db(), here.refresh_from_db(), elsewhere.refresh_from_db()
    assert anywhere.notified_at and here.notified_at and elsewhere.notified_at is None


@pytest.mark.parametrize("arrival", ["transfer", "return", "adjust", "count"])
def test_every_kind_of_arrival_notifies(
    arrival, store, other_store, product, django_capture_on_commit_callbacks
):
    stock_up(other_store, product, 3)
    stock_up(store, product, 1)
    stock.record_sale(store, [(product, 1)])
    BackInStockRequestFactory(product=product, email="ana@example.pe", store=store)

    with django_capture_on_commit_callbacks(execute=True):
        if arrival == "transfer":
            stock.transfer(other_store, store, product, 1)
        elif arrival == "return":
            stock.restock_return(store, product, 1)
        elif arrival == "adjust":
            stock.adjust(store, product, 1, "Apareció en bodega")
        else:
            stock.count(store, [(product, 2)])

    assert [message.to for message in mail.outbox] == [["ana@example.pe"]]


def test_stock_arriving_at_the_warehouse_tells_nobody_yet(
    product, django_capture_on_commit_callbacks
):
    from tests.factories.inventory import WarehouseFactory

    BackInStockRequestFactory(product=product)

    with django_capture_on_commit_callbacks(execute=True):
        stock.receive(WarehouseFactory(), product, 50)

    assert mail.outbox == []
    assert BackInStockRequest.objects.get().notified_at is None


def test_asking_twice_keeps_one_pending_request(product, store):
    request_back_in_stock(product=product, email="ana@example.pe")
    request_back_in_stock(
        product=product, email="ANA@example.pe", phone="+51987654321", store=store
    )

    request = BackInStockRequest.objects.get()
    assert (request.phone, request.store) == ("+51987654321", store)


def test_alert_notifications_are_written_with_the_stock_change(store, product, manager):
    stock_up(store, product, 1, reorder_point=0)

    with pytest.raises(Exception):  # noqa: B017 - any error rolls the whole change back
        from django.db import transaction

        with transaction.atomic():
            stock.record_sale(store, [(product, 1)])
            assert Notification.objects.count() == 1
            raise RuntimeError("the order failed after the sale")

    assert Notification.objects.count() == 0
    assert StockItem.objects.get().on_hand == 1
