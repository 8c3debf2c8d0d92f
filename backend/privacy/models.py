"""Personal data under the Digital Personal Data Protection Act, 2023: consents (what the shopper agreed to, the exact
words they were shown, when, and when they withdrew), requests about their data (a download, the account's erasure)
with their email acknowledgement, and the one-time codes that confirm an erasure."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AppendOnlyError(Exception):
    """An attempt to rewrite or remove a consent record."""


class Purpose(models.TextChoices):
    MARKETING = "marketing", "Offers and news"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Consent records are not rewritten: withdraw one with Consent.withdraw().")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Consent records are kept: they are the proof of what was agreed.")

    def _raw_delete(self, using: str | None) -> NoReturn:
        raise AppendOnlyError("Consent records are kept: they are the proof of what was agreed.")


class Consent(models.Model):
    """One consent, given once: who, for what purpose, by which channel, the exact text shown, when; and when it was
    withdrawn. A row is never rewritten: the only change it takes is its withdrawal, once (the model here, a
    PostgreSQL trigger below it). Consenting again is a new row, so the rows of a user are their history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    text = models.TextField(help_text="Exactly what the shopper was shown when they agreed.")
    text_version = models.CharField(max_length=16, help_text="The first 16 hex digits of the text's SHA-256.")
    source = models.CharField(max_length=20, default="account", help_text="Where it was given: account, checkout...")
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose", "channel"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose_channel",
            )
        ]
        indexes = [models.Index(fields=["user", "-given_at"], name="consent_user_recent")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} by {self.get_channel_display()} (user {self.user_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Consent records are not rewritten: withdraw one with Consent.withdraw().")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Consent records are kept: they are the proof of what was agreed.")

    def withdraw(self, at: Any = None) -> bool:
        """Record the withdrawal, once; False when it was already withdrawn. Nothing else of the row changes."""
        if self.withdrawn_at is not None:
            return False
        at = at or timezone.now()
        # The one UPDATE a consent row takes (the trigger refuses any other): this column, while it is empty.
        done = models.QuerySet(model=Consent).filter(pk=self.pk, withdrawn_at__isnull=True).update(withdrawn_at=at)
        if done:
            self.withdrawn_at = at
        return bool(done)


class RequestKind(models.TextChoices):
    EXPORT = "export", "Download of their data"
    ERASURE = "erasure", "Deletion of their account"


class DataRequest(models.Model):
    """A shopper's request about their personal data, acknowledged by email (privacy.services.acknowledge; a periodic
    catch-up retries what failed). The address is kept only until the acknowledgement is sent: after an erasure it
    lives nowhere else."""

    Kind = RequestKind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=RequestKind.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    ack_to = models.EmailField(blank=True, help_text="Where the acknowledgement goes; emptied once it is sent.")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["requested_at"], condition=Q(acknowledged_at__isnull=True), name="datarequest_unacked")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (user {self.user_id}, {self.requested_at:%Y-%m-%d %H:%M})"


class ErasureCode(models.Model):
    """A one-time code mailed to confirm the deletion of an account (for an account without a password, or instead
    of it). Only a salted HMAC of it is stored (core.one_time_codes); valid ERASURE_CODE_MINUTES, a few guesses, once,
    and a newer code replaces it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="erasure_code_user_latest")]

    def __str__(self) -> str:
        return f"Erasure code for user {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"
