"""The day's pickup manifests: one per carrier and day, a shipment in at most one, the COD totals to the paisa,
the mock carrier's PDF, and the staff endpoints' refusals."""

from datetime import timedelta
from decimal import Decimal

import pypdfium2
import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditLog
from conftest import client_for, refusal
from orders.models import Order
from shipping.models import Manifest, Shipment, ShipmentStatus
from staff.tests.factories import customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(place, pay):
    """n paid orders, each booked by the mock carrier (AWB assigned, awaiting pickup)."""

    def booked(n=1):
        orders = [pay(place().pk) for _ in range(n)]
        assert all(o.shipment.status == ShipmentStatus.AWB_ASSIGNED for o in orders)
        return orders

    return booked


def make(client, body=None):
    return client.post("/api/staff/manifests/", body if body is not None else {}, format="json")


def text_of(pdf: bytes) -> str:
    return pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()


def test_todays_manifest_lists_the_booked_parcels_with_cod_totals_to_the_paisa(booked, staff_client):
    cod_a, cod_b, prepaid = booked(3)
    Order.objects.filter(pk=cod_a.pk).update(payment_method="cod", total=Decimal("12345.67"))
    Order.objects.filter(pk=cod_b.pk).update(payment_method="cod", total=Decimal("999.99"))
    pending = staff_client.get("/api/staff/manifests/pending/").json()
    assert pending == {
        "date": str(timezone.localdate()),
        "provider": "mock",
        "count": 3,
        "cod_count": 2,
        "cod_total": "13345.66",
        "manifest_id": None,
    }

    response = make(staff_client)
    assert response.status_code == 201, response.json()
    manifest = response.json()
    assert manifest["provider"] == "mock" and manifest["date"] == str(timezone.localdate())
    assert (manifest["shipment_count"], manifest["cod_count"], manifest["cod_total"]) == (3, 2, "13345.66")
    assert {s["awb"]: s["cod_amount"] for s in manifest["shipments"]} == {
        cod_a.shipment.awb: "12345.67",
        cod_b.shipment.awb: "999.99",
        prepaid.shipment.awb: "0.00",
    }
    assert Shipment.objects.filter(manifest_id=manifest["id"]).count() == 3
    assert staff_client.get("/api/staff/manifests/pending/").json()["manifest_id"] == manifest["id"]

    file = staff_client.get(f"/api/staff/manifests/{manifest['id']}/file/")
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    assert file["Content-Disposition"] == f'attachment; filename="manifest-mock-{timezone.localdate():%Y-%m-%d}.pdf"'
    text = text_of(b"".join(file.streaming_content))
    for printed in (cod_a.shipment.awb, cod_b.number, prepaid.shipment.awb, "12,345.67", "999.99", "13,345.66"):
        assert printed in text, printed
    assert "3 parcels" in text and "Pickup agent" in text

    listed = staff_client.get("/api/staff/manifests/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == manifest["id"]
    assert "shipments" not in listed["results"][0]
    detail = staff_client.get(f"/api/staff/manifests/{manifest['id']}/").json()
    assert detail == {**manifest, "created_at": detail["created_at"]}
    logged = AuditLog.objects.get(action="manifest_created")
    assert logged.object_id == str(manifest["id"]) and logged.new_values["cod_total"] == "13345.66"


def test_one_manifest_per_carrier_and_day_and_late_parcels_wait_for_the_next(booked, staff_client):
    booked(1)
    first = make(staff_client).json()
    error = refusal(make(staff_client), 409)
    assert error["code"] == "manifest_exists" and str(first["id"]) in error["message"]
    (late,) = booked(1)  # booked after today's manifest: it waits for the next day's
    pending = staff_client.get("/api/staff/manifests/pending/").json()
    assert (pending["count"], pending["manifest_id"]) == (1, first["id"])
    assert refusal(make(staff_client), 409)["code"] == "manifest_exists"
    # A past day's manifest takes the parcels booked by the end of that day and still waiting.
    Shipment.objects.filter(pk=late.shipment.pk).update(awb_assigned_at=timezone.now() - timedelta(days=1))
    tomorrow = timezone.localdate() + timedelta(days=1)
    yesterday = make(staff_client, {"date": str(timezone.localdate() - timedelta(days=1))})
    assert yesterday.status_code == 201 and [s["awb"] for s in yesterday.json()["shipments"]] == [late.shipment.awb]
    error = refusal(make(staff_client, {"date": str(tomorrow)}), 400)
    assert error["fields"] == {"date": ["Not in the future."]}
    assert Manifest.objects.count() == 2


def test_a_shipment_is_never_in_two_manifests(booked):
    (order,) = booked(1)
    day = timezone.localdate()
    one = Manifest.objects.create(provider="mock", date=day, shipment_count=1, cod_count=0, cod_total=0)
    Shipment.objects.filter(pk=order.shipment.pk).update(manifest=one)
    with pytest.raises(IntegrityError), transaction.atomic():
        Manifest.objects.create(provider="mock", date=day, shipment_count=0, cod_count=0, cod_total=0)
    # A single column: taking it into another manifest moves it out of the first, never into both.
    assert Shipment._meta.get_field("manifest").many_to_one


def test_nothing_to_manifest(booked, staff_client):
    error = refusal(make(staff_client), 409)
    assert error["code"] == "nothing_to_manifest"
    (order,) = booked(1)
    Shipment.objects.filter(pk=order.shipment.pk).update(status=ShipmentStatus.PICKED_UP)  # gone already
    assert refusal(make(staff_client), 409)["code"] == "nothing_to_manifest"
    assert not Manifest.objects.exists()  # the refused attempt left no row


@pytest.mark.parametrize(
    "body, field",
    [
        ({"date": "04-12-2026"}, "date"),
        ({"date": 20261204}, "date"),
        ({"date": "2026-02-30"}, "date"),
        ({"provider": "mock"}, "provider"),
        ({"day": "2026-12-04"}, "day"),
    ],
)
def test_bad_bodies_are_refused(booked, staff_client, body, field):
    booked(1)
    error = refusal(make(staff_client, body), 400)
    assert field in error["fields"]
    assert not Manifest.objects.exists()


def test_manifest_refusals(booked, api_client, staff_client):
    booked(1)
    made = make(staff_client).json()
    for path in ("manifests/", "manifests/pending/", f"manifests/{made['id']}/", f"manifests/{made['id']}/file/"):
        assert refusal(api_client.get(f"/api/staff/{path}"), 401)["code"] == "not_authenticated"
        assert refusal(client_for(customer()).get(f"/api/staff/{path}"), 403)["code"] == "permission_denied"
    assert refusal(make(api_client), 401)["code"] == "not_authenticated"
    assert refusal(make(client_for(customer())), 403)["code"] == "permission_denied"
    assert refusal(staff_client.get("/api/staff/manifests/987654/"), 404)["code"] == "not_found"
    assert refusal(staff_client.get("/api/staff/manifests/987654/file/"), 404)["code"] == "not_found"
    manifest = Manifest.objects.get()
    with manifest.file.open("wb") as f:
        f.write(b"%PDF-1.4 altered")
    assert refusal(staff_client.get(f"/api/staff/manifests/{manifest.pk}/file/"), 500)["code"] == "server_error"
