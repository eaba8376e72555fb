from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.customers import MergeError, merge_customers
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
    readonly_fields = ["marketing_consent_at", "merged_into", "created_at", "updated_at"]
    inlines = [AddressInline]
    actions = ["merge_two"]

    @admin.action(
        description=gettext_lazy(
            "Fusionar los dos clientes seleccionados (se queda el más antiguo)"
        ),
        permissions=["change"],
    )
    def merge_two(self, request, queryset):
        chosen = list(queryset.order_by("created_at", "pk")[:3])
        if len(chosen) != 2:
            self.message_user(
                request, _("Selecciona exactamente dos clientes para fusionar."), messages.ERROR
            )
            return
        kept, merged = chosen
        try:
            merge_customers(kept=kept, merged=merged)
        except MergeError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return
        self.message_user(
            request,
            _(
                "«%(merged)s» se fusionó en «%(kept)s»: sus puntos, direcciones y favoritos "
                "pasaron a él."
            )
            % {"merged": merged, "kept": kept},
            messages.SUCCESS,
        )


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
