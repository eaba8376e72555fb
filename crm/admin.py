from django.contrib import admin

from crm.models import Address, Complaint, Customer


class AddressInline(admin.StackedInline):
    model = Address
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "phone", "dni", "preferred_store", "marketing_consent"]
    list_filter = ["preferred_store", "marketing_consent"]
    list_select_related = ["preferred_store"]
    search_fields = ["name", "email", "phone", "dni"]
    raw_id_fields = ["user"]
    filter_horizontal = ["favorite_genres", "favorite_authors"]
    readonly_fields = ["marketing_consent_at", "created_at", "updated_at"]
    inlines = [AddressInline]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """The Libro de Reclamaciones, read-only: sheets are written by the public form and
    answered on the staff page (/tienda/reclamaciones/); the law asks to keep every one."""

    list_display = ["number", "kind", "consumer_name", "created_at", "due_date", "status"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["number", "consumer_name", "doc_number", "email", "order_number"]
    list_select_related = ["store"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
