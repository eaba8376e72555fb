"""The audit trail on the embedded default (SQLite): no triggers, so no history rows, but the
project migrates and runs, the admin's history pages say where the record is, requests
pass the audit middleware untouched, and erasure is a harmless no-op."""

import pytest
from django.urls import reverse

from audit.erasure import erase_customer
from audit.models import CustomerHistory, OrderHistory
from orders.models import Order
from tests.conftest import USING_POSTGRES
from tests.factories import CustomerFactory
from tests.factories.orders import OrderFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(USING_POSTGRES, reason="the embedded default only"),
]


def test_sqlite_migrates_and_runs_without_history(client, superuser, miraflores):
    customer = CustomerFactory(name="Ana Quispe")
    order = OrderFactory(store=miraflores, customer=customer)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PACKED)
    assert not OrderHistory.objects.exists() and not CustomerHistory.objects.exists()

    client.force_login(superuser)
    page = client.get(reverse("admin:orders_order_history", args=[order.pk]))
    assert page.status_code == 200
    assert "los kardex" in page.content.decode()
    # A POST goes through the audit middleware untouched.
    response = client.post(
        reverse("admin:orders_order_changelist"),
        {"action": "advance_orders", "_selected_action": [order.pk]},
    )
    assert response.status_code in (200, 302)
    assert erase_customer(customer.pk) == 0
