"""sold_count ("más vendidos") counts the copies of fulfilled orders, once per order."""

import pytest
from django.db import transaction
from django.urls import reverse

from catalog.models import Product, SoldOrder
from outbox import spine
from outbox.models import Delivery
from tests.factories.catalog import ProductFactory

pytestmark = pytest.mark.django_db


def _payload(order_id, lines, **extra):
    return {
        "order_id": order_id,
        "number": f"LP-2026-{order_id:06d}",
        "customer_id": None,
        "channel": "web",
        "fulfilment": "pickup",
        "store_id": None,
        "total": "99.80",
        "lines": [
            {"product_id": product_id, "quantity": quantity, "unit_price": "49.90"}
            for product_id, quantity in lines
        ],
        **extra,
    }


def _publish(capture, name, order_id, lines):
    with capture(execute=True), transaction.atomic():
        return spine.publish(name, **_payload(order_id, lines))


def _sold(product):
    return Product.objects.values_list("sold_count", flat=True).get(pk=product.pk)


def test_a_handed_over_order_adds_its_copies(django_capture_on_commit_callbacks):
    trilce, rios = ProductFactory(sold_count=5), ProductFactory()

    _publish(
        django_capture_on_commit_callbacks,
        "order.handed_over",
        41,
        [(trilce.pk, 2), (rios.pk, 1), (trilce.pk, 1)],
    )

    assert (_sold(trilce), _sold(rios)) == (8, 1)


def test_a_delivered_order_adds_its_copies(django_capture_on_commit_callbacks):
    book = ProductFactory()

    _publish(django_capture_on_commit_callbacks, "order.delivered", 42, [(book.pk, 3)])

    assert _sold(book) == 3


def test_delivering_the_same_event_again_changes_nothing(django_capture_on_commit_callbacks):
    book = ProductFactory()
    event = _publish(django_capture_on_commit_callbacks, "order.delivered", 43, [(book.pk, 2)])

    assert spine.deliver_event(event.pk) == 0
    spine.deliver_pending()

    assert _sold(book) == 2
    # Every handler of the fact (the shop's recommendations too) is done.
    assert set(Delivery.objects.filter(event=event).values_list("status", flat=True)) == {
        Delivery.Status.DONE
    }


def test_a_second_fact_of_the_same_order_counts_nothing(django_capture_on_commit_callbacks):
    """Delivered by the courier, then marked received by the wholesale customer."""
    book = ProductFactory()
    _publish(django_capture_on_commit_callbacks, "order.delivered", 44, [(book.pk, 2)])

    _publish(django_capture_on_commit_callbacks, "order.delivered", 44, [(book.pk, 2)])
    _publish(django_capture_on_commit_callbacks, "order.handed_over", 44, [(book.pk, 2)])

    assert _sold(book) == 2
    assert SoldOrder.objects.filter(order_id=44).count() == 1


def test_a_line_of_a_deleted_product_is_skipped(django_capture_on_commit_callbacks):
    kept, gone = ProductFactory(), ProductFactory()
    gone_id = gone.pk
    gone.delete()

    event = _publish(
        django_capture_on_commit_callbacks, "order.handed_over", 45, [(gone_id, 1), (kept.pk, 4)]
    )

    assert _sold(kept) == 4
    assert not Product.objects.filter(pk=gone_id).exists()
    # Every handler of the fact (the shop's recommendations too) is done.
    assert set(Delivery.objects.filter(event=event).values_list("status", flat=True)) == {
        Delivery.Status.DONE
    }


def test_nothing_counts_when_the_publisher_rolls_back(django_capture_on_commit_callbacks):
    book = ProductFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        spine.publish("order.handed_over", **_payload(46, [(book.pk, 5)]))
        raise RuntimeError("the order's transaction failed")

    assert callbacks == []
    assert _sold(book) == 0
    assert not SoldOrder.objects.exists()


def test_mas_vendidos_follows_the_fulfilled_orders(client, django_capture_on_commit_callbacks):
    ProductFactory(title="Trilce", sold_count=3)
    rios = ProductFactory(title="Los ríos profundos", sold_count=1)

    _publish(django_capture_on_commit_callbacks, "order.handed_over", 47, [(rios.pk, 5)])

    response = client.get(reverse("catalog:product_list"), {"orden": "mas-vendidos"})
    html = response.content.decode()
    assert html.index("Los ríos profundos") < html.index("Trilce")
