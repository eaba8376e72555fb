import pytest
from django.urls import reverse

from tests.orders.conftest import place

pytestmark = pytest.mark.django_db


def test_admin_pages_for_orders_and_delivery_zones(admin_client, customer_cart, miraflores, zone):
    order = place(customer_cart, store=miraflores)

    for url in [
        reverse("admin:orders_order_changelist"),
        reverse("admin:orders_order_change", args=[order.pk]),
        reverse("admin:orders_deliveryzone_change", args=[zone.pk]),
        reverse("admin:orders_deliverywindow_changelist"),
        reverse("admin:orders_cart_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url
    assert (
        order.number
        in admin_client.get(
            reverse("admin:orders_order_changelist"), {"q": order.contact_phone}
        ).content.decode()
    )
