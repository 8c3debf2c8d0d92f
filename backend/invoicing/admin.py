"""Tax invoices and credit notes in the admin: read-only (the rows are append-only), with their PDF streamed from
the private storage through an admin view after its hash check, as the API does."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, HttpResponseServerError
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from core.errors import ApplicationError
from invoicing.http import pdf_response
from invoicing.models import TaxDocument, TaxDocumentLine


class ReadOnly(admin.ModelAdmin):
    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LineInline(admin.TabularInline):
    model = TaxDocumentLine
    fields = readonly_fields = (
        "position",
        "description",
        "hsn_code",
        "quantity",
        "unit",
        "gst_rate",
        "taxable_value",
        "cgst",
        "sgst",
        "igst",
        "total",
        "imeis",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(TaxDocument)
class TaxDocumentAdmin(ReadOnly):
    list_display = ["number", "kind", "order_link", "issued_at", "total", "download"]
    list_filter = ["kind", "financial_year", "intra_state", ("issued_at", admin.DateFieldListFilter)]
    search_fields = ["number", "order__number", "order__user__email", "reference"]
    date_hierarchy = "issued_at"
    list_select_related = ["order"]
    list_per_page = 100
    readonly_fields = (
        "number",
        "kind",
        "order_link",
        "invoice",
        "issued_at",
        "reason",
        "reference",
        "place_of_supply",
        "intra_state",
        "reverse_charge",
        "currency",
        "taxable_value",
        "cgst",
        "sgst",
        "igst",
        "total",
        "amount_in_words",
        "seller",
        "buyer",
        "download",
        "pdf_sha256",
        "created_at",
    )
    fields = readonly_fields
    inlines = [LineInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[TaxDocument]:
        return super().get_queryset(request).select_related("order", "invoice")

    @admin.display(description="order", ordering="order__number")
    def order_link(self, document: TaxDocument) -> str:
        url = reverse("admin:orders_order_change", args=[document.order_id])
        return format_html('<a href="{}">{}</a>', url, document.order.number)

    @admin.display(description="PDF")
    def download(self, document: TaxDocument) -> str:
        url = reverse("admin:invoicing_taxdocument_pdf", args=[document.pk])
        return format_html('<a href="{}">{}.pdf</a>', url, document.number.replace("/", "-"))

    def get_urls(self) -> list[URLPattern]:
        pdf = path("<int:pk>/pdf/", self.admin_site.admin_view(self.pdf_view), name="invoicing_taxdocument_pdf")
        return [pdf, *super().get_urls()]

    def pdf_view(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        """The stored PDF, for staff who may view tax documents; a file failing its hash check is a server
        error (logged by invoicing.services), never served, as in the API."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            return pdf_response(get_object_or_404(TaxDocument, pk=pk))
        except ApplicationError as refusal:
            return HttpResponseServerError(refusal.message, content_type="text/plain; charset=utf-8")
