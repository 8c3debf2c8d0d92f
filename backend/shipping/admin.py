"""Shipments and their tracking in the admin: read-only records, changed only through the actions below
(book with the carrier, mark picked up, mark delivered), which go through shipping.services and the
order state machine in the staff member's name."""

from django.contrib import admin, messages

from core.admin import ReadOnlyAdmin
from shipping import services
from shipping.models import Shipment, TrackingEvent


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("occurred_at", "status", "label", "code", "description", "location", "source")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _each(modeladmin, request, queryset, work, done_label):
    done = 0
    for shipment in queryset.order_by("pk"):
        try:
            if work(shipment):
                done += 1
        except Exception as exc:  # noqa: BLE001  one refusal is reported, the others go on
            modeladmin.message_user(
                request, f"Shipment {shipment.pk} (order {shipment.order_id}): {exc}", level=messages.WARNING
            )
    if done:
        modeladmin.message_user(request, f"{done} shipment(s) {done_label}.")


@admin.action(description="Book selected shipments with the carrier now (after a failed booking)")
def book_with_carrier(modeladmin, request, queryset):
    def work(shipment):
        if shipment.awb:
            raise RuntimeError(f"already booked (AWB {shipment.awb}).")
        booked = services.staff_create_shipment(shipment.order_id, actor=request.user)
        if booked is None or not booked.awb or booked.status == Shipment.Status.FAILED:
            raise RuntimeError(f"not booked: {booked.last_error if booked else 'the order cannot be shipped'}")
        return True

    _each(modeladmin, request, queryset, work, "booked")


@admin.action(description="Mark selected shipments picked up (order → SHIPPED)")
def mark_picked_up(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        lambda s: services.staff_report(s.pk, Shipment.Status.PICKED_UP, actor=request.user),
        "marked picked up",
    )


@admin.action(description="Mark selected shipments delivered (order → DELIVERED)")
def mark_delivered(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        lambda s: services.staff_report(s.pk, Shipment.Status.DELIVERED, actor=request.user),
        "marked delivered",
    )


@admin.action(description="Refresh tracking from the carrier now")
def refresh_tracking(modeladmin, request, queryset):
    _each(modeladmin, request, queryset, lambda s: services.sync_shipment(s) or True, "refreshed")


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "order",
        "provider",
        "status",
        "awb",
        "courier",
        "eta_date",
        "attempts",
        "last_error",
        "updated_at",
    ]
    list_filter = ["status", "provider"]
    search_fields = ["awb", "order__id", "order__user__email", "provider_order_id", "provider_shipment_id"]
    list_select_related = ["order"]
    date_hierarchy = "created_at"
    inlines = [TrackingEventInline]
    actions = [book_with_carrier, mark_picked_up, mark_delivered, refresh_tracking]
    readonly_fields = [
        "order",
        "provider",
        "status",
        "awb",
        "courier",
        "provider_order_id",
        "provider_shipment_id",
        "tracking_url",
        "pincode",
        "weight_kg",
        "eta_date",
        "attempts",
        "last_error",
        "awb_assigned_at",
        "shipped_at",
        "delivered_at",
        "last_event_at",
        "last_synced_at",
        "metadata",
        "label_sha256",
        "manifest",
        "created_at",
        "updated_at",
    ]
    # The label is a private file (no URL): staff print it through the console's label endpoint.
    exclude = ["label"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrackingEvent)
class TrackingEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "shipment", "status", "label", "location", "source"]
    list_filter = ["status", "source"]
    search_fields = ["shipment__awb", "shipment__order__id", "label"]
    list_select_related = ["shipment"]
    date_hierarchy = "occurred_at"
