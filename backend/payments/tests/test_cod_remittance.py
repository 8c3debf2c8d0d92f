"""Remittances from the carrier for delivered COD parcels (JSON or a CSV, all or nothing, each refusal named) and
what it still owes (SQL sums)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditLog
from orders.models import Order, OrderStatus
from payments.models import CodRemittance, Payment, PaymentStatus
from shipping.models import Shipment

pytestmark = pytest.mark.django_db


def cod_order(user, awb, *, total="1000.00", status=OrderStatus.DELIVERED, method="cod", collected=True):
    order = Order.objects.create(
        user=user, status=status, payment_method=method, subtotal=total, mrp_total=total, tax_total=0, total=total,
        shipping_address={},
    )  # fmt: skip
    Shipment.objects.create(order=order, provider="mock", awb=awb, status="DELIVERED")
    if collected:
        Payment.objects.create(
            order=order, gateway=method, gateway_order_id=order.number, amount=Decimal(total), currency="INR",
            status=PaymentStatus.PAID,
        )  # fmt: skip
    return order


@pytest.fixture
def parcels(user):
    return [cod_order(user, "AWB1", total="1000.00"), cod_order(user, "AWB2", total="2500.50"),
            cod_order(user, "AWB3", total="499.00")]  # fmt: skip


def outstanding(staff_client):
    response = staff_client.get("/api/staff/cod/outstanding/")
    assert response.status_code == 200, response.content
    return response.json()


def test_outstanding_sums_what_the_carrier_owes(staff_client, parcels, user):
    cod_order(user, "AWB9", status=OrderStatus.SHIPPED, collected=False)  # on its way: nothing collected yet
    body = outstanding(staff_client)
    assert body["count"] == 3 and body["amount"] == "3999.50"
    assert [p["awb"] for p in body["parcels"]] == ["AWB1", "AWB2", "AWB3"]


def test_a_json_remittance_is_recorded_and_leaves_the_rest_owed(staff_client, parcels):
    response = staff_client.post(
        "/api/staff/cod/remittances/",
        {"utr": "HDFC0000123456", "awbs": ["AWB1", "AWB2"], "received_at": "2026-12-01T10:00:00+05:30"},
        format="json",
    )
    assert response.status_code == 201, response.content
    [recorded] = response.json()
    assert recorded["utr"] == "HDFC0000123456" and recorded["amount"] == "3500.50"
    assert recorded["awbs"] == ["AWB1", "AWB2"]
    assert AuditLog.objects.filter(action="cod_remittance_recorded").count() == 1
    body = outstanding(staff_client)
    assert body["count"] == 1 and body["amount"] == "499.00"


def test_a_csv_records_one_remittance_per_utr(staff_client, parcels):
    csv = b'awb,amount,utr\nAWB1,1000.00,UTR-A\nAWB2,"2,500.50",UTR-B\nAWB3,499,UTR-A\n'
    response = staff_client.post(
        "/api/staff/cod/remittances/", {"file": SimpleUploadedFile("remit.csv", csv, "text/csv")}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert {(r["utr"], r["amount"]) for r in response.json()} == {("UTR-A", "1499.00"), ("UTR-B", "2500.50")}
    assert outstanding(staff_client)["count"] == 0


def test_every_refused_entry_is_named_and_nothing_is_recorded(staff_client, parcels, user):
    cod_order(user, "PREPAID1", method="razorpay")
    cod_order(user, "SHIPPED1", status=OrderStatus.SHIPPED, collected=False)
    first = staff_client.post("/api/staff/cod/remittances/", {"utr": "U1", "awbs": ["AWB3"]}, format="json")
    assert first.status_code == 201

    response = staff_client.post(
        "/api/staff/cod/remittances/",
        {"utr": "U2", "awbs": ["AWB1", "NOPE", "PREPAID1", "SHIPPED1", "AWB3", "AWB1"]},
        format="json",
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "cod_remittance_invalid"
    fields = error["fields"]
    assert set(fields) == {"awbs.NOPE", "awbs.PREPAID1", "awbs.SHIPPED1", "awbs.AWB3", "awbs.AWB1"}
    assert "No shipment" in fields["awbs.NOPE"][0] and "not cash on delivery" in fields["awbs.PREPAID1"][0]
    assert "not delivered" in fields["awbs.SHIPPED1"][0] and "UTR U1" in fields["awbs.AWB3"][0]
    assert fields["awbs.AWB1"] == ["Listed twice."]
    assert CodRemittance.objects.count() == 1


def test_a_csv_amount_other_than_collected_or_a_known_utr_is_refused(staff_client, parcels):
    staff_client.post("/api/staff/cod/remittances/", {"utr": "DONE", "awbs": ["AWB3"]}, format="json")
    csv = b"awb,amount,utr\nAWB1,999.00,NEW\nAWB2,2500.50,DONE\n"
    response = staff_client.post(
        "/api/staff/cod/remittances/", {"file": SimpleUploadedFile("r.csv", csv, "text/csv")}, format="multipart"
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "collected 1000.00" in fields["awbs.AWB1"][0] and "utr.DONE" in fields
    assert CodRemittance.objects.count() == 1


@pytest.mark.parametrize(
    "csv,field",
    [(b"awb,utr\nAWB1,U\n", "file"), (b"awb,amount,utr\nAWB1,abc,U\n", "row 2"), (b"awb,amount,utr\n", "file")],
)
def test_an_unreadable_csv_is_refused(staff_client, parcels, csv, field):
    response = staff_client.post(
        "/api/staff/cod/remittances/", {"file": SimpleUploadedFile("r.csv", csv, "text/csv")}, format="multipart"
    )
    assert response.status_code == 400 and field in response.json()["error"]["fields"]


def test_shoppers_may_not(auth_client):
    assert auth_client.get("/api/staff/cod/outstanding/").status_code == 403
    assert (
        auth_client.post("/api/staff/cod/remittances/", {"utr": "U", "awbs": ["A"]}, format="json").status_code == 403
    )
