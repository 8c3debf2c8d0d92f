"""The audit log: who changed what, from where, when. Rows are only ever added.

Append-only is enforced at three levels: the model refuses save() of an existing row and delete(), its
manager refuses update()/delete() of querysets, and on PostgreSQL a trigger refuses UPDATE and DELETE
from anyone (the admin and the API only ever read)."""

from collections.abc import Iterable
from typing import Any, NoReturn

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """An attempt to change or remove an audit row."""


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be deleted.")

    def bulk_update(self, objs: Iterable["AuditLog"], fields: Iterable[str], batch_size: int | None = None) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be changed.")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be changed.")

    def _raw_delete(self, using: str | None) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be deleted.")


class Action(models.TextChoices):
    PRICE_CHANGE = "price_change", "Price or MRP change"
    STOCK_CHANGE = "stock_change", "Stock change"
    ORDER_TRANSITION = "order_transition", "Order state change"
    ROLE_CHANGE = "role_change", "Role or permission change"
    EXCHANGE_RATE_CHANGE = "exchange_rate_change", "Exchange rate change"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    ACCOUNT_LOCKED = "account_locked", "Account locked after failed sign-ins"
    MOBILE_VERIFIED = "mobile_verified", "Mobile number proven by a code: the account's sign-in"
    REFUND_REQUESTED = "refund_requested", "Refund requested by staff"
    SHIPMENT_BOOKED = "shipment_booked", "Shipment booked by staff"
    IMEI_RECORDED = "imei_recorded", "IMEIs of units sold recorded"
    COD_UNBLOCKED = "cod_unblocked", "Cash on delivery offered again to a shopper"
    COD_REMITTANCE_RECORDED = "cod_remittance_recorded", "Cash on delivery remittance recorded"
    LEGAL_TEXT_PUBLISHED = "legal_text_published", "Legal page text published"
    CONSENT_GIVEN = "consent_given", "Consent given by a shopper"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn by a shopper"
    PERSONAL_DATA_EXPORTED = "personal_data_exported", "Shopper downloaded their data"
    ACCOUNT_ERASED = "account_erased", "Shopper deleted their account"
    COMPLAINT_CLOSED = "complaint_closed", "Complaint to the grievance officer closed"
    VARIANT_BULK_EDIT = "variant_bulk_edit", "Bulk edit of variants' stock or prices"
    CATALOG_IMPORT = "catalog_import", "Catalog CSV import of prices and stock"
    OTHER = "other", "Other"
    SHIPPING_LABEL_CREATED = "shipping_label_created", "Shipping label fetched from the carrier and stored"
    MANIFEST_CREATED = "manifest_created", "Pickup manifest made for the carrier"


class AuditLog(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    # No database constraint: the row keeps the actor's id (and label) after the user is deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        editable=False,
    )
    actor_label = models.CharField(
        max_length=200, editable=False, help_text='"user:<id> <email>", "system:<task or command>" or "anonymous".'
    )
    action = models.CharField(max_length=40, db_index=True, editable=False)
    object_type = models.CharField(
        max_length=100, editable=False, help_text='"app_label.model", e.g. catalog.productvariant'
    )
    object_id = models.CharField(max_length=64, blank=True, editable=False)
    old_values = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder, editable=False)
    new_values = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder, editable=False)
    source = models.CharField(max_length=20, blank=True, editable=False, help_text="api, admin, command, task, system")
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)
    user_agent = models.CharField(max_length=300, blank=True, editable=False)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-created_at"], name="audit_object"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor"),
            models.Index(fields=["action", "-created_at"], name="audit_action"),
        ]
        # Only "view" exists in practice: the admin and the API never add, change or delete by hand.
        default_permissions = ("view",)

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be deleted.")
