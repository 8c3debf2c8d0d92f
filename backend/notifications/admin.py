from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from notifications.models import OrderEmail


@admin.register(OrderEmail)
class OrderEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "order", "kind", "to", "sent_at", "attempts", "last_error"]
    list_filter = ["kind"]
    search_fields = ["order__id", "to"]
    readonly_fields = ["order", "kind", "to", "subject", "sent_at", "attempts", "last_error", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
