"""Shipping labels: the mock carrier's own PDF carries the AWB as a Code 128 barcode that a scanner reads back
(rendered with pypdfium2, read with zxing-cpp); the label is stored once and reprinted from the stored copy;
the staff endpoint's refusals."""

import pypdfium2
import pytest
import zxingcpp
from django.utils import timezone

from audit.models import AuditLog
from conftest import client_for, refusal
from shipping.models import Shipment
from shipping.pdf import render_label
from shipping.providers.mock import MockShippingProvider
from staff.tests.factories import customer

pytestmark = pytest.mark.django_db


def barcodes(pdf: bytes, dpi: int = 203) -> list[tuple[str, str]]:
    """What a scanner reads on the PDF's first page printed at `dpi` (203: a thermal label printer)."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72).to_pil()
    return [(b.text, b.format.name) for b in zxingcpp.read_barcodes(image)]


def text_of(pdf: bytes) -> str:
    return pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()


def label_of(client, order_id):
    return client.get(f"/api/staff/orders/{order_id}/label/")


def test_the_mock_label_carries_the_awb_as_code_128(paid_order):
    shipment = paid_order.shipment
    assert shipment.awb == f"PSM{paid_order.pk:010d}"
    pdf = MockShippingProvider().label(shipment).pdf
    assert pdf.startswith(b"%PDF-")
    assert barcodes(pdf) == [(shipment.awb, "Code128")]
    assert barcodes(pdf, dpi=300) == [(shipment.awb, "Code128")]
    text = text_of(pdf)
    address = paid_order.shipping_address
    for printed in (
        f"AWB {shipment.awb}",
        paid_order.number,
        address["full_name"],
        address["pincode"],
        "PREPAID",
        "RETURN TO",
        "PhoneStore",
        f"{shipment.weight_kg} kg",
        MockShippingProvider.courier_name,
    ):
        assert printed in text, printed


def test_a_label_drawn_for_another_awb_does_not_read_as_this_one(paid_order):
    # The round trip is a real check: a label made for a different AWB reads back as that AWB, not this one.
    shipment = paid_order.shipment
    other = Shipment(pk=shipment.pk, order=paid_order, awb="PSM0000000999", courier="X", provider="mock")
    other.awb_assigned_at = timezone.now()
    read = barcodes(render_label(other, courier="X"))
    assert read == [("PSM0000000999", "Code128")] and read != [(shipment.awb, "Code128")]


def test_a_cod_label_says_what_to_collect(paid_order):
    type(paid_order).objects.filter(pk=paid_order.pk).update(payment_method="cod", total="12345.67")
    shipment = Shipment.objects.select_related("order").get(pk=paid_order.shipment.pk)
    text = text_of(MockShippingProvider().label(shipment).pdf)
    assert "COD - COLLECT Rs. 12,345.67" in text and "PREPAID" not in text


def test_staff_download_the_label_once_made_then_reprinted_from_storage(paid_order, staff_client, monkeypatch):
    calls = []
    real = MockShippingProvider.label

    def counted(self, shipment):
        calls.append(shipment.awb)
        return real(self, shipment)

    monkeypatch.setattr(MockShippingProvider, "label", counted)
    awb = paid_order.shipment.awb
    first, second = label_of(staff_client, paid_order.pk), label_of(staff_client, paid_order.pk)
    for response in (first, second):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="label-{awb}.pdf"'
        assert response["Cache-Control"] == "private, no-store"
    body = b"".join(first.streaming_content)
    assert body == b"".join(second.streaming_content) and body.startswith(b"%PDF-")
    assert calls == [awb]  # the carrier was asked once
    shipment = Shipment.objects.get(pk=paid_order.shipment.pk)
    assert shipment.label.name.startswith("shipping-labels/") and len(shipment.label_sha256) == 64
    assert barcodes(body) == [(awb, "Code128")]
    logged = AuditLog.objects.filter(action="shipping_label_created")
    assert [(a.object_id, a.new_values["awb"]) for a in logged] == [(str(paid_order.pk), awb)]


def test_a_stored_label_altered_on_disk_is_fetched_again(paid_order, staff_client):
    assert label_of(staff_client, paid_order.pk).status_code == 200
    shipment = Shipment.objects.get(pk=paid_order.shipment.pk)
    with shipment.label.open("wb") as f:
        f.write(b"%PDF-1.4 not the label")
    response = label_of(staff_client, paid_order.pk)
    assert response.status_code == 200
    assert barcodes(b"".join(response.streaming_content)) == [(shipment.awb, "Code128")]


def test_label_refusals(paid_order, place, api_client, staff_client, settings):
    assert refusal(label_of(api_client, paid_order.pk), 401)["code"] == "not_authenticated"
    assert refusal(label_of(client_for(customer()), paid_order.pk), 403)["code"] == "permission_denied"
    assert refusal(label_of(client_for(paid_order.user), paid_order.pk), 403)["code"] == "permission_denied"
    assert refusal(label_of(staff_client, 987654321), 404)["code"] == "not_found"
    assert refusal(label_of(staff_client, 2**63), 404)["code"] == "not_found"
    unpaid = place()  # no shipment yet
    error = refusal(label_of(staff_client, unpaid.pk), 404)
    assert error["code"] == "awb_not_assigned" and "book" in error["message"]
    Shipment.objects.create(order=unpaid, provider="mock", pincode="560001")  # booking pending: no AWB
    assert refusal(label_of(staff_client, unpaid.pk), 404)["code"] == "awb_not_assigned"
    # an Accept of application/pdf still gets the JSON error, not a 406
    response = staff_client.get(f"/api/staff/orders/{unpaid.pk}/label/", HTTP_ACCEPT="application/pdf")
    assert refusal(response, 404)["code"] == "awb_not_assigned"
    assert staff_client.post(f"/api/staff/orders/{paid_order.pk}/label/", {}, format="json").status_code == 405
    Shipment.objects.filter(order=paid_order).update(status=Shipment.Status.CANCELLED)
    assert refusal(label_of(staff_client, paid_order.pk), 409)["code"] == "shipment_cancelled"
