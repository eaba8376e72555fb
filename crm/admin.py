from django.contrib import admin

from crm.models import Address, Customer


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
