"""Discount coupons and their redemptions. A coupon's code is stored upper-case and matched whatever the
shopper's spelling; validity is a window of aware datetimes (entered and shown in Indian time); a use is a
live redemption (one per order, released when the order is cancelled)."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from core.money import MONEY


class CouponKind(models.TextChoices):
    PERCENT = "percent", "Percent off"
    FLAT = "flat", "Flat amount off"


class Coupon(models.Model):
    Kind = CouponKind

    code = models.CharField(max_length=32, help_text="What shoppers type; matched case-insensitively.")
    description = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=CouponKind.choices)
    value = models.DecimalField(
        **MONEY,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Percent (1-100) for a percent coupon, rupees for a flat one.",
    )
    max_discount = models.DecimalField(
        **MONEY, null=True, blank=True, help_text="A percent coupon's cap on the discount, in rupees."
    )
    min_subtotal = models.DecimalField(
        **MONEY,
        default=Decimal("0"),
        help_text="The least the eligible lines must add up to (the whole cart without a restriction).",
    )
    valid_from = models.DateTimeField(help_text="Usable from this moment (Indian time), inclusive.")
    valid_until = models.DateTimeField(null=True, blank=True, help_text="Usable until this moment, exclusive.")
    brand = models.ForeignKey("catalog.Brand", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        "catalog.Category",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="This category and every category below it.",
    )
    max_uses = models.PositiveIntegerField(null=True, blank=True, help_text="Uses in total; empty: no limit.")
    max_uses_per_user = models.PositiveIntegerField(
        null=True, blank=True, default=1, help_text="Uses per shopper; empty: no limit."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="coupon_code_unique_ci"),
            models.CheckConstraint(condition=~Q(kind="percent") | Q(value__lte=100), name="coupon_percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.code = normalise_code(self.code)
        super().save(*args, **kwargs)


def normalise_code(code: str) -> str:
    return code.strip().upper()


class CouponRedemption(models.Model):
    """One use of a coupon: the order it took off `amount` from. Released (the use comes back) when the
    order is cancelled; the row stays as history."""

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="coupon_redemption")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["coupon", "user"], condition=Q(released_at__isnull=True), name="coupon_live_uses"),
        ]

    def __str__(self) -> str:
        return f"{self.coupon} on order {self.order_id}"
