from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox import spine
from outbox.models import Delivery, Event, Notification
from outbox.notifications import send_notification


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["handler", "status", "attempts", "available_at", "done_at", "last_error"]
    readonly_fields = fields  # type: ignore[assignment]  # plain names: the stubs' types differ

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["pk", "name", "key", "created_at"]
    list_filter = ["name"]
    search_fields = ["key"]
    readonly_fields = ["name", "key", "payload", "created_at"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """Handlers that fail show here with their error; "Reintentar" puts them back in line."""

    list_display = ["pk", "event", "handler", "status", "attempts", "available_at", "last_error"]
    list_filter = ["status", "handler"]
    search_fields = ["key", "handler"]
    readonly_fields = [
        "event",
        "handler",
        "key",
        "status",
        "attempts",
        "last_error",
        "available_at",
        "created_at",
        "done_at",
    ]
    actions = ["retry_now"]

    @admin.action(description=_("Reintentar ahora"))
    def retry_now(self, request, queryset):
        count = spine.retry(queryset.values_list("pk", flat=True))
        spine.deliver_pending()
        self.message_user(
            request,
            ngettext(
                "%(count)s entrega puesta de nuevo en cola.",
                "%(count)s entregas puestas de nuevo en cola.",
                count,
            )
            % {"count": count},
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    search_fields = ["to", "subject", "dedupe_key"]
    readonly_fields = [
        "channel",
        "to",
        "subject",
        "body",
        "dedupe_key",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    actions = ["send_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Enviar ahora las pendientes"))
    def send_now(self, request, queryset):
        for pk in queryset.filter(status=Notification.Status.PENDING).values_list("pk", flat=True):
            send_notification(notification_id=pk)
        self.message_user(request, _("Listo."))
