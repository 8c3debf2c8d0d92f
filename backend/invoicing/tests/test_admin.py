"""The admin lists tax documents read-only and streams their PDF after the hash check."""

import hashlib
from decimal import Decimal

import pytest
from django.test import Client

from invoicing import services
from invoicing.tests.fixtures import pay, place
from staff.tests.factories import customer, staff_member

pytestmark = pytest.mark.usefixtures("dev_gateway")


@pytest.fixture
def documents(auth_client, charger):
    order = pay(place(auth_client, [(charger, 2)]))
    invoice = services.issue_invoice(order.pk)
    note = services.issue_credit_note(order.pk, Decimal("100.00"), reason="Goodwill", reference="rfnd_a")
    return invoice, note


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_see_the_documents_read_only_and_download_the_pdf(documents):
    invoice, note = documents
    client = signed_in(staff_member())

    listing = client.get("/admin/invoicing/taxdocument/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert invoice.number in page and note.number in page and invoice.order.number in page
    assert f"/admin/invoicing/taxdocument/{invoice.pk}/pdf/" in page
    assert client.get("/admin/invoicing/taxdocument/?kind__exact=credit_note").content.decode().count(note.number) >= 1
    detail = client.get(f"/admin/invoicing/taxdocument/{invoice.pk}/change/")
    assert detail.status_code == 200 and invoice.pdf_sha256 in detail.content.decode()

    pdf = client.get(f"/admin/invoicing/taxdocument/{invoice.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == invoice.pdf_sha256

    assert client.get("/admin/invoicing/taxdocument/add/").status_code == 403
    assert client.post(f"/admin/invoicing/taxdocument/{invoice.pk}/delete/").status_code == 403
    assert "Save" not in detail.content.decode().replace("Save as", "")


def test_customers_never_reach_the_admin_download(documents):
    invoice, _ = documents
    answer = signed_in(customer()).get(f"/admin/invoicing/taxdocument/{invoice.pk}/pdf/")
    assert answer.status_code == 302 and "/admin/login/" in answer["Location"]


def test_a_damaged_file_is_a_server_error_in_the_admin_too(documents):
    invoice, _ = documents
    with open(invoice.pdf.path, "r+b") as f:
        f.write(b"%PDF-9.9")
    answer = signed_in(staff_member()).get(f"/admin/invoicing/taxdocument/{invoice.pk}/pdf/")
    assert answer.status_code == 500 and b"%PDF" not in answer.content
