"""Coupons in the Django admin: every save of a coupon writes a coupon_change audit row (AuditedAdminMixin,
audit.services.FIELD_ACTIONS); redemptions are read-only history."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from audit.admin import AuditedAdminMixin
from coupons.models import Coupon, CouponRedemption
from coupons.services import COUPON_FIELDS


class CouponForm(forms.ModelForm):
    class Meta:
        model = Coupon
        fields = list(COUPON_FIELDS)

    def clean(self) -> dict[str, Any]:
        from coupons.services import validate_coupon

        data = super().clean() or {}
        candidate = Coupon(pk=self.instance.pk, **{k: v for k, v in data.items() if hasattr(Coupon, k)})
        try:
            validate_coupon(candidate)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(Coupon)
class CouponAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = CouponForm
    list_display = ("code", "kind", "value", "max_discount", "min_subtotal", "valid_from", "valid_until", "is_active")
    list_filter = ("is_active", "kind")
    search_fields = ("code", "description")
    autocomplete_fields = ("brand", "category")


@admin.register(CouponRedemption)
class CouponRedemptionAdmin(admin.ModelAdmin):
    list_display = ("coupon", "order", "user", "amount", "created_at", "released_at")
    list_filter = ("released_at",)
    search_fields = ("coupon__code", "user__email")
    readonly_fields = ("coupon", "order", "user", "amount", "created_at", "released_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
