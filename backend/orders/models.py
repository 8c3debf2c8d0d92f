from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KeyTransform

from core.money import MONEY


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "PENDING_PAYMENT", "Pending payment"
    CONFIRMATION_PENDING = "CONFIRMATION_PENDING", "Awaiting confirmation"  # cash on delivery: the shopper's code
    CONFIRMED = "CONFIRMED", "Confirmed"  # cash on delivery: confirmed, the stock stays reserved, nothing paid yet
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
        max_length=20, help_text="The gateway chosen at checkout (razorpay, stripe, dev), or cod (cash on delivery)."
    )
    currency = models.CharField(max_length=3, default="INR")
    subtotal = models.DecimalField(**MONEY)
    mrp_total = models.DecimalField(**MONEY)
    savings = models.DecimalField(**MONEY, default=Decimal("0"))
    shipping_fee = models.DecimalField(**MONEY, default=Decimal("0"))
    cod_fee = models.DecimalField(
        **MONEY, default=Decimal("0"), help_text="Cash on delivery's fee (COD_FEE), taxed like shipping."
    )
    tax_total = models.DecimalField(**MONEY, help_text="GST contained in the GST-inclusive total.")
    total = models.DecimalField(**MONEY, help_text="subtotal - discount_total + shipping_fee + cod_fee")
    discount_total = models.DecimalField(**MONEY, default=Decimal("0"), help_text="A coupon's discount.")
    coupon_code = models.CharField(max_length=32, blank=True, help_text="The coupon redeemed at checkout.")
    shipping_address = models.JSONField(help_text="Snapshot of the address at checkout.")
    # GST: the place of supply is the delivery state (official 2-digit code); a business buyer may give a
    # GSTIN to claim input tax credit. Both are fixed at checkout and printed on the tax invoice.
    place_of_supply = models.CharField(max_length=2, blank=True, help_text="GST state code of the delivery address.")
    buyer_gstin = models.CharField(max_length=15, blank=True, help_text="The buyer's GSTIN, for a B2B invoice.")
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
            models.Index(
                fields=["reserved_until"], condition=Q(status="CONFIRMATION_PENDING"), name="order_cod_confirm_expiry"
            ),
            # Staff find an order by the delivery mobile (staff.filters.order_search): the JSON key, indexed.
            models.Index(KeyTransform("phone", "shipping_address"), name="order_delivery_phone"),
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
    discount = models.DecimalField(
        **MONEY, default=Decimal("0"), help_text="The line's share of the order's coupon discount."
    )
    tax_amount = models.DecimalField(**MONEY, help_text="GST contained in what was paid: line_total - discount.")
    hsn_code = models.CharField(max_length=8, blank=True)
    imei_required = models.BooleanField(default=False, help_text="Staff record each unit's IMEI before packing.")

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="order_item_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.sku}"


class OrderUnit(models.Model):
    """One physical unit of an order line, recorded by staff at packing: the IMEI(s) it carries go on the
    tax invoice and are what warranty, returns and the police match against."""

    item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="units")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    returned_at = models.DateTimeField(null=True, blank=True, help_text="Set when the unit comes back (a return).")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Unit {self.pk} of {self.item}"


class Imei(models.Model):
    """An IMEI of a sold unit (a dual-SIM phone has two). Unique among units in circulation: a returned
    unit's IMEIs leave circulation and may be sold again."""

    unit = models.ForeignKey(OrderUnit, on_delete=models.CASCADE, related_name="imeis")
    number = models.CharField(max_length=15)
    slot = models.PositiveSmallIntegerField(default=1, help_text="1 or 2 (dual-SIM).")
    in_circulation = models.BooleanField(default=True)

    class Meta:
        ordering = ["unit_id", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=Q(in_circulation=True), name="imei_unique_in_circulation"
            ),
            models.UniqueConstraint(fields=["unit", "slot"], name="imei_one_per_slot"),
            models.CheckConstraint(condition=Q(slot__gte=1) & Q(slot__lte=2), name="imei_slot_1_or_2"),
        ]
        indexes = [models.Index(fields=["number"], name="imei_number")]

    def __str__(self) -> str:
        return self.number


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
