"""The history of one object as people read it: when, who, what changed, before and after.

Reads the event tables (audit.models): each event is compared with the event before it of
the same object in the same table, so an update lists only the fields it changed. A fixed
number of queries whatever the number of events: one per table, one for the users.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit import models as audit_models
from catalog.models import Product
from crm.models import Customer
from inventory.models import StockItem
from orders.models import Order

LABELS = {"insert": _("Creado"), "update": _("Modificado"), "delete": _("Eliminado")}
# Columns of the event tables that are not the tracked object's own.
_META = {"pgh_id", "pgh_created_at", "pgh_label", "pgh_obj", "pgh_context", "pgh_context_id"}

# What the history page of each object shows: (event table, the column that points at it).
SOURCES: dict[type[models.Model], list[tuple[type[models.Model], str]]] = {
    Order: [
        (audit_models.OrderHistory, "pgh_obj_id"),
        (audit_models.OrderLineHistory, "order_id"),
        (audit_models.PaymentHistory, "order_id"),
        (audit_models.ReservationHistory, "order_id"),
    ],
    Customer: [
        (audit_models.CustomerHistory, "pgh_obj_id"),
        (audit_models.AddressHistory, "customer_id"),
    ],
    Product: [
        (audit_models.ProductHistory, "pgh_obj_id"),
        (audit_models.StockItemHistory, "product_id"),
    ],
    StockItem: [(audit_models.StockItemHistory, "pgh_obj_id")],
}


@dataclass
class Change:
    field: str
    before: object
    after: object


@dataclass
class Entry:
    when: datetime
    label: str
    action: str
    what: str
    who: str
    url: str
    changes: list[Change] = field(default_factory=list)


def _display(event_field: models.Field, value):
    if value is None or value == "":
        return "—"
    if event_field.choices:
        return dict(event_field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("sí") if value else _("no")
    return value


def _tracked_fields(event_model) -> list[models.Field]:
    return [f for f in event_model._meta.concrete_fields if f.name not in _META]


def _tracked_name(event_model) -> str:
    return str(event_model.pgh_tracked_model._meta.concrete_model._meta.verbose_name)


def history_for(obj: models.Model) -> list[Entry]:
    """Every recorded change of `obj` (and of its parts: an order's lines and payments,
    a customer's addresses, a product's stock), newest first."""
    sources = SOURCES.get(type(obj)._meta.concrete_model, [])
    raw: list[tuple[models.Model, type[models.Model], dict]] = []
    for event_model, column in sources:
        previous: dict[int, dict] = {}
        fields = _tracked_fields(event_model)
        events = event_model.objects.filter(**{column: obj.pk}).order_by("pgh_obj_id", "pgh_id")
        for event in events:
            values = {f.attname: getattr(event, f.attname) for f in fields}
            before = previous.get(event.pgh_obj_id)
            raw.append((event, event_model, {"values": values, "before": before}))
            previous[event.pgh_obj_id] = values

    user_ids = {
        (event.pgh_context or {}).get("user")
        for event, _model, _data in raw
        if isinstance(event.pgh_context, dict)
    } - {None}
    users = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=user_ids)}

    entries: list[tuple[tuple, Entry]] = []
    for event, event_model, data in raw:
        context = event.pgh_context if isinstance(event.pgh_context, dict) else {}
        user_id = context.get("user")
        who = users.get(user_id, _("usuario #%s") % user_id) if user_id else _("sistema")
        changes = []
        for f in _tracked_fields(event_model):
            after = data["values"][f.attname]
            before = data["before"][f.attname] if data["before"] else None
            if event.pgh_label == "update" and before == after:
                continue
            if event.pgh_label == "insert" and after in (None, ""):
                continue
            if event.pgh_label == "delete":
                before, after = after, None
            changes.append(Change(str(f.verbose_name), _display(f, before), _display(f, after)))
        order = (event.pgh_created_at, event.pgh_id)
        entries.append(
            (
                order,
                Entry(
                    when=event.pgh_created_at,
                    label=event.pgh_label,
                    action=str(LABELS.get(event.pgh_label, event.pgh_label)),
                    what=f"{_tracked_name(event_model)} #{event.pgh_obj_id}",
                    who=str(who),
                    url=context.get("url", ""),
                    changes=changes,
                ),
            )
        )
    # Newest first; in one transaction (one timestamp) the later write first.
    entries.sort(key=lambda pair: pair[0], reverse=True)
    return [entry for _order, entry in entries]
