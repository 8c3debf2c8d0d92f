"""Complaints to the grievance officer (Consumer Protection (E-Commerce) Rules, 2020, rule 4(5)): each filed with a
reference the shopper quotes, emailed to the officer and acknowledged to the shopper at once, answered within one
month, closed by staff in the admin with what was done."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Category(models.TextChoices):
    ORDER = "order", "An order or its delivery"
    RETURN = "return", "A return or a refund"
    PAYMENT = "payment", "A payment"
    PRODUCT = "product", "A phone or accessory"
    DATA = "data", "My personal data"
    OTHER = "other", "Something else"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Complaint(models.Model):
    Status = ComplaintStatus

    reference = models.CharField(max_length=16, unique=True, help_text="What the shopper quotes: C-XXXXXXXX.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=15, blank=True)
    order_number = models.CharField(max_length=12, blank=True)
    category = models.CharField(max_length=10, choices=Category.choices)
    message = models.TextField(max_length=5000)
    status = models.CharField(max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    due_by = models.DateTimeField(help_text="One month after it was received (rule 4(5)).")
    # The two emails of a new complaint, each sent once (a periodic catch-up sends what failed).
    officer_notified_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    resolution = models.TextField(max_length=5000, blank=True, help_text="What was done: emailed to the shopper.")
    resolution_sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_by"], name="complaint_status_due"),
            models.Index(
                fields=["created_at"],
                condition=Q(acknowledged_at__isnull=True) | Q(officer_notified_at__isnull=True),
                name="complaint_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"Complaint {self.reference}"
