"""Shiprocket's label and manifest calls against the local stand-in: the documented requests (method, path,
Bearer token, JSON body), the PDF fetched from the URL in the answer, stored and reused; refusals and outages
become clear errors and leave nothing behind."""

import pytest
from django.utils import timezone

from conftest import refusal
from shipping.models import Manifest, Shipment
from shipping.providers.base import ShippingProviderError
from shipping.providers.shiprocket import ShiprocketProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(shiprocket, paid_order):
    shipment = Shipment.objects.select_related("order").get(order=paid_order)
    assert shipment.provider == "shiprocket" and shipment.awb and shipment.provider_shipment_id
    return shipment


def calls(server, path):
    """(method, body, Authorization) of each call to `path`."""
    return [(m, body, server.authorizations[i]) for i, (m, p, body, _) in enumerate(server.requests) if p == path]


def test_label_is_generated_fetched_and_stored_once(shiprocket, booked, staff_client):
    first = staff_client.get(f"/api/staff/orders/{booked.order_id}/label/")
    second = staff_client.get(f"/api/staff/orders/{booked.order_id}/label/")
    assert first.status_code == second.status_code == 200
    body = b"".join(first.streaming_content)
    assert body == b"".join(second.streaming_content)
    assert body in shiprocket.files.values()  # the very PDF Shiprocket published
    assert first["Content-Disposition"] == f'attachment; filename="label-{booked.awb}.pdf"'
    made = calls(shiprocket, "/v1/external/courier/generate/label")
    assert len(made) == 1  # the reprint came from storage
    method, sent, auth = made[0]
    assert method == "POST" and sent == {"shipment_id": [int(booked.provider_shipment_id)]}
    assert auth.startswith("Bearer ") and auth[7:] in shiprocket.tokens


def test_manifest_is_generated_and_fetched(shiprocket, booked, staff_client):
    response = staff_client.post("/api/staff/manifests/", {}, format="json")
    assert response.status_code == 201, response.json()
    manifest = Manifest.objects.get()
    assert manifest.provider == "shiprocket" and manifest.carrier_url.startswith(shiprocket.url + "/files/manifest-")
    made = calls(shiprocket, "/v1/external/manifests/generate")
    assert [(m, b) for m, b, _ in made] == [("POST", {"shipment_id": [int(booked.provider_shipment_id)]})]
    assert made[0][2][7:] in shiprocket.tokens
    file = staff_client.get(f"/api/staff/manifests/{manifest.pk}/file/")
    assert b"".join(file.streaming_content) == shiprocket.files[manifest.carrier_url.removeprefix(shiprocket.url)]


def test_a_manifest_already_made_at_shiprocket_is_printed_instead(shiprocket, booked):
    sid = int(booked.provider_shipment_id)
    earlier = shiprocket.generate_manifest({"shipment_id": [sid]})[1]["manifest_url"]  # made in Shiprocket's panel
    document = ShiprocketProvider().manifest([booked], day=timezone.localdate())
    assert document.url == earlier
    (printed,) = calls(shiprocket, "/v1/external/manifests/print")
    assert printed[:2] == ("POST", {"order_ids": [int(booked.provider_order_id)]})
    assert printed[2][7:] in shiprocket.tokens


def test_a_label_shiprocket_does_not_create_is_a_clear_502(shiprocket, booked, staff_client):
    shiprocket.label_error = "Courier not assigned"
    error = refusal(staff_client.get(f"/api/staff/orders/{booked.order_id}/label/"), 502)
    assert error["code"] == "carrier_refused" and "Courier not assigned" in error["message"]
    assert not Shipment.objects.get(pk=booked.pk).label_sha256


def test_shiprocket_down_is_a_503_and_makes_no_manifest(shiprocket, booked, staff_client):
    shiprocket.fail_status = 502
    response = staff_client.post("/api/staff/manifests/", {}, format="json")
    assert refusal(response, 503)["code"] == "carrier_unavailable" and response["Retry-After"] == "60"
    assert not Manifest.objects.exists() and Shipment.objects.get(pk=booked.pk).manifest_id is None


def test_files_are_fetched_only_from_shiprocket_hosts(shiprocket, booked):
    client = ShiprocketProvider().client
    for url in ("http://169.254.169.254/latest/meta-data", "https://evil.example/label.pdf", "file:///etc/passwd"):
        with pytest.raises(ShippingProviderError, match="not on its file hosts"):
            client.download(url, what="the label")
    with pytest.raises(ShippingProviderError, match="not a PDF"):
        shiprocket.files["/files/not-a-pdf.pdf"] = b"<html>login</html>"
        client.download(f"{shiprocket.url}/files/not-a-pdf.pdf", what="the label")
