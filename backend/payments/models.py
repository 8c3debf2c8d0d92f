from django.conf import settings
from django.db import models
from django.db.models import Q


class PaymentStatus(models.TextChoices):
    CREATED = "CREATED", "Created"
    FAILED = "FAILED", "Failed"
    PAID = "PAID", "Paid"
    FLAGGED = "FLAGGED", "Flagged for review"
    REFUND_PENDING = "REFUND_PENDING", "Refund pending"
    REFUNDED = "REFUNDED", "Refunded"


# A payment's state only moves forward: a late "failed" never un-pays.
RANK: dict[str, int] = {
    PaymentStatus.CREATED: 0,
    PaymentStatus.FAILED: 1,
    PaymentStatus.PAID: 2,
    PaymentStatus.FLAGGED: 2,
    PaymentStatus.REFUND_PENDING: 3,
    PaymentStatus.REFUNDED: 4,
}

# The money was taken (and may be on its way back): what the order's "charge" shows, what a second capture
# for the same order is checked against, what makes a repeated dev confirm a no-op.
CHARGED_STATUSES = frozenset(
    {PaymentStatus.PAID, PaymentStatus.FLAGGED, PaymentStatus.REFUND_PENDING, PaymentStatus.REFUNDED}
)


class Payment(models.Model):
    """One attempt to collect an order's total through one gateway."""

    Status = PaymentStatus

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(max_length=20)
    amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="What is charged, in `currency` (the order total, converted for Stripe in another currency).",
    )
    currency = models.CharField(max_length=3)
    exchange_rate = models.DecimalField(
        max_digits=20,
        decimal_places=10,
        null=True,
        blank=True,
        help_text="Units of `currency` per 1 of the order's currency, markup "
        "included, when the charge was converted (Stripe).",
    )
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.CREATED)
    gateway_order_id = models.CharField(
        max_length=100, blank=True, help_text="Razorpay order_… id; Stripe PaymentIntent pi_… id."
    )
    gateway_payment_id = models.CharField(
        max_length=100, blank=True, help_text="Razorpay pay_… id; Stripe PaymentIntent pi_… id."
    )
    gateway_refund_id = models.CharField(
        max_length=100, blank=True, help_text="The newest refund's id: Razorpay rfnd_… id; Stripe re_… id."
    )
    refunded_minor = models.PositiveBigIntegerField(
        default=0,
        help_text="Processed refunds so far, in the charge's minor units (the sum of its PaymentRefund rows). "
        "The payment is REFUNDED only once this reaches the charge; a partial refund leaves it PAID.",
    )
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "gateway_order_id"],
                condition=~Q(gateway_order_id=""),
                name="payment_unique_gateway_order",
            ),
            models.UniqueConstraint(
                fields=["gateway", "gateway_payment_id"],
                condition=~Q(gateway_payment_id=""),
                name="payment_unique_gateway_payment",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="payment_status_updated")]

    def __str__(self):
        return f"{self.gateway} {self.amount} {self.currency} ({self.status})"

    @property
    def stripe_payment_intent_id(self) -> str:
        return self.gateway_order_id if self.gateway == "stripe" else ""


class PaymentEvent(models.Model):
    """A gateway webhook delivery, stored once per event id in the same transaction as its effect."""

    gateway = models.CharField(max_length=20)
    event_id = models.CharField(max_length=100)
    event_type = models.CharField(max_length=60)
    payload = models.JSONField()
    payment = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    outcome = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["gateway", "event_id"], name="payment_event_unique_id")]

    def __str__(self):
        return f"{self.gateway} {self.event_type} {self.event_id}"


class RefundStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # asked for (or about to be), not yet processed by the gateway
    PROCESSED = "processed", "Processed"
    FAILED = "failed", "Failed"


class PaymentRefund(models.Model):
    """One refund of a payment at its gateway (a payment may have several partial refunds). `amount_minor` is in
    the charge's minor units; the processed ones add up to Payment.refunded_minor, never beyond the charge.
    `reference` names what asked for it ("return:12"; blank for a full refund or one made at the gateway)."""

    Status = RefundStatus

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    gateway_refund_id = models.CharField(max_length=100, blank=True, help_text="rfnd_… / re_…; blank until asked.")
    amount_minor = models.PositiveBigIntegerField()
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    reason = models.CharField(max_length=200, blank=True)
    reference = models.CharField(max_length=60, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment", "gateway_refund_id"],
                condition=~Q(gateway_refund_id=""),
                name="payment_refund_unique_gateway_id",
            ),
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="payment_refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"Refund {self.gateway_refund_id or '(not sent)'} of {self.amount_minor} ({self.status})"


class CodStanding(models.Model):
    """A shopper's record with cash on delivery: parcels refused (returned to origin, RTO) and whether COD is still
    offered to them. Blocked at COD_MAX_RTO refusals; staff may lift the block (audited), which keeps the count."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cod_standing")
    rto_count = models.PositiveIntegerField(default=0)
    blocked = models.BooleanField(default=False)
    blocked_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_at_count = models.PositiveIntegerField(
        default=0, help_text="rto_count when staff lifted the block: COD_MAX_RTO more refusals block again."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"COD standing of user {self.user_id}: {self.rto_count} RTO{' (blocked)' if self.blocked else ''}"


class CodConfirmation(models.Model):
    """The one-time code a cash-on-delivery order is confirmed with, sent to the order's mobile number (SMS, else
    the shopper's email). Stored as a salted HMAC; a resend replaces it. Valid until the order's reserved_until."""

    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="cod_confirmation")
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Guesses at the current code.")
    sends = models.PositiveSmallIntegerField(default=1, help_text="Codes sent for this order (the first and resends).")
    channel = models.CharField(max_length=10, blank=True, help_text="sms or email: how the last code went out.")
    sent_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"COD confirmation of order {self.order_id}"


class CodRemittance(models.Model):
    """Cash the carrier paid over for delivered COD parcels: one bank transfer (its UTR), recorded by staff."""

    utr = models.CharField(max_length=40, unique=True, help_text="The bank transfer's Unique Transaction Reference.")
    received_at = models.DateTimeField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="The sum of its lines.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"COD remittance {self.utr}"


class CodRemittanceLine(models.Model):
    """One parcel's cash in a remittance: a delivered COD order's cod Payment, remitted once."""

    remittance = models.ForeignKey(CodRemittance, on_delete=models.CASCADE, related_name="lines")
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="cod_remittance_line")
    awb = models.CharField(max_length=40)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.awb}: {self.amount}"
