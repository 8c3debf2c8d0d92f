"""Tax invoices and credit notes (CGST Rules 46 and 53): legal documents, written once and never changed.

A document is a row with its lines and the PDF made from them; the PDF's SHA-256 is stored with it. Rows are
append-only like the audit log: the model refuses save() of an existing row and delete(), its queryset refuses
update() and delete(), and on PostgreSQL a trigger refuses UPDATE and DELETE from anyone."""

from collections.abc import Iterable
from typing import Any, NoReturn

from django.db import models
from django.db.models import Q

from core import private_files
from core.money import MONEY

# Documents live in the private storage: the API streams them to their owner, no URL reaches them.
# (Named here too: migration 0001 refers to invoicing.models.private_storage.)
private_storage = private_files.private_storage


class AppendOnlyError(Exception):
    """An attempt to change or remove a tax document."""


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", "Tax invoice"
    CREDIT_NOTE = "credit_note", "Credit note"


class DocumentSeries(models.Model):
    """The number series of one kind of document in one financial year (April to March). Numbers are taken
    under this row's lock inside the issuing transaction: consecutive, no gaps, never reused."""

    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    financial_year = models.CharField(max_length=4, help_text="2627 for April 2026 to March 2027.")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "financial_year"], name="document_series_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.financial_year}: {self.last_number}"


class TaxDocumentQuerySet(models.QuerySet["TaxDocument"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Tax documents cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Tax documents cannot be deleted.")

    def bulk_update(
        self, objs: Iterable["TaxDocument"], fields: Iterable[str], batch_size: int | None = None
    ) -> NoReturn:
        raise AppendOnlyError("Tax documents cannot be changed.")

    def _raw_delete(self, using: str | None) -> NoReturn:
        raise AppendOnlyError("Tax documents cannot be deleted.")


class TaxDocument(models.Model):
    """A tax invoice (one per order) or a credit note (naming the invoice it credits). Every field the
    PDF prints is stored here or on its lines, as it was when issued."""

    Kind = DocumentKind

    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    number = models.CharField(max_length=16, unique=True, help_text="PS/2627/000123: prefix, financial year, serial.")
    financial_year = models.CharField(max_length=4)
    serial = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="tax_documents")
    invoice = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_notes",
        help_text="A credit note's original invoice.",
    )
    reason = models.CharField(max_length=200, blank=True, help_text="A credit note's reason (refund, return).")
    reference = models.CharField(
        max_length=100, blank=True, help_text="What caused a credit note, e.g. the gateway's refund id."
    )
    seller = models.JSONField(help_text="Supplier name, address, GSTIN and state, as they were.")
    buyer = models.JSONField(help_text="Buyer name, delivery address, GSTIN if given.")
    place_of_supply = models.CharField(max_length=2)
    intra_state = models.BooleanField(help_text="CGST + SGST when true, IGST when false.")
    reverse_charge = models.BooleanField(default=False)
    currency = models.CharField(max_length=3, default="INR")
    taxable_value = models.DecimalField(**MONEY)
    cgst = models.DecimalField(**MONEY)
    sgst = models.DecimalField(**MONEY)
    igst = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    amount_in_words = models.CharField(max_length=300)
    pdf = models.FileField(storage=private_storage, upload_to="tax-documents/%Y/%m/", max_length=200)
    pdf_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaxDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["issued_at", "id"]
        # Staff read documents (to hand a buyer their invoice); filing the month's return is the admin's.
        permissions = [("export_gst_returns", "Can export the GST returns (GSTR-1)")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "financial_year", "serial"], name="tax_document_unique_serial"),
            models.UniqueConstraint(
                fields=["order"], condition=Q(kind="invoice"), name="tax_document_one_invoice_per_order"
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", invoice__isnull=True) | Q(kind="credit_note", invoice__isnull=False),
                name="tax_document_credit_note_names_invoice",
            ),
        ]
        indexes = [models.Index(fields=["kind", "issued_at"], name="tax_document_kind_issued")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Tax documents cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Tax documents cannot be deleted.")

    @property
    def tax(self) -> Any:
        return self.cgst + self.sgst + self.igst


class TaxDocumentLineQuerySet(models.QuerySet["TaxDocumentLine"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Tax document lines cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Tax document lines cannot be deleted.")


class TaxDocumentLine(models.Model):
    """One line of a document: goods (an order line) or a charge (shipping). Amounts in the order's currency,
    taxable value + CGST + SGST + IGST = total exactly (tax.split's rounding rule)."""

    document = models.ForeignKey(TaxDocument, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    order_item = models.ForeignKey(
        "orders.OrderItem", null=True, blank=True, on_delete=models.PROTECT, related_name="tax_document_lines"
    )
    description = models.CharField(max_length=300)
    hsn_code = models.CharField(max_length=8, help_text="HSN for goods, SAC for services (shipping).")
    quantity = models.PositiveSmallIntegerField()
    unit = models.CharField(max_length=3, default="NOS", help_text="GST unit quantity code.")
    gst_rate = models.DecimalField(max_digits=4, decimal_places=2)
    taxable_value = models.DecimalField(**MONEY)
    cgst = models.DecimalField(**MONEY)
    sgst = models.DecimalField(**MONEY)
    igst = models.DecimalField(**MONEY)
    total = models.DecimalField(**MONEY)
    imeis = models.JSONField(
        default=list, blank=True, help_text="Per unit of this line, its IMEIs: [[slot 1, slot 2], ...]."
    )

    objects = TaxDocumentLineQuerySet.as_manager()

    class Meta:
        ordering = ["document_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="tax_document_line_position"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.description}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Tax document lines cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Tax document lines cannot be deleted.")
