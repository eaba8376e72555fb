from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from orders.models import Notification
from orders.notifications import send_notification


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
