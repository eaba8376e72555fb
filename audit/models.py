"""The event tables of the audit trail, one per tracked table.

Each tracked model of another app is tracked through a proxy declared here, so that the
triggers pghistory installs on its table are created by this app's migrations: the orders,
inventory, catalog and crm apps get no migration from the audit trail. pgtrigger's migration
operations do nothing on a database other than PostgreSQL, so the same migrations run on
SQLite and leave plain, empty tables.

Every event row holds the whole row as it was written (after an insert or update, before a
delete), the label ("insert", "update", "delete"), when (`pgh_created_at`) and who
(`pgh_context`: the user and URL of the request, set by audit.middleware). The changes of
one event are the differences with the event before it of the same object (audit.history).

Append-only: a trigger refuses every DELETE on the event tables and every UPDATE except
blanking personal values (audit.erasure), so the database itself keeps the record.
"""

import pghistory
import pgtrigger
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from crm.models import Address, Customer
from inventory.models import Reservation, StockItem
from orders.models import Order, OrderLine, Payment

# Proxies: the tracked tables, owned by their apps, seen from here.


class AuditedOrder(Order):
    class Meta:
        proxy = True


class AuditedOrderLine(OrderLine):
    class Meta:
        proxy = True


class AuditedPayment(Payment):
    class Meta:
        proxy = True


class AuditedStockItem(StockItem):
    class Meta:
        proxy = True


class AuditedReservation(Reservation):
    class Meta:
        proxy = True


class AuditedProduct(Product):
    class Meta:
        proxy = True


class AuditedCustomer(Customer):
    class Meta:
        proxy = True


class AuditedAddress(Address):
    class Meta:
        proxy = True


class _NotAnErasure(pgtrigger.Condition):
    """An UPDATE of an event row other than blanking some of its personal columns.

    Erasure may only turn a personal value into '' and touch nothing else; anything else
    (changing a price, a status, who or when, or writing a new personal value) is refused.
    """

    def __init__(self, personal: tuple[str, ...]):
        self.personal = personal
        super().__init__(sql="-")

    def resolve(self, model) -> str:
        others = pgtrigger.AnyChange(exclude=list(self.personal)).resolve(model)
        columns = [model._meta.get_field(name).column for name in self.personal]
        refilled = [
            f'(NEW."{col}" IS DISTINCT FROM OLD."{col}" AND NEW."{col}" <> \'\')' for col in columns
        ]
        return "(" + " OR ".join([f"({others})", *refilled]) + ")"


def _append_only(personal: tuple[str, ...] = ()) -> list[pgtrigger.Trigger]:
    update = (
        pgtrigger.Protect(
            name="audit_no_update",
            operation=pgtrigger.Update,
            condition=_NotAnErasure(personal),
        )
        if personal
        else pgtrigger.Protect(name="audit_no_update", operation=pgtrigger.Update)
    )
    return [update, pgtrigger.Protect(name="audit_no_delete", operation=pgtrigger.Delete)]


def _tracking(tracked, *, fields=None, exclude=None):
    """The abstract base of one event table: inserts, updates (of the tracked fields) and
    deletes, the request's context stored in the row itself (so it is append-only too)."""
    return pghistory.create_event_model(
        tracked,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        fields=fields,
        exclude=exclude,
        obj_field=pghistory.ObjForeignKey(related_name="+"),
        context_field=pghistory.ContextJSONField(),
        append_only=False,
        model_name=f"{tracked.__name__}Base",
    )


ORDER_PERSONAL = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "address_street",
    "address_reference",
)


class OrderHistory(_tracking(AuditedOrder, exclude=["updated_at", "checkout_token"])):
    PERSONAL = ORDER_PERSONAL

    class Meta:
        verbose_name = _("historial de pedido")
        verbose_name_plural = _("historial de pedidos")
        triggers = _append_only(ORDER_PERSONAL)


class OrderLineHistory(_tracking(AuditedOrderLine)):
    class Meta:
        verbose_name = _("historial de línea de pedido")
        verbose_name_plural = _("historial de líneas de pedido")
        triggers = _append_only()


class PaymentHistory(_tracking(AuditedPayment)):
    class Meta:
        verbose_name = _("historial de pago")
        verbose_name_plural = _("historial de pagos")
        triggers = _append_only()


class StockItemHistory(_tracking(AuditedStockItem, exclude=["updated_at", "low_stock_alerted_at"])):
    class Meta:
        verbose_name = _("historial de stock")
        verbose_name_plural = _("historial de stock")
        triggers = _append_only()


class ReservationHistory(_tracking(AuditedReservation)):
    class Meta:
        verbose_name = _("historial de reserva")
        verbose_name_plural = _("historial de reservas")
        triggers = _append_only()


class ProductHistory(
    _tracking(
        AuditedProduct, fields=["title", "price", "compare_at_price", "tax_class", "is_active"]
    )
):
    class Meta:
        verbose_name = _("historial de precio")
        verbose_name_plural = _("historial de precios")
        triggers = _append_only()


CUSTOMER_PERSONAL = ("name", "email", "phone", "dni", "notes")


# birth_date stays out of the trail: personal, and not worth a history (Club Pepito reads it).
class CustomerHistory(_tracking(AuditedCustomer, exclude=["updated_at", "birth_date"])):
    PERSONAL = CUSTOMER_PERSONAL

    class Meta:
        verbose_name = _("historial de cliente")
        verbose_name_plural = _("historial de clientes")
        triggers = _append_only(CUSTOMER_PERSONAL)


ADDRESS_PERSONAL = ("label", "street", "reference", "phone")


class AddressHistory(_tracking(AuditedAddress)):
    PERSONAL = ADDRESS_PERSONAL

    class Meta:
        verbose_name = _("historial de dirección")
        verbose_name_plural = _("historial de direcciones")
        triggers = _append_only(ADDRESS_PERSONAL)
