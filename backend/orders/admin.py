"""Orders in the admin: read-mostly. Status changes go through the state machine (actions below),
never through a form field, so each one is checked, recorded with the staff member's name and audited."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from audit import services as audit
from orders import services
from orders.models import Order, OrderItem, OrderStatus, OrderTransition


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
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


def _move(to_status: str, label: str) -> Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Order]], None]:
    @admin.action(description=f"Mark selected orders {label}")
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        done = 0
        for order_id in queryset.values_list("pk", flat=True):
            try:
                with audit.acting_as(request.user, source="admin", request=request):  # audited: staff.receivers
                    services.staff_transition(
                        order_id,
                        to_status,
                        actor=request.user,  # type: ignore[arg-type]  # the admin signs staff in
                        note=f"admin: {label}",
                    )
                done += 1
            except Exception as exc:  # noqa: BLE001  any refusal is reported, the others go on
                modeladmin.message_user(request, f"Order {order_id}: {exc}", level=messages.WARNING)
        if done:
            modeladmin.message_user(request, f"{done} order(s) marked {label}.")

    action.__name__ = f"mark_{to_status.lower()}"
    return action


# The order page shows these; staff edit only the review flag and its reason (status moves are actions).
ORDER_FIELDS = (
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
)
EDITABLE = ("needs_review", "review_reason")


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
    fields = ORDER_FIELDS
    readonly_fields = tuple(name for name in ORDER_FIELDS if name not in EDITABLE)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
