import pytest
from django.core import mail

from accounts import handlers
from accounts.roles import Role
from inventory import handlers as inventory_handlers
from inventory import stock
from inventory.alerts import request_back_in_stock
from inventory.models import BackInStockRequest, StockItem
from outbox import sms
from outbox.models import Event, Notification
from outbox.spine import EventData
from tests.factories import UserFactory
from tests.factories.inventory import BackInStockRequestFactory, stock_up

pytestmark = pytest.mark.django_db


def spine_event(event, payload=None) -> EventData:
    """The stored event as a handler receives it (to deliver it once more by hand)."""
    return EventData(
        id=event.pk,
        name=event.name,
        key=event.key,
        payload=payload or event.payload,
        created_at=event.created_at,
    )


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


def test_alert_facts_are_written_with_the_stock_change(store, product, manager):
    stock_up(store, product, 1, reorder_point=0)
    before = list(Event.objects.values_list("pk", flat=True))  # its stock.band_changed

    with pytest.raises(Exception):  # noqa: B017 - any error rolls the whole change back
        from django.db import transaction

        with transaction.atomic():
            stock.record_sale(store, [(product, 1)])
            assert Event.objects.filter(name="stock.low").count() == 1
            raise RuntimeError("the order failed after the sale")

    assert not Event.objects.filter(name__startswith="stock.").exclude(pk__in=before).exists()
    assert Notification.objects.count() == 0
    assert StockItem.objects.get().on_hand == 1


def test_low_stock_is_e_mailed_after_commit_and_only_once(
    store, product, manager, django_capture_on_commit_callbacks
):
    stock_up(store, product, 1, reorder_point=0)

    with django_capture_on_commit_callbacks(execute=True):
        stock.record_sale(store, [(product, 1)])
        assert Notification.objects.count() == 0  # not before the sale commits

    event = Event.objects.get(name="stock.low")
    assert event.payload["available"] == 0 and event.payload["store_id"] == store.pk
    with django_capture_on_commit_callbacks(execute=True):
        handlers.on_stock_low(spine_event(event))  # a second delivery queues nothing new
    assert Notification.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["jefe@librospepito.pe"]]


def test_back_in_stock_handled_twice_or_for_a_deleted_store_tells_nobody_twice(
    store, product, django_capture_on_commit_callbacks
):
    request_back_in_stock(product=product, email="ana@example.pe", phone="+51987654321")
    with django_capture_on_commit_callbacks(execute=True):
        stock.receive(store, product, 2)
    event = Event.objects.get(name="stock.back_in_stock")
    assert event.payload == {"store_id": store.pk, "product_ids": [product.pk]}

    with django_capture_on_commit_callbacks(execute=True):
        inventory_handlers.on_back_in_stock(spine_event(event))
        gone = spine_event(event, payload={"store_id": 0, "product_ids": [product.pk]})
        inventory_handlers.on_back_in_stock(gone)

    assert Notification.objects.count() == 2  # one e-mail, one SMS
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1


def test_an_arrival_nobody_waits_for_publishes_nothing(store, product):
    stock.receive(store, product, 3)

    assert not Event.objects.filter(name="stock.back_in_stock").exists()
