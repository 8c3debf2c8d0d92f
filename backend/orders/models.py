from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.money import MONEY


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "PENDING_PAYMENT", "Pending payment"
    PAID = "PAID", "Paid"
    PACKED = "PACKED", "Packed"
    SHIPPED = "SHIPPED", "Shipped"
    DELIVERED = "DELIVERED", "Delivered"
    CANCELLED = "CANCELLED", "Cancelled"
    REFUNDED = "REFUNDED", "Refunded"


class Order(models.Model):
    """A placed order. Totals are computed by the server at checkout and frozen here; the status
    changes only through orders.services.transition()."""

    Status = OrderStatus

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT)
    payment_method = models.CharField(
        max_length=20, help_text="The gateway chosen at checkout (razorpay, stripe, dev)."
    )
    currency = models.CharField(max_length=3, default="INR")
    subtotal = models.DecimalField(**MONEY)
    mrp_total = models.DecimalField(**MONEY)
    savings = models.DecimalField(**MONEY, default=Decimal("0"))
    shipping_fee = models.DecimalField(**MONEY, default=Decimal("0"))
    tax_total = models.DecimalField(**MONEY, help_text="GST contained in the GST-inclusive total.")
    total = models.DecimalField(**MONEY)
    shipping_address = models.JSONField(help_text="Snapshot of the address at checkout.")
    address = models.ForeignKey("accounts.Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # NULL, not "": an order without a key stays outside the unique constraint below (condition isnull=False);
    # a "" would need a migration of the existing rows.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001  NULL means no key
    request_fingerprint = models.CharField(max_length=64, blank=True)
    stock_reserved = models.BooleanField(default=True, help_text="The order's units are taken out of stock.")
    reserved_until = models.DateTimeField(null=True, blank=True, help_text="An unpaid order is cancelled after this.")
    needs_review = models.BooleanField(default=False)
    review_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="order_user_recent"),
            models.Index(fields=["reserved_until"], condition=Q(status="PENDING_PAYMENT"), name="order_pending_expiry"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="order_unique_idempotency_key",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Order {self.pk} ({self.status})"

    @property
    def number(self) -> str:
        return f"PS{self.pk:08d}"


class OrderItem(models.Model):
    """A line frozen at checkout: what was bought, at what price and tax."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    variant = models.ForeignKey("catalog.ProductVariant", null=True, on_delete=models.SET_NULL, related_name="+")
    product_title = models.CharField(max_length=200)
    sku = models.CharField(max_length=64)
    variant_label = models.CharField(max_length=120)
    quantity = models.PositiveSmallIntegerField()
    unit_price = models.DecimalField(**MONEY)
    unit_mrp = models.DecimalField(**MONEY)
    line_total = models.DecimalField(**MONEY)
    gst_rate = models.DecimalField(max_digits=4, decimal_places=2)
    tax_amount = models.DecimalField(**MONEY, help_text="GST contained in line_total.")

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="order_item_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.sku}"


class OrderTransition(models.Model):
    """One status change: who (a user, or empty for the system), when, from, to."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=40, help_text="customer, staff, system, razorpay-webhook, ...")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"
