from decimal import Decimal

import pytest
from django.urls import reverse

from inventory.models import Reservation
from orders.models import Order
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


def _changelist_post(admin_client, action, orders, **extra):
    return admin_client.post(
        reverse("admin:orders_order_changelist"),
        {"action": action, "_selected_action": [o.pk for o in orders], **extra},
        follow=True,
    )


def test_admin_cancel_asks_for_a_reason_then_annuls_through_the_service(
    admin_client, customer_cart, miraflores
):
    order = place(customer_cart, store=miraflores)

    # First the intermediate page; a blank reason keeps it there and changes nothing.
    page = _changelist_post(admin_client, "cancel_orders", [order])
    assert page.status_code == 200
    assert "Motivo de la anulación" in page.content.decode()
    _changelist_post(admin_client, "cancel_orders", [order], apply="1", reason="   ")
    order.refresh_from_db()
    assert order.status == Order.Status.PROCESSING

    _changelist_post(admin_client, "cancel_orders", [order], apply="1", reason="Pedido duplicado")

    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.events.last().note == "Pedido duplicado"
    # The service gave the held copies back (a raw status edit would not).
    assert set(Reservation.objects.filter(order=order).values_list("state", flat=True)) == {
        Reservation.State.RELEASED
    }


def test_admin_advance_makes_the_boards_next_move(admin_client, customer_cart, miraflores):
    order = place(customer_cart, store=miraflores)  # pickup, pay at pickup: en proceso

    _changelist_post(admin_client, "advance_orders", [order])
    order.refresh_from_db()
    assert order.status == Order.Status.PACKED
    _changelist_post(admin_client, "advance_orders", [order])
    order.refresh_from_db()
    assert order.status == Order.Status.READY

    # Ready for pickup: the next step is the desk's handover, not an admin click.
    response = _changelist_post(admin_client, "advance_orders", [order])
    order.refresh_from_db()
    assert order.status == Order.Status.READY
    assert "no tiene un siguiente paso" in response.content.decode()
    assert list(order.events.values_list("status", flat=True)) == [
        "en_proceso",
        "embalado",
        "listo_recoger",
    ]


def test_admin_change_form_cannot_move_an_order_to_another_store(
    admin_client, customer_cart, miraflores, warehouse
):
    order = place(customer_cart, store=miraflores)
    url = reverse("admin:orders_order_change", args=[order.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="store"' not in html and 'name="status"' not in html

    response = admin_client.post(
        url,
        {
            "contact_name": "Luis R.",
            "contact_email": order.contact_email,
            "contact_phone": order.contact_phone,
            "address_street": "",
            "address_reference": "",
            "store": warehouse.pk,
            "status": Order.Status.CANCELLED,
            "fulfilment": "delivery",
            "payment_method": "card",
            "total": "1.00",
            **_inlines(order),
        },
    )

    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [fs.formset.errors for fs in response.context["inline_admin_formsets"]],
        [fs.formset.non_form_errors() for fs in response.context["inline_admin_formsets"]],
    )
    order.refresh_from_db()
    assert order.contact_name == "Luis R."  # the editable field did change
    assert order.store == miraflores
    assert order.status == Order.Status.PROCESSING
    assert (order.fulfilment, order.payment_method) == ("pickup", "at_pickup")
    assert order.total == Decimal("150.80")  # 2 × 45.90 + 59.00


def test_admin_cannot_add_orders(admin_client):
    assert admin_client.get(reverse("admin:orders_order_add")).status_code == 403


def _inlines(order):
    """The inlines' management forms as the change page sends them (their rows read-only)."""
    data = {}
    for prefix, rows in (
        ("lines", order.lines.all()),
        ("payments", order.payments.all()),
        ("disputes", order.disputes.all()),
        ("events", order.events.all()),
    ):
        rows = list(rows)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(len(rows)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-order"] = str(order.pk)
    return data
