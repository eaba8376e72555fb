from django.contrib import admin

from shop.models import RelatedProduct


@admin.register(RelatedProduct)
class RelatedProductAdmin(admin.ModelAdmin):
    """Read only: the lists are rebuilt from orders and the catalog (shop.recommendations);
    an edit would be overwritten at the next refresh."""

    list_display = ["product", "kind", "position", "related", "score"]
    list_filter = ["kind"]
    list_select_related = ["product", "related"]
    search_fields = ["product__title", "related__title"]
    ordering = ["product", "kind", "position"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
