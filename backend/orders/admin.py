"""Orders in the admin: read-mostly. Status changes go through the state machine (actions below),
never through a form field, so each one is checked, recorded with the staff member's name and audited.
The IMEIs of a paid order's units are recorded on the order's own page (Record IMEIs), through the same
orders.units.record_units as the staff API."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from audit import services as audit
from core.admin import ReadOnlyAdmin
from core.errors import ApplicationError
from orders import services, units
from orders.models import Order, OrderItem, OrderStatus, OrderTransition, OrderUnit
from orders.selectors import awaiting_units, missing_units


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
        "discount",
        "gst_rate",
        "tax_amount",
        "hsn_code",
        "imei_required",
        "imeis",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderItem]:
        return super().get_queryset(request).prefetch_related("units__imeis")

    @admin.display(description="IMEIs (one unit a line)")
    def imeis(self, item: OrderItem) -> str:
        rows = [
            (" / ".join(imei.number for imei in unit.imeis.all()), " (returned)" if unit.returned_at else "")
            for unit in item.units.all()
        ]
        if not rows:
            return "to record" if item.imei_required else "—"
        return format_html_join(mark_safe("<br>"), "{}{}", rows)


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


class RecordUnitsForm(forms.Form):
    """One row per unit of each line that needs IMEIs: IMEI 1 (required) and IMEI 2 (dual SIM), filled with
    what is recorded. Field names: item_<line id>_unit_<n>_imei_<slot>."""

    def __init__(self, *args: Any, lines: list[OrderItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for item in lines:
            recorded = [[imei.number for imei in unit.imeis.all()] for unit in item.units.all()]
            for n in range(item.quantity):
                current = recorded[n] if n < len(recorded) else []
                for slot in (1, 2):
                    self.fields[self.name(item, n, slot)] = forms.CharField(
                        label=f"{item.sku}, unit {n + 1}, IMEI {slot}",
                        required=slot == 1,
                        max_length=32,
                        initial=current[slot - 1] if len(current) >= slot else "",
                        widget=forms.TextInput(attrs={"size": 20, "autocomplete": "off", "inputmode": "numeric"}),
                    )

    @staticmethod
    def name(item: OrderItem, n: int, slot: int) -> str:
        return f"item_{item.pk}_unit_{n}_imei_{slot}"

    def rows(self) -> list[tuple[OrderItem, int, forms.BoundField, forms.BoundField]]:
        return [
            (item, n + 1, self[self.name(item, n, 1)], self[self.name(item, n, 2)])
            for item in self.lines
            for n in range(item.quantity)
        ]

    def lines_to_record(self) -> list[tuple[int, list[list[str]]]]:
        data = self.cleaned_data
        return [
            (
                item.pk,
                [
                    [value for slot in (1, 2) if (value := data.get(self.name(item, n, slot), "").strip())]
                    for n in range(item.quantity)
                ],
            )
            for item in self.lines
        ]

    def add_refusal(self, refusal: ApplicationError) -> None:
        """The service's field names (items.<i>.units.<n>.imeis.<k>) on the form's own fields."""
        for where, messages_ in refusal.fields.items():
            parts = where.split(".")
            target = None
            if len(parts) == 6 and parts[0] == "items" and parts[2] == "units" and parts[4] == "imeis":
                # IMEI 1 is required, so the k-th IMEI sent is the one in slot k + 1
                target = self.name(self.lines[int(parts[1])], int(parts[3]), int(parts[5]) + 1)
            for message in messages_:
                self.add_error(target, message)
        if not refusal.fields:
            self.add_error(None, refusal.message)


class AwaitingImeiFilter(admin.SimpleListFilter):
    title = "IMEIs"
    parameter_name = "awaiting_imei"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Paid, waiting for IMEIs")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Order]) -> QuerySet[Order]:
        if self.value() == "yes":
            return queryset.filter(awaiting_units(), status=OrderStatus.PAID)
        return queryset


# The order page shows these; staff edit only the review flag and its reason (status moves are actions).
ORDER_FIELDS = (
    "user",
    "status",
    "imei_status",
    "payment_method",
    "currency",
    "subtotal",
    "mrp_total",
    "savings",
    "shipping_fee",
    "coupon_code",
    "discount_total",
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
    list_filter = ["status", "payment_method", "needs_review", AwaitingImeiFilter]
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

    @admin.display(description="IMEIs")
    def imei_status(self, order: Order) -> str:
        if not order.items.filter(imei_required=True).exists():
            return "None needed (no phones)"
        missing = missing_units(order)
        link = reverse("admin:orders_order_units", args=[order.pk])
        if order.status != OrderStatus.PAID:
            return f"{missing} unit(s) without IMEIs" if missing else "All recorded"
        if missing:
            return format_html(
                '<strong>{} unit(s) wait for their IMEIs: packing and the booking wait.</strong> <a href="{}">'
                "Record IMEIs</a>",
                missing,
                link,
            )
        return format_html('All recorded. <a href="{}">Change them</a> (until packed)', link)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<int:object_id>/units/",
                self.admin_site.admin_view(self.record_units_view),
                name="orders_order_units",
            )
        ]
        return own + super().get_urls()

    def record_units_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Record the IMEIs of a paid order's units: orders.units.record_units, as the staff API does."""
        if not request.user.has_perm("orders.change_order"):
            raise PermissionDenied
        order = get_object_or_404(Order, pk=object_id)
        lines = list(order.items.filter(imei_required=True).prefetch_related("units__imeis"))
        form = RecordUnitsForm(request.POST or None, lines=lines)
        editable = order.status == OrderStatus.PAID
        if request.method == "POST" and editable and form.is_valid():
            try:
                units.record_units(
                    order.pk,
                    form.lines_to_record(),
                    actor=request.user,  # type: ignore[arg-type]  # the admin signs staff in
                    request=request,
                    source="admin",
                )
            except ApplicationError as refusal:
                form.add_refusal(refusal)
            else:
                self.message_user(request, f"IMEIs of order {order.number} recorded.")
                return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": order,
            "title": f"Record IMEIs of order {order.number}",
            "form": form,
            "editable": editable,
            "missing": missing_units(order),
        }
        return TemplateResponse(request, "admin/orders/order/record_units.html", context)


@admin.register(OrderUnit)
class OrderUnitAdmin(ReadOnlyAdmin):
    """Units sold, searchable by IMEI (read-only: they are recorded on the order's page)."""

    list_display = ["id", "imei_numbers", "sku", "order_link", "recorded_at", "recorded_by", "returned_at"]
    list_select_related = ["item__order", "recorded_by"]
    list_filter = ["returned_at"]
    search_fields = ["=imeis__number", "=item__order__id", "item__sku"]
    readonly_fields = ("item", "imei_numbers", "recorded_at", "recorded_by", "returned_at")
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderUnit]:
        return super().get_queryset(request).prefetch_related("imeis")

    @admin.display(description="IMEIs")
    def imei_numbers(self, unit: OrderUnit) -> str:
        return " / ".join(imei.number for imei in unit.imeis.all())

    @admin.display(description="SKU", ordering="item__sku")
    def sku(self, unit: OrderUnit) -> str:
        return unit.item.sku

    @admin.display(description="Order", ordering="item__order_id")
    def order_link(self, unit: OrderUnit) -> str:
        order = unit.item.order
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("admin:orders_order_change", args=[order.pk]),
            order.number,
            order.status,
        )
