"""The audit trail in the admin: read-only event tables, and a history per object.

The history page of an order, a customer, a product or a stock item (the "Histórico"
button of its change form) shows, under Django's own log of admin actions, every change
the database recorded: when, who, what, before and after (audit.history). The admins of
those models belong to their apps; they are re-registered here with one mixin added, so
those apps know nothing of the audit trail (audit is listed after them in INSTALLED_APPS).
"""

from django.contrib import admin
from django.db import connection
from django.utils.translation import gettext_lazy as _

from audit import models as audit_models
from audit.history import SOURCES, history_for


class AuditHistoryMixin:
    object_history_template = "audit/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        extra = {
            "audit_entries": history_for(obj) if obj is not None else [],
            "audit_recorded": connection.vendor == "postgresql",
        }
        return super().history_view(request, object_id, {**(extra_context or {}), **extra})


def _with_history(model) -> None:
    current = admin.site._registry.get(model)
    base = type(current) if current is not None else admin.ModelAdmin
    if issubclass(base, AuditHistoryMixin):
        return
    if current is not None:
        admin.site.unregister(model)
    admin.site.register(model, type(f"Audited{base.__name__}", (AuditHistoryMixin, base), {}))


for _model in SOURCES:
    _with_history(_model)


class EventAdmin(admin.ModelAdmin):
    """One event table: read only, nobody adds, changes or deletes (the trigger agrees)."""

    list_display = ("pgh_created_at", "pgh_label", "pgh_obj_id", "who")
    list_filter = ("pgh_label",)
    ordering = ("-pgh_id",)
    list_per_page = 50

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.concrete_fields]

    @admin.display(description=_("quién"))
    def who(self, event):
        context = event.pgh_context if isinstance(event.pgh_context, dict) else {}
        return context.get("user") or _("sistema")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for _event_model in (
    audit_models.OrderHistory,
    audit_models.OrderLineHistory,
    audit_models.PaymentHistory,
    audit_models.StockItemHistory,
    audit_models.ReservationHistory,
    audit_models.ProductHistory,
    audit_models.CustomerHistory,
    audit_models.AddressHistory,
):
    admin.site.register(_event_model, EventAdmin)
