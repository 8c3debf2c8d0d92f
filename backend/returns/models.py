"""A shopper's return of delivered units: the request, its units, photos and history (returns/services.py is
the one writer). It never changes the order's status: the order stays DELIVERED (a refund of everything paid
makes it REFUNDED through the lifecycle's gateway move)."""

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q

from core.money import MONEY


def private_storage() -> Storage:
    """Photos live in the private storage: the API streams them to the shopper and staff, no URL reaches them."""
    return storages["private"]


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    PICKUP_SCHEDULED = "pickup_scheduled", "Pickup scheduled"
    PICKED_UP = "picked_up", "Picked up"
    RECEIVED = "received", "Received at the warehouse"
    REFUND_PENDING = "refund_pending", "Refund on its way"
    REFUNDED = "refunded", "Refunded"
    REPLACEMENT_SHIPPED = "replacement_shipped", "Replacement shipped"
    CLOSED = "closed", "Closed"


class ReturnReason(models.TextChoices):
    DEAD_ON_ARRIVAL = "dead_on_arrival", "Dead on arrival"
    DAMAGED_IN_TRANSIT = "damaged_in_transit", "Damaged in transit"
    NOT_AS_DESCRIBED = "not_as_described", "Not as described"
    OTHER = "other", "Other"


class ReturnOutcome(models.TextChoices):
    REFUND = "refund", "Refund"
    REPLACEMENT = "replacement", "Replacement"


class Disposition(models.TextChoices):
    RESTOCK = "restock", "Back to sellable stock"
    WRITE_OFF = "write_off", "Written off"


class ReturnRequest(models.Model):
    Status = ReturnStatus

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED)
    reason = models.CharField(max_length=20, choices=ReturnReason.choices)
    details = models.CharField(max_length=1000, blank=True)
    outcome = models.CharField(
        max_length=12, choices=ReturnOutcome.choices, help_text="What the shopper asked for; `resolution` is done."
    )
    resolution = models.CharField(max_length=12, choices=ReturnOutcome.choices, blank=True)
    refund_amount = models.DecimalField(**MONEY, default=0, help_text="What was paid for the units (order currency).")
    refunded_at_gateway = models.BooleanField(
        default=False, help_text="Opened after a gateway refunded the order in full while shipped: nothing to refund."
    )
    payout = models.JSONField(
        default=dict, blank=True, help_text="Where a refund without a gateway payment goes: {upi} or {account, ifsc}."
    )
    payout_reference = models.CharField(max_length=100, blank=True)
    staff_note = models.CharField(max_length=1000, blank=True)
    disposition = models.CharField(max_length=10, choices=Disposition.choices, blank=True)
    # The reverse pickup (booked with the carrier on approval)
    pickup_provider = models.CharField(max_length=20, blank=True)
    pickup_provider_order_id = models.CharField(max_length=40, blank=True)
    pickup_shipment_id = models.CharField(max_length=40, blank=True)
    pickup_awb = models.CharField(max_length=40, blank=True)
    pickup_courier = models.CharField(max_length=120, blank=True)
    pickup_tracking_url = models.URLField(max_length=300, blank=True)
    pickup_booked_at = models.DateTimeField(null=True, blank=True)
    pickup_error = models.CharField(max_length=300, blank=True)
    # The replacement parcel
    replacement_provider = models.CharField(max_length=20, blank=True)
    replacement_provider_order_id = models.CharField(max_length=40, blank=True)
    replacement_awb = models.CharField(max_length=40, blank=True)
    replacement_courier = models.CharField(max_length=120, blank=True)
    replacement_tracking_url = models.URLField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"], name="return_status_updated")]

    def __str__(self) -> str:
        return f"Return {self.pk} of order {self.order_id} ({self.status})"

    @property
    def reference(self) -> str:
        """Ours at the carrier and the gateway: the order number and the return's id."""
        return f"PS{self.order_id:08d}-R{self.pk}"


class ReturnUnit(models.Model):
    """One unit coming back: a recorded unit (a phone, by its IMEI) or one unit of a line without units."""

    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="units")
    item = models.ForeignKey("orders.OrderItem", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("orders.OrderUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**MONEY, help_text="What was paid for this unit (orders.services.paid_for_units).")
    active = models.BooleanField(
        default=True, help_text="False once the return is rejected: the unit may be asked again."
    )
    replacement_unit = models.ForeignKey(
        "orders.OrderUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=Q(active=True), name="return_unit_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.item} unit {self.unit_id or '-'}"


class ReturnPhoto(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField()
    image = models.FileField(storage=private_storage, upload_to="return-photos/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["request", "position"], name="return_photo_position")]

    def __str__(self) -> str:
        return f"Photo {self.position} of return {self.request_id}"


class ReturnTransition(models.Model):
    """One step of a return: who, when, from, to; `emailed_at` makes its email go out once."""

    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=40)
    note = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"
