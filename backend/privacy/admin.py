"""Personal data in the admin, read-only: consents (the proof of what each shopper agreed to) and data requests with
their acknowledgement. Nothing here is edited; shoppers give, withdraw and ask through the storefront."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from privacy.models import Consent, DataRequest


class ReadOnly(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnly):
    list_display = ("user", "purpose", "channel", "given_at", "withdrawn_at", "text_version", "source")
    list_filter = ("purpose", "channel")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)


@admin.register(DataRequest)
class DataRequestAdmin(ReadOnly):
    list_display = ("user", "kind", "requested_at", "acknowledged_at", "attempts", "last_error")
    list_filter = ("kind",)
    exclude = ("ack_to",)  # an erased account's old address, until the acknowledgement goes
    raw_id_fields = ("user",)
