"""Payments in the admin: read-only records of what the gateways said."""

from django.contrib import admin

from payments.models import Payment, PaymentEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PaymentEventInline(admin.TabularInline):
    model = PaymentEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("received_at", "event_type", "event_id", "outcome", "processed_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["id", "order", "gateway", "status", "amount", "currency", "gateway_payment_id", "created_at"]
    list_filter = ["gateway", "status"]
    search_fields = ["order__id", "gateway_order_id", "gateway_payment_id", "gateway_refund_id"]
    inlines = [PaymentEventInline]


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "gateway", "event_type", "event_id", "outcome", "received_at", "processed_at"]
    list_filter = ["gateway", "event_type"]
    search_fields = ["event_id"]
