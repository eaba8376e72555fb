from django.contrib import admin

from orders.models import (
    Cart,
    CartLine,
    DeliveryDistrict,
    DeliveryWindow,
    DeliveryZone,
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


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-mostly: statuses, stock and money change through the staff console's services."""

    list_display = [
        "number", "created_at", "contact_name", "channel", "fulfilment", "store", "status",
        "payment_status", "total",
    ]  # fmt: skip
    list_filter = ["status", "channel", "fulfilment", "payment_status", "store"]
    list_select_related = ["store"]
    search_fields = ["number", "contact_name", "contact_email", "contact_phone", "pickup_code"]
    date_hierarchy = "created_at"
    raw_id_fields = ["customer", "delivery_slot", "created_by"]
    readonly_fields = [
        "number", "status", "payment_status", "paid_at", "subtotal", "delivery_fee",
        "discount_total", "tax_total", "total", "stripe_payment_intent", "checkout_token",
        "pickup_code", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [OrderLineInline, PaymentInline, OrderEventInline]

    def has_add_permission(self, request):
        return False


class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    raw_id_fields = ["product"]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["pk", "customer", "updated_at", "checked_out_at"]
    raw_id_fields = ["customer"]
    inlines = [CartLineInline]
