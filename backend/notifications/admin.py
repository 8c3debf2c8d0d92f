from django.contrib import admin

from notifications.models import OrderEmail


@admin.register(OrderEmail)
class OrderEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "order", "kind", "to", "sent_at", "attempts", "last_error"]
    list_filter = ["kind"]
    search_fields = ["order__id", "to"]
    readonly_fields = ["order", "kind", "to", "subject", "sent_at", "attempts", "last_error", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
