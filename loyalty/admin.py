"""Club Pepito in the admin: tiers and bonus rules are managed here; accounts and their ledgers
are read-only (points change only through loyalty.services: an adjustment has its page for
managers, with a mandatory reason), and no ledger row can be edited or deleted."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loyalty.models import (
    BonusRule,
    CreditEntry,
    LoyaltyAccount,
    PendingEarn,
    PointsEntry,
    Redemption,
    Tier,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "min_spend_12m", "earn_multiplier", "free_lima_delivery"]
    list_editable = ["min_spend_12m", "earn_multiplier", "free_lima_delivery"]
    ordering = ["position", "min_spend_12m"]


@admin.register(BonusRule)
class BonusRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "multiplier", "points", "genre", "author", "starts_on"]
    list_display += ["ends_on", "active"]
    list_filter = ["kind", "active"]
    list_select_related = ["genre", "author"]
    autocomplete_fields = ["genre", "author"]
    search_fields = ["name"]


class PointsEntryInline(ReadOnlyMixin, admin.TabularInline):
    model = PointsEntry
    extra = 0
    fields = ["created_at", "kind", "points", "order_number", "channel", "source", "expires_at"]
    fields += ["reason", "actor"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]


class CreditEntryInline(ReadOnlyMixin, admin.TabularInline):
    model = CreditEntry
    extra = 0
    fields = ["created_at", "kind", "amount", "order_number", "source", "reason", "actor"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]


class PendingEarnInline(ReadOnlyMixin, admin.TabularInline):
    model = PendingEarn
    extra = 0
    fields = ["order_number", "points", "created_at"]
    readonly_fields = fields
    verbose_name_plural = _("puntos por confirmar")


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "customer", "tier", "points_balance", "credit_balance"]
    list_display += ["clawback_points", "spend_12m", "terms_accepted_at"]
    list_filter = ["tier"]
    list_select_related = ["customer", "tier"]
    search_fields = ["number", "customer__name", "customer__email", "customer__dni"]
    search_fields += ["customer__phone"]
    fields = ["number", "customer", "tier", "points_balance", "credit_balance"]
    fields += ["clawback_points", "spend_12m", "terms_accepted_at", "merged_into", "created_at"]
    readonly_fields = fields
    inlines = [PendingEarnInline, PointsEntryInline, CreditEntryInline]


@admin.register(PointsEntry)
class PointsEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "account", "kind", "points", "order_number", "channel"]
    list_display += ["source", "actor"]
    list_filter = ["kind", "channel"]
    list_select_related = ["account", "actor"]
    search_fields = ["account__number", "source", "order_number"]
    date_hierarchy = "created_at"


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "account", "kind", "amount", "order_number", "source", "actor"]
    list_filter = ["kind"]
    list_select_related = ["account", "actor"]
    search_fields = ["account__number", "source", "order_number"]


@admin.register(Redemption)
class RedemptionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["order_number", "account", "points", "points_value", "credit", "state"]
    list_display += ["created_at"]
    list_filter = ["state"]
    list_select_related = ["account"]
    search_fields = ["order_number", "account__number"]
