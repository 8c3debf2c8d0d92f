"""Orders in the admin: read-mostly. Status changes go through the state machine (actions below),
never through a form field, so each one is checked, recorded with the staff member's name and audited."""

from django.contrib import admin, messages

from audit import services as audit
from orders import services
from orders.models import Order, OrderItem, OrderStatus, OrderTransition


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    # Tuples: the type checker lets one sequence be both fields and readonly_fields (a list is invariant).
    fields = (
        "product_title",
        "variant_label",
        "sku",
        "quantity",
        "unit_price",
        "unit_mrp",
        "line_total",
        "gst_rate",
        "tax_amount",
    )
    readonly_fields = fields


class OrderTransitionInline(ReadOnlyInline):
    model = OrderTransition
    fields = ("created_at", "from_status", "to_status", "actor", "source", "note")
    readonly_fields = fields


def _move(to_status, label):
    def action(modeladmin, request, queryset):
        done = 0
        for order_id in queryset.values_list("pk", flat=True):
            try:
                with audit.acting_as(request.user, source="admin", request=request):  # audited: staff.receivers
                    services.staff_transition(order_id, to_status, actor=request.user, note=f"admin: {label}")
                done += 1
            except Exception as exc:  # noqa: BLE001  any refusal is reported, the others go on
                modeladmin.message_user(request, f"Order {order_id}: {exc}", level=messages.WARNING)
        if done:
            modeladmin.message_user(request, f"{done} order(s) marked {label}.")

    action.__name__ = f"mark_{to_status.lower()}"
    action.short_description = f"Mark selected orders {label}"
    return action


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "status", "payment_method", "total", "needs_review", "created_at"]
    list_filter = ["status", "payment_method", "needs_review"]
    search_fields = ["id", "user__email", "items__sku"]
    date_hierarchy = "created_at"
    inlines = [OrderItemInline, OrderTransitionInline]
    actions = [
        _move(OrderStatus.PACKED, "packed"),
        _move(OrderStatus.SHIPPED, "shipped"),
        _move(OrderStatus.DELIVERED, "delivered"),
        _move(OrderStatus.CANCELLED, "cancelled"),
    ]
    fields = [
        "user",
        "status",
        "payment_method",
        "currency",
        "subtotal",
        "mrp_total",
        "savings",
        "shipping_fee",
        "tax_total",
        "total",
        "shipping_address",
        "stock_reserved",
        "reserved_until",
        "idempotency_key",
        "created_at",
        "paid_at",
        "cancelled_at",
        "needs_review",
        "review_reason",
    ]
    editable = {"needs_review", "review_reason"}

    def get_readonly_fields(self, request, obj=None):
        return [f for f in self.fields if f not in self.editable]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
