"""The PDF of an order's tax invoice or credit note, for its shopper or for staff (invoicing.selectors decides).

The file comes from the private storage (it has no URL) and is served only after its SHA-256 is checked against
the row's (invoicing.services.verified_pdf). Errors are the API's JSON, whatever the client's Accept header."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from core.errors import ApplicationError, CommonErrorCode
from core.views import FileAnswerView
from invoicing import selectors
from invoicing.http import pdf_response
from invoicing.models import DocumentKind

PDF = OpenApiResponse(
    OpenApiTypes.BINARY,
    description="The PDF, inline, named like PS-2627-000123.pdf; its SHA-256 in X-Content-SHA256 (and as the ETag).",
)
NOT_FOUND = OpenApiResponse(
    description="No such order of yours, or it has no such document (one answer for both: ids cannot be probed)."
)
BROKEN = OpenApiResponse(description="The stored file no longer matches its hash: logged, never served.")


class DocumentView(FileAnswerView):
    permission_classes = [IsAuthenticated]


class InvoicePdfView(DocumentView):
    @extend_schema(
        operation_id="order_invoice_pdf",
        responses={(200, "application/pdf"): PDF, 404: NOT_FOUND, 500: BROKEN},
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        """The order's tax invoice (PDF): your own order's, or any order's for staff."""
        document = selectors.document_for(request.user, pk, DocumentKind.INVOICE)
        if document is None:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No invoice for this order.")
        return pdf_response(document)


class CreditNotePdfView(DocumentView):
    @extend_schema(
        operation_id="order_credit_note_pdf",
        responses={(200, "application/pdf"): PDF, 404: NOT_FOUND, 500: BROKEN},
    )
    def get(self, request: Request, pk: int, note_id: int) -> FileResponse:
        """One of the order's credit notes (PDF), by the id the order lists under credit_notes."""
        document = selectors.document_for(request.user, pk, DocumentKind.CREDIT_NOTE, note_id)
        if document is None:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such credit note for this order.")
        return pdf_response(document)
