from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inventory import stock
from inventory.exceptions import InventoryError
from inventory.models import (
    BackInStockRequest,
    Reservation,
    StockItem,
    StockMovement,
    Store,
    Transfer,
)


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district", "city", "region", "pickup_enabled", "is_active"]
    list_filter = ["kind", "region", "pickup_enabled", "is_active"]
    search_fields = ["name", "district", "city"]
    prepopulated_fields = {"slug": ["name"]}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that change only through inventory.stock (the ledger and its companions)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockItem)
class StockItemAdmin(admin.ModelAdmin):
    """Figures are read-only here: stock changes through the staff pages or the services,
    which write the ledger. Only the reorder point and the shelf location are editable."""

    list_display = [
        "product",
        "store",
        "on_hand",
        "reserved",
        "available",
        "reorder_point",
        "location",
        "low_stock_alerted_at",
    ]
    list_filter = ["store"]
    search_fields = ["product__title", "product__isbn"]
    list_select_related = ["product", "store"]
    raw_id_fields = ["product"]
    readonly_fields = ["on_hand", "reserved", "low_stock_alerted_at", "updated_at"]
    fields = ["store", "product", "on_hand", "reserved", "reorder_point", "location"]

    def has_add_permission(self, request):
        return False  # rows appear with the first receipt

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "store", "product"] if obj else self.readonly_fields

    @admin.display(description=_("disponible"))
    def available(self, obj):
        return obj.available


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "kind",
        "product",
        "store",
        "on_hand_delta",
        "reserved_delta",
        "reference_type",
        "reference_id",
        "actor",
        "reason",
    ]
    list_filter = ["kind", "store"]
    search_fields = ["product__title", "product__isbn", "reference_id", "reason"]
    list_select_related = ["product", "store", "actor"]
    date_hierarchy = "created_at"


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = ["owner", "product", "store", "quantity", "state", "expires_at", "created_at"]
    list_filter = ["state", "store"]
    search_fields = ["owner", "product__title"]
    list_select_related = ["product", "store"]
    actions = ["release_selected"]

    def has_change_permission(self, request, obj=None):
        # Needed for the action; every field stays read-only.
        return request.user.has_perm("inventory.change_reservation")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.action(description=_("Liberar las reservas seleccionadas"))
    def release_selected(self, request, queryset):
        released = 0
        for reservation in queryset.filter(state=Reservation.State.ACTIVE).select_related("store"):
            try:
                stock.release(reservation, actor=request.user, reason=_("Liberada en la admin"))
                released += 1
            except InventoryError as error:
                self.message_user(request, error.message, messages.ERROR)
        self.message_user(
            request,
            ngettext("%(n)s reserva liberada.", "%(n)s reservas liberadas.", released)
            % {"n": released},
        )


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["pk", "product", "quantity", "from_store", "to_store", "state", "requested_at"]
    list_filter = ["state", "from_store", "to_store"]
    search_fields = ["product__title", "product__isbn"]
    list_select_related = ["product", "from_store", "to_store"]


@admin.register(BackInStockRequest)
class BackInStockRequestAdmin(admin.ModelAdmin):
    list_display = ["email", "phone", "product", "store", "created_at", "notified_at"]
    list_filter = ["store", ("notified_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "phone", "product__title"]
    list_select_related = ["product", "store"]
    raw_id_fields = ["product", "customer"]
    readonly_fields = ["notified_at", "created_at"]
