from django.contrib import admin

from inventory.models import Store


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district", "city", "region", "pickup_enabled", "is_active"]
    list_filter = ["kind", "region", "pickup_enabled", "is_active"]
    search_fields = ["name", "district", "city"]
    prepopulated_fields = {"slug": ["name"]}
