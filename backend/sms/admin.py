from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sms.models import SmsMessage


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    """What was sent to whom (masked) and how it went; read only: messages are made and sent by the store."""

    list_display = ["created_at", "kind", "order", "phone_masked", "status", "attempts", "request_id", "last_error"]
    list_filter = ["kind", "status"]
    search_fields = ["order__id", "phone_masked", "request_id"]
    exclude = ["phone", "salt"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
