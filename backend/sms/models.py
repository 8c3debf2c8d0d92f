from django.db import models

from sms.constants import SmsKind, SmsStatus


class SmsMessage(models.Model):
    """One text message: recorded when it is asked for, sent by a task after commit, retried with backoff.

    The full number is kept only while the message may still be sent, then cleared (the masked one stays). A
    one-time code is never stored: the task carries it sealed with this row's salt (core.one_time_codes).
    `once_key` (unique) makes a message go out at most once per key: an order's update per (order, kind)."""

    kind = models.CharField(max_length=30, choices=SmsKind.choices)
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="sms_messages"
    )
    once_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    phone = models.CharField(max_length=10, blank=True, help_text="Cleared once the message is sent or given up.")
    phone_masked = models.CharField(max_length=10)
    template_id = models.CharField(max_length=64, blank=True)
    variables = models.JSONField(default=dict, blank=True, help_text="The template's variables, the code left out.")
    salt = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=10, choices=SmsStatus.choices, default=SmsStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When a queued message is tried again.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Not sent after this (a code's end).")
    provider = models.CharField(max_length=20, blank=True)
    request_id = models.CharField(max_length=64, blank=True, help_text="The provider's id of the sent message.")
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="sms_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} SMS to {self.phone_masked}"
