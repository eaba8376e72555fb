from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from inventory.exceptions import InventoryError
from orders import status
from orders.exceptions import OrderError
from orders.models import (
    Cart,
    CartLine,
    DeliveryDistrict,
    DeliveryWindow,
    DeliveryZone,
    Dispute,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
)


class DeliveryDistrictInline(admin.TabularInline):
    model = DeliveryDistrict
    extra = 1


@admin.register(DeliveryZone)
class DeliveryZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "fee", "lead_days", "is_active"]
    list_editable = ["fee", "lead_days", "is_active"]
    inlines = [DeliveryDistrictInline]


@admin.register(DeliveryWindow)
class DeliveryWindowAdmin(admin.ModelAdmin):
    list_display = ["label", "starts_at", "ends_at", "capacity", "is_active"]
    list_editable = ["capacity", "is_active"]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    raw_id_fields = ["product"]
    readonly_fields = ["product", "title", "quantity", "unit_price", "tax_rate", "line_total"]

    def has_add_permission(self, request, obj=None):
        return False


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    readonly_fields = ["status", "note", "actor", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "method", "amount", "currency", "reference", "received_by"]

    def has_add_permission(self, request, obj=None):
        return False


class DisputeInline(admin.TabularInline):
    """Disputes come only from Stripe's signed events (orders.payments): read-only here;
    answer them in Stripe's dashboard."""

    model = Dispute
    extra = 0
    can_delete = False
    fields = ["dispute_id", "status", "reason", "amount", "currency", "charge_id", "opened_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = ["dispute_id", "order", "status", "reason", "amount", "opened_at"]
    list_filter = ["status", "reason"]
    search_fields = ["dispute_id", "charge_id", "order__number"]
    readonly_fields = [
        "order", "dispute_id", "charge_id", "amount", "currency", "reason", "status",
        "stripe_updated", "opened_at", "updated_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CancelOrdersForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la anulación"),
        max_length=300,
        help_text=_("Queda en el historial del pedido y se le cuenta al cliente."),
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Escribe por qué se anula."))
        return reason


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-mostly: what the services own (status, store, window, fulfilment, payment, money,
    customer, number) is read-only here, because changing it by hand would leave its stock holds,
    delivery window or payments behind. The actions call the services instead."""

    list_display = [
        "number", "created_at", "contact_name", "channel", "fulfilment", "store", "status",
        "payment_status", "total",
    ]  # fmt: skip
    list_filter = ["status", "channel", "fulfilment", "payment_status", "store"]
    list_select_related = ["store"]
    search_fields = ["number", "contact_name", "contact_email", "contact_phone", "pickup_code"]
    date_hierarchy = "created_at"
    # Only the contact data and the delivery's street and reference may be corrected by hand.
    readonly_fields = [
        "number", "channel", "customer", "status", "fulfilment", "store", "delivery_slot",
        "courier_eta", "address_district", "address_province", "address_region",
        "pickup_code", "pickup_deadline", "subtotal", "delivery_fee", "discount_total",
        "tax_total", "total", "points_used", "points_value", "credit_used", "currency",
        "payment_method", "payment_status", "paid_at",
        "stripe_payment_intent", "checkout_token", "created_by", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [OrderLineInline, PaymentInline, DisputeInline, OrderEventInline]
    actions = ["cancel_orders", "advance_orders"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Anular (con motivo)"), permissions=["change"])
    def cancel_orders(self, request, queryset):
        """Ask for the reason on an intermediate page, then annul each order (orders.status)."""
        form = CancelOrdersForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Anular pedidos"),
                "opts": self.model._meta,
                "orders": queryset,
                "form": form,
                "action": "cancel_orders",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "orders/admin/cancel_orders.html", context)
        reason = form.cleaned_data["reason"]
        for order in queryset.order_by("pk"):
            try:
                status.cancel(order=order, actor=request.user, reason=reason)
            except (OrderError, InventoryError) as error:
                self.message_user(request, f"{order.number}: {error.message}", messages.ERROR)
            else:
                self.message_user(
                    request, _("%(number)s anulado.") % {"number": order.number}, messages.SUCCESS
                )
        return None

    @admin.action(description=_("Avanzar al siguiente estado"), permissions=["change"])
    def advance_orders(self, request, queryset):
        """The board's one forward move for each order (orders.status), or why there is none."""
        for order in queryset.order_by("pk"):
            to = status.next_board_status(order)
            if to is None:
                self.message_user(
                    request,
                    _("%(number)s: no tiene un siguiente paso aquí (está «%(status)s»).")
                    % {"number": order.number, "status": order.get_status_display()},
                    messages.WARNING,
                )
                continue
            try:
                order = status.advance_on_board(order=order, to=to, actor=request.user)
            except (OrderError, InventoryError) as error:
                self.message_user(request, f"{order.number}: {error.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(number)s: ahora «%(status)s».")
                    % {"number": order.number, "status": order.get_status_display()},
                    messages.SUCCESS,
                )


class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    raw_id_fields = ["product"]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["pk", "customer", "updated_at", "checked_out_at"]
    raw_id_fields = ["customer"]
    inlines = [CartLineInline]
