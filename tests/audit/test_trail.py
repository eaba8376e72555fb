"""The audit trail (issue #18): every change to orders, stock, prices and customers leaves a
history row with who, when, before and after, written by PostgreSQL triggers (so `.update()`
and bulk writes are seen too), shown in the admin per object, append-only, and erasable
for a customer who asks to be forgotten."""

from datetime import timedelta
from decimal import Decimal

import pghistory
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from audit.erasure import erase_customer
from audit.history import history_for
from audit.middleware import AuditContextMiddleware
from audit.models import (
    AddressHistory,
    CustomerHistory,
    OrderHistory,
    ProductHistory,
    ReservationHistory,
    StockItemHistory,
)
from catalog.models import Product
from inventory.models import Reservation, StockItem
from inventory.stock import release_expired_reservations, reserve
from orders.models import Order
from outbox.spine import publish
from tests.conftest import USING_POSTGRES
from tests.factories import CustomerFactory, ProductFactory
from tests.factories.crm import AddressFactory
from tests.factories.inventory import stock_up
from tests.factories.orders import OrderFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not USING_POSTGRES, reason="the history is written by PostgreSQL triggers"),
    pytest.mark.django_db,
]


def _events(model, **lookup):
    return list(model.objects.filter(**lookup).order_by("pgh_id"))


def test_a_status_change_made_by_a_clerk_records_who_when_before_and_after(
    clerk_client, clerk, miraflores
):
    order = OrderFactory(store=miraflores)
    assert order.status == Order.Status.PROCESSING

    response = clerk_client.post(
        reverse("staff:order_advance", args=[order.number]), {"to": Order.Status.PACKED}
    )

    assert response.status_code in (200, 302)
    order.refresh_from_db()
    assert order.status == Order.Status.PACKED
    *earlier, last = _events(OrderHistory, pgh_obj_id=order.pk)
    assert earlier[-1].status == Order.Status.PROCESSING  # before
    assert last.pgh_label == "update" and last.status == Order.Status.PACKED  # after
    assert earlier[-1].pgh_created_at <= last.pgh_created_at <= timezone.now()  # when
    assert last.pgh_context["user"] == clerk.pk  # who
    assert last.pgh_context["url"] == f"/tienda/pedidos/{order.number}/avanzar/"

    # As people read it: only what changed, with its labels.
    entry = next(
        e for e in history_for(order) if e.label == "update" and e.what.startswith("pedido #")
    )
    assert entry.who == str(clerk)
    estado = next(c for c in entry.changes if c.field == "estado")
    assert (str(estado.before), str(estado.after)) == ("En proceso", "Embalado")


def test_a_price_changed_with_update_is_recorded(superuser):
    book = ProductFactory(price=Decimal("45.90"))

    with pghistory.context(user=superuser.pk, url="/admin/catalog/product/"):
        Product.objects.filter(pk=book.pk).update(price=Decimal("39.90"))
    # A write that touches no tracked field (the description) leaves no row.
    Product.objects.filter(pk=book.pk).update(description="Otra reseña")

    inserted, updated = _events(ProductHistory, pgh_obj_id=book.pk)
    assert (inserted.pgh_label, inserted.price) == ("insert", Decimal("45.90"))
    assert (updated.pgh_label, updated.price) == ("update", Decimal("39.90"))
    assert updated.pgh_context["user"] == superuser.pk
    change = next(c for e in history_for(book) for c in e.changes if e.label == "update")
    assert (change.field, change.before, change.after) == (
        "precio",
        Decimal("45.90"),
        Decimal("39.90"),
    )


def test_bulk_stock_changes_are_recorded_row_by_row(miraflores, clerk):
    books = ProductFactory.create_batch(3)
    items = [stock_up(miraflores, book, 5) for book in books]
    # Holds that expired a second ago.
    reserve([(book, 2) for book in books], miraflores, "cart:1", ttl=timedelta(seconds=-1))
    assert {i.reserved for i in StockItem.objects.filter(pk__in=[i.pk for i in items])} == {2}

    # The beat's sweep releases the expired holds (queryset .update() on reservations) ...
    with pghistory.context(user=clerk.pk, url="beat"):
        assert release_expired_reservations() == 3
        # ... and a manager's bulk edit of reorder points, one UPDATE for every row.
        StockItem.objects.filter(store=miraflores).update(reorder_point=F("reorder_point") + 3)

    for item in items:
        rows = _events(StockItemHistory, pgh_obj_id=item.pk)
        assert (
            [(r.on_hand, r.reserved, r.reorder_point) for r in rows]
            == [
                (0, 0, 2),  # created by the receipt...
                (5, 0, 2),
                (5, 2, 2),  # held
                (5, 0, 2),  # released by the sweep
                (5, 0, 5),  # bulk edit
            ][-len(rows) :]
        )
        assert rows[-1].pgh_context["user"] == clerk.pk
    states = ReservationHistory.objects.filter(pgh_label="update").values_list("state", flat=True)
    assert sorted(states) == [Reservation.State.EXPIRED] * 3


