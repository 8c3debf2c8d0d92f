from django.contrib import admin

from core.admin import ReadOnlyAdmin
from sms.models import SmsMessage


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    """What was sent to whom (masked) and how it went; read only: messages are made and sent by the store."""

    list_display = ["created_at", "kind", "order", "phone_masked", "status", "attempts", "request_id", "last_error"]
    list_filter = ["kind", "status"]
    search_fields = ["order__id", "phone_masked", "request_id"]
    exclude = ["phone", "salt"]
