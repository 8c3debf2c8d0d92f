"""A stored tax document as an HTTP answer: for the API's views and the admin's download."""

import io

from django.http import FileResponse

from invoicing import services
from invoicing.models import TaxDocument


def pdf_response(document: TaxDocument) -> FileResponse:
    body = services.verified_pdf(document)
    response = FileResponse(
        io.BytesIO(body), content_type="application/pdf", as_attachment=False, filename=services.file_name(document)
    )
    response["Cache-Control"] = "private, no-store"
    response["ETag"] = f'"{document.pdf_sha256}"'
    response["X-Content-SHA256"] = document.pdf_sha256
    return response