def test_the_admin_shows_each_objects_history(client, superuser, miraflores):
    customer = CustomerFactory(name="Ana Quispe", phone="+51987654321")
    order = OrderFactory(store=miraflores, customer=customer)
    client.force_login(superuser)
    client.post(
        reverse("admin:crm_customer_change", args=[customer.pk]),
        {"name": "Ana María Quispe", "email": "", "phone": "+51987654321", "dni": "", "notes": ""},
    )
    CustomerFactory._meta.model.objects.filter(pk=customer.pk).update(name="Ana María Quispe")
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PACKED)

    page = client.get(reverse("admin:orders_order_history", args=[order.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Historial de cambios" in html
    assert "En proceso" in html and "Embalado" in html

    page = client.get(reverse("admin:crm_customer_history", args=[customer.pk]))
    html = page.content.decode()
    assert "Ana Quispe" in html and "Ana María Quispe" in html
    for url in [
        reverse("admin:catalog_product_history", args=[order.lines.first().product_id]),
        reverse("admin:audit_orderhistory_changelist"),
        reverse("admin:audit_customerhistory_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
    event = OrderHistory.objects.filter(pgh_obj_id=order.pk).first()
    assert (
        client.get(reverse("admin:audit_orderhistory_change", args=[event.pk])).status_code == 200
    )
    # Read only: no add, change or delete in the admin.
    assert client.get(reverse("admin:audit_orderhistory_add")).status_code == 403
    assert (
        client.post(reverse("admin:audit_orderhistory_delete", args=[event.pk])).status_code == 403
    )


def test_history_rows_cannot_be_changed_nor_deleted(miraflores):
    order = OrderFactory(store=miraflores)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PACKED)
    rows = OrderHistory.objects.filter(pgh_obj_id=order.pk)
    recorded = list(rows.order_by("pgh_id").values_list("status", "total", "contact_name"))
    assert recorded[-1][0] == Order.Status.PACKED

    for write in [
        lambda: rows.update(status=Order.Status.CANCELLED),
        lambda: rows.update(total=Decimal("0.00")),
        lambda: rows.update(pgh_created_at=timezone.now() - timedelta(days=30)),
        lambda: rows.update(pgh_context={"user": None}),
        # Personal columns may only be blanked (erasure), never rewritten.
        lambda: rows.update(contact_name="Otra persona"),
        lambda: rows.delete(),
        lambda: ProductHistory.objects.all().delete(),
        lambda: ProductHistory.objects.update(price=Decimal("1.00")),
    ]:
        with pytest.raises(DatabaseError, match="pgtrigger: Cannot"), transaction.atomic():
            write()
    assert list(rows.order_by("pgh_id").values_list("status", "total", "contact_name")) == recorded


@pytest.mark.django_db(transaction=True)
def test_erasure_by_the_fact_blanks_the_customers_personal_values_only(miraflores):
    customer = CustomerFactory(
        name="Ana Quispe", email="ana@example.pe", phone="+51987654321", dni="45678912"
    )
    AddressFactory(customer=customer, street="Av. Larco 123", reference="Frente al parque")
    order = OrderFactory(
        store=miraflores,
        customer=customer,
        contact_name="Ana Quispe",
        contact_email="ana@example.pe",
        contact_phone="+51987654321",
    )
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PACKED)
    type(customer).objects.filter(pk=customer.pk).update(phone="+51911222333", notes="VIP")
    other = CustomerFactory(name="Luis Pérez", email="luis@example.pe")

    with transaction.atomic():
        publish("customer.erased", customer_id=customer.pk)

    for row in CustomerHistory.objects.filter(pgh_obj_id=customer.pk):
        assert (row.name, row.email, row.phone, row.dni, row.notes) == ("", "", "", "", "")
    for row in AddressHistory.objects.filter(customer_id=customer.pk):
        assert (row.street, row.reference, row.phone) == ("", "", "")
        assert row.district  # not personal: kept
    rows = OrderHistory.objects.filter(pgh_obj_id=order.pk).order_by("pgh_id")
    assert {(r.contact_name, r.contact_email, r.contact_phone) for r in rows} == {("", "", "")}
    # The rest of the record stays: what changed, when and by whom.
    assert [r.status for r in rows][-2:] == ["en_proceso", "embalado"]
    assert rows.last().total == order.total
    assert CustomerHistory.objects.get(pgh_obj_id=other.pk).name == "Luis Pérez"
    # Idempotent: a second delivery (or a direct call) changes nothing more.
    erase_customer(customer.pk)
    assert CustomerHistory.objects.filter(pgh_obj_id=customer.pk).exclude(name="").count() == 0


def test_a_nul_byte_in_the_path_does_not_fail_the_write(rf, miraflores):
    """jsonb refuses \\u0000: the recorded path drops it rather than failing the request."""
    order = OrderFactory(store=miraflores)
    request = rf.post("/tienda/pedidos/A%00B/avanzar/")
    request.user = AnonymousUser()

    def view(request):
        Order.objects.filter(pk=order.pk).update(status=Order.Status.PACKED)
        return HttpResponse("ok")

    assert AuditContextMiddleware(view)(request).status_code == 200
    last = OrderHistory.objects.filter(pgh_obj_id=order.pk).latest("pgh_id")
    assert last.status == Order.Status.PACKED
    assert last.pgh_context == {
        "user": None,
        "url": "/tienda/pedidos/AB/avanzar/",
        "method": "POST",
    }
