"""Payments in the admin: read-only records of what the gateways said."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from core.errors import ApplicationError
from core.money import indian_digits
from payments import cod_services
from payments.models import (
    CodConfirmation,
    CodRemittance,
    CodRemittanceLine,
    CodStanding,
    Payment,
    PaymentEvent,
)
from payments.selectors import cod_outstanding


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


# --- Cash on delivery: shoppers' standing, confirmation codes sent, the carrier's remittances. All read-only here:
# the rules live in payments.cod_services (a block is lifted through it, audited; remittances are recorded
# through the staff API, POST /api/staff/cod/remittances/, which checks each AWB against a delivered COD parcel).


@admin.register(CodStanding)
class CodStandingAdmin(ReadOnlyAdmin):
    list_display = ["user", "rto_count", "blocked", "blocked_at", "lifted_by", "lifted_at", "updated_at"]
    list_filter = ["blocked"]
    search_fields = ["user__email", "user__phone"]
    list_select_related = ["user", "lifted_by"]
    actions = ["lift_block"]

    @admin.action(description="Offer cash on delivery again (lift the block)", permissions=["lift"])
    def lift_block(self, request: HttpRequest, queryset: QuerySet[CodStanding]) -> None:
        lifted = 0
        for user_id in queryset.filter(blocked=True).values_list("user_id", flat=True):
            try:
                cod_services.unblock(user_id, actor=request.user, request=request, note="admin")  # type: ignore[arg-type]
                lifted += 1
            except ApplicationError as exc:  # another staff member lifted it meanwhile
                self.message_user(request, f"User {user_id}: {exc.message}", level=messages.WARNING)
        self.message_user(request, f"Cash on delivery offered again to {lifted} shopper(s).")

    def has_lift_permission(self, request: HttpRequest) -> bool:
        # The model's change permission: the admin role's and the staff role's (staff.roles.LIFT_COD_BLOCK).
        return request.user.has_perm(f"payments.{get_permission_codename('change', self.opts)}")


@admin.register(CodConfirmation)
class CodConfirmationAdmin(ReadOnlyAdmin):
    # The code's salt and hash stay out of sight: nothing here helps anyone guess it.
    list_display = ["order", "channel", "sends", "attempts", "sent_at", "confirmed_at"]
    fields = ["order", "channel", "sends", "attempts", "sent_at", "confirmed_at"]
    list_filter = ["channel", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["order__id"]


class CodRemittanceLineInline(admin.TabularInline):
    model = CodRemittanceLine
    extra = 0
    can_delete = False
    fields = readonly_fields = ("awb", "payment", "amount")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CodRemittance)
class CodRemittanceAdmin(ReadOnlyAdmin):
    list_display = ["utr", "received_at", "amount", "parcels", "recorded_by", "created_at"]
    search_fields = ["utr", "lines__awb"]
    date_hierarchy = "received_at"
    inlines = [CodRemittanceLineInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CodRemittance]:
        return super().get_queryset(request).select_related("recorded_by").annotate(parcel_count=Count("lines"))

    @admin.display(description="Parcels", ordering="parcel_count")
    def parcels(self, obj: CodRemittance) -> int:
        return obj.parcel_count  # type: ignore[attr-defined]  # annotated above

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        owed = cod_outstanding(limit=0)
        owes = f"The carrier still owes ₹{indian_digits(owed['amount'])} for {owed['count']} delivered parcel(s)."
        return super().changelist_view(request, {**(extra_context or {}), "subtitle": owes})
