"""Alerts and the alert messages sent, read-only for support ("why did I get this email?"); shoppers start
and stop alerts themselves (the API, the unsubscribe link)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from wishlist.models import Alert, AlertNotice


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("user", "variant", "kind", "seen_price", "created_at", "notified_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "variant__sku")
    list_select_related = ("user", "variant__product")


@admin.register(AlertNotice)
class AlertNoticeAdmin(ReadOnlyAdmin):
    list_display = ("user", "variant", "day", "kinds", "channels", "created_at")
    list_filter = ("day",)
    search_fields = ("user__email", "variant__sku")
    list_select_related = ("user", "variant__product")
