"""Shipments (one per order) and their tracking events.

A shipment's status follows its newest tracking event; the order's status follows the shipment through
orders.services.transition() (PAID → PACKED when the AWB is assigned, → SHIPPED when the carrier picks it
up, → DELIVERED), never by writing the order's status field here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.money import MONEY
from core.private_files import private_storage


class ShipmentStatus(models.TextChoices):
    PENDING = "PENDING", "Waiting to be booked with the carrier"
    FAILED = "FAILED", "Booking with the carrier failed"
    AWB_ASSIGNED = "AWB_ASSIGNED", "Packed, AWB assigned, awaiting pickup"
    PICKED_UP = "PICKED_UP", "Picked up by the courier"
    IN_TRANSIT = "IN_TRANSIT", "In transit"
    OUT_FOR_DELIVERY = "OUT_FOR_DELIVERY", "Out for delivery"
    DELIVERED = "DELIVERED", "Delivered"
    EXCEPTION = "EXCEPTION", "Delivery exception"
    RETURNING = "RETURNING", "Returning to the seller"
    RETURNED = "RETURNED", "Returned to the seller"
    CANCELLED = "CANCELLED", "Cancelled"


S = ShipmentStatus
# Booked with the carrier and not finished: the tracking sync polls these.
ACTIVE_STATUSES = frozenset({S.AWB_ASSIGNED, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.EXCEPTION, S.RETURNING})
# Nothing moves a shipment out of these.
TERMINAL_STATUSES = frozenset({S.DELIVERED, S.RETURNED, S.CANCELLED})
# The parcel has left our hands: the order is SHIPPED.
MOVING_STATUSES = frozenset(
    {S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED, S.EXCEPTION, S.RETURNING, S.RETURNED}
)


class Shipment(models.Model):
    """The order's parcel at a carrier. One per order (the unique order column makes a retried
    creation find the row instead of booking a second AWB)."""

    Status = ShipmentStatus

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="shipment")
    provider = models.CharField(max_length=20, help_text="mock or shiprocket: the provider that booked it.")
    status = models.CharField(max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.PENDING)
    awb = models.CharField("AWB", max_length=40, blank=True)
    courier = models.CharField(max_length=120, blank=True)
    provider_order_id = models.CharField(max_length=40, blank=True, help_text="The carrier's order id.")
    provider_shipment_id = models.CharField(max_length=40, blank=True, help_text="The carrier's shipment id.")
    tracking_url = models.URLField(max_length=300, blank=True)
    pincode = models.CharField(max_length=6)
    weight_kg = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    eta_date = models.DateField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Booking attempts with the carrier.")
    last_error = models.CharField(max_length=500, blank=True)
    awb_assigned_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True, help_text="When the newest tracking event happened.")
    last_synced_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    # The carrier's label, fetched once (shipping.documents) and reprinted from here.
    label = models.FileField(storage=private_storage, upload_to="shipping-labels/%Y/%m/", max_length=200, blank=True)
    label_sha256 = models.CharField(max_length=64, blank=True)
    # The one column that puts a shipment in a manifest: it cannot be in two.
    manifest = models.ForeignKey("Manifest", null=True, blank=True, on_delete=models.PROTECT, related_name="shipments")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "last_synced_at"], name="shipment_sync_due")]
        constraints = [
            models.UniqueConstraint(fields=["provider", "awb"], condition=~Q(awb=""), name="shipment_unique_awb"),
        ]

    def __str__(self):
        return f"Shipment {self.awb or '(no AWB)'} for order {self.order_id} ({self.status})"


class TrackingEvent(models.Model):
    """One scan or status report. (shipment, label, occurred_at) is unique: the same report arriving
    again (a repeated webhook, the sync seeing what the webhook brought) is stored once."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(
        max_length=20,
        choices=ShipmentStatus.choices,
        blank=True,
        help_text="Our status for this report; blank when the carrier's code is not one we map.",
    )
    label = models.CharField(max_length=80, help_text="The carrier's status label, e.g. IN TRANSIT.")
    code = models.CharField(max_length=16, blank=True, help_text="The carrier's status code, e.g. 18.")
    description = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField()
    source = models.CharField(max_length=20, help_text="booking, webhook, sync, staff")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "label", "occurred_at"], name="tracking_event_once"),
        ]

    def __str__(self):
        return f"{self.label} at {self.occurred_at:%Y-%m-%d %H:%M}"


class Manifest(models.Model):
    """The day's handover list for one carrier's pickup: the shipments booked and awaiting pickup, with the
    carrier's manifest PDF (Shiprocket's, or the mock carrier's own). One per carrier and day."""

    provider = models.CharField(max_length=20, help_text="mock or shiprocket: the carrier of its shipments.")
    date = models.DateField(help_text="The pickup day (Asia/Kolkata).")
    shipment_count = models.PositiveIntegerField()
    cod_count = models.PositiveIntegerField(help_text="Parcels whose courier collects cash.")
    cod_total = models.DecimalField(**MONEY, help_text="Cash the courier collects for its parcels, in rupees.")
    file = models.FileField(storage=private_storage, upload_to="shipping-manifests/%Y/%m/", max_length=200)
    file_sha256 = models.CharField(max_length=64)
    carrier_url = models.URLField(max_length=500, blank=True, help_text="Where the carrier published its PDF.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["provider", "date"], name="manifest_one_per_carrier_day")]

    def __str__(self):
        return f"Manifest {self.provider} {self.date:%Y-%m-%d} ({self.shipment_count} parcels)"
