from django.contrib import admin

from chat.models import (
    CannedAnswer,
    ClerkPresence,
    ClerkSocket,
    Conversation,
    FollowUp,
    Message,
)


@admin.register(CannedAnswer)
class CannedAnswerAdmin(admin.ModelAdmin):
    list_display = ["title", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["title", "text"]


class MessageInline(admin.TabularInline):
    model = Message
    fields = ["created_at", "sender", "author", "kind", "text", "read_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["display_name", "state", "store", "assigned_clerk", "rating", "created_at"]
    list_filter = ["state", "store", "rating"]
    search_fields = ["display_name", "customer__email", "customer__name"]
    raw_id_fields = ["customer", "assigned_clerk", "cart"]
    readonly_fields = ["visitor_token", "created_at", "closed_at", "last_activity_at"]
    inlines = [MessageInline]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "store", "handled", "created_at"]
    list_filter = ["handled", "store"]
    search_fields = ["name", "email", "phone", "text"]
    raw_id_fields = ["conversation", "handled_by"]


@admin.register(ClerkPresence)
class ClerkPresenceAdmin(admin.ModelAdmin):
    list_display = ["user", "wants_online", "last_seen"]
    list_filter = ["wants_online"]


@admin.register(ClerkSocket)
class ClerkSocketAdmin(admin.ModelAdmin):
    """Read-only: rows come and go with the inbox sockets (chat.presence)."""

    list_display = ["user", "channel_name", "connected_at", "last_seen"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False
