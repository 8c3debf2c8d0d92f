"""The staff API behind the console's order pages: the list's filters and search (GET /api/staff/orders/), the
order page's answer (GET /api/staff/orders/{id}/: parcel, payments, audit trail, next steps and actions) and the
tax invoice for the packing table (GET /api/staff/orders/{id}/invoice/)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import client_for, refusal
from orders.models import Order, OrderStatus
from orders.tests.fixtures import INLINE_ADDRESS, add_to_cart, checkout, imeis_for
from staff.tests.factories import customer, staff_member

pytestmark = pytest.mark.django_db
INDIA = ZoneInfo("Asia/Kolkata")


@pytest.fixture(autouse=True)
def packing_settings(settings, dev_gateway):
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPPING_AUTO_CREATE = True
    settings.DEMO_AUTO_IMEI = False  # a paid phone waits for staff to record its IMEI


@pytest.fixture
def staff():
    return client_for(staff_member())


@pytest.fixture
def buy(auth_client, django_capture_on_commit_callbacks):
    def buy(variant, *, pay=True, address=None):
        assert add_to_cart(auth_client, variant, 1).status_code == 201
        order_id = checkout(auth_client, address=address).json()["id"]
        if pay:
            with django_capture_on_commit_callbacks(execute=True):
                answer = auth_client.post("/api/payments/dev/confirm/", {"order_id": order_id}, format="json")
            assert answer.status_code == 200, answer.content
        return Order.objects.get(pk=order_id)

    return buy


@pytest.fixture
def record(staff, django_capture_on_commit_callbacks):
    def record(order):
        lines = [{"item_id": item, "units": [{"imeis": u} for u in units]} for item, units in imeis_for(order)]
        with django_capture_on_commit_callbacks(execute=True):
            answer = staff.post(f"/api/staff/orders/{order.pk}/units/", {"items": lines}, format="json")
        assert answer.status_code == 200, answer.content
        order.refresh_from_db()
        return order

    return record


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- The list: filters and search


def test_search_finds_an_order_by_number_id_email_mobile_awb_and_imei(buy, phone, variant, record, staff, user):
    packed = record(buy(phone))  # IMEIs recorded: booked with the mock carrier, packed
    other = buy(variant, address={**INLINE_ADDRESS, "phone": "9000000001"})
    assert packed.status == OrderStatus.PACKED and packed.shipment.awb
    imei = packed.items.get().units.get().imeis.get().number

    def search(q):
        return ids(staff.get("/api/staff/orders/", {"q": q}))

    assert search(packed.number) == [packed.pk]
    assert search(packed.number.lower()) == [packed.pk]
    assert search(str(other.pk)) == [other.pk]
    assert search(packed.shipment.awb) == [packed.pk]
    assert search(packed.shipment.awb.lower()) == [packed.pk]
    assert search(imei) == [packed.pk]
    assert search(f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}") == [packed.pk]  # as printed on the box
    assert search("9000000001") == [other.pk]
    assert search("+91 90000 00001") == [other.pk]
    assert search(INLINE_ADDRESS["phone"]) == [packed.pk]
    assert sorted(search(user.email.upper())) == sorted([packed.pk, other.pk])
    # an IMEI whose check digit is wrong is no IMEI; a number nobody has finds nothing
    assert search(imei[:-1] + str((int(imei[-1]) + 1) % 10)) == []
    assert search("9999999999") == []
    assert search("nobody@example.in") == []


def test_filters_by_status_payment_method_and_days_placed_in_india(buy, variant, staff):
    first, second = buy(variant), buy(variant, pay=False)
    # placed at 00:30 and 23:50 Indian time on 1 Dec (19:00 UTC on 30 Nov is 00:30 on 1 Dec in India)
    Order.objects.filter(pk=first.pk).update(created_at=datetime(2026, 12, 1, 0, 30, tzinfo=INDIA))
    Order.objects.filter(pk=second.pk).update(created_at=datetime(2026, 12, 1, 23, 50, tzinfo=INDIA))

    assert ids(staff.get("/api/staff/orders/", {"placed_from": "2026-12-01", "placed_to": "2026-12-01"})) == [
        second.pk,
        first.pk,
    ]
    assert ids(staff.get("/api/staff/orders/", {"placed_to": "2026-11-30"})) == []
    assert ids(staff.get("/api/staff/orders/", {"placed_from": "2026-12-02"})) == []
    assert ids(staff.get("/api/staff/orders/", {"status": "PACKED"})) == [first.pk]  # no phone: booked, packed
    assert ids(staff.get("/api/staff/orders/?status=PACKED&status=PENDING_PAYMENT")) == [second.pk, first.pk]
    assert ids(staff.get("/api/staff/orders/", {"payment_method": "dev", "status": "PENDING_PAYMENT"})) == [second.pk]
    assert ids(staff.get("/api/staff/orders/", {"payment_method": "cod"})) == []


def test_the_list_is_paginated_on_the_server(buy, variant, staff):
    orders = [buy(variant, pay=False) for _ in range(3)]
    page = staff.get("/api/staff/orders/", {"page_size": 2, "page": 2}).json()
    assert (page["count"], page["total_pages"], page["page"]) == (3, 2, 2)
    assert [row["id"] for row in page["results"]] == [orders[0].pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "LOST"}, "status"),
        ({"payment_method": "Cash!"}, "payment_method"),
        ({"payment_method": "x" * 21}, "payment_method"),
        ({"placed_from": "01/12/2026"}, "placed_from"),
        ({"placed_from": "2026-02-30"}, "placed_from"),
        ({"placed_to": ""}, "placed_to"),
        ({"placed_from": "2026-12-02", "placed_to": "2026-12-01"}, "placed_to"),
        ({"q": "x" * 101}, "q"),
        ({"page": "0"}, "page"),
        ({"page_size": "many"}, "page_size"),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_parameter(staff, params, field):
    error = refusal(staff.get("/api/staff/orders/", params), 400)
    assert error["code"] == "invalid" and field in error["fields"], error


def test_a_customer_gets_403_and_a_guest_401(client, user):
    assert client_for(customer()).get("/api/staff/orders/", {"q": "PS00000001"}).status_code == 403
    assert client.get("/api/staff/orders/").status_code == 401


# --- The order page's answer


def test_the_detail_has_the_parcel_payments_audit_trail_and_the_lifecycle_next_steps(buy, phone, record, staff):
    paid = buy(phone)
    body = staff.get(f"/api/staff/orders/{paid.pk}/").json()
    assert body["status"] == "PAID" and body["awaiting_imei"] is True
    assert [s["to_status"] for s in body["next_steps"]] == ["PACKED", "CANCELLED"]  # the lifecycle's, for staff
    # booking waits for the IMEI too (409 imei_required): not offered yet
    assert body["actions"] == {"record_units": True, "book_shipment": False, "refund": False}
    assert [(p["gateway"], p["status"], p["amount"]) for p in body["payments"]] == [("dev", "PAID", str(paid.total))]
    assert [row["action"] for row in body["audit"]] == ["order_transition"]  # PENDING_PAYMENT -> PAID

    packed = record(paid)
    body = staff.get(f"/api/staff/orders/{packed.pk}/").json()
    assert body["status"] == "PACKED"
    assert [s["to_status"] for s in body["next_steps"]] == ["SHIPPED", "CANCELLED"]
    assert body["actions"] == {"record_units": False, "book_shipment": False, "refund": False}
    shipment = body["shipment"]
    assert shipment["awb"] == packed.shipment.awb and shipment["status"] == "AWB_ASSIGNED"
    assert shipment["events"] and shipment["events"][0]["source"] == "booking"
    assert body["items"][0]["units"][0]["imeis"] == [packed.items.get().units.get().imeis.get().number]
    assert {"imei_recorded", "order_transition"} <= {row["action"] for row in body["audit"]}
    assert body["shipping_address"]["phone"] == INLINE_ADDRESS["phone"]


def test_a_delivered_order_offers_the_refund_and_a_cancelled_one_has_it_under_way(buy, variant, staff):
    delivered, cancelled = buy(variant), buy(variant)
    for to in ("SHIPPED", "DELIVERED"):
        assert staff.post(f"/api/staff/orders/{delivered.pk}/transition/", {"to": to}, format="json").status_code == 200
    body = staff.get(f"/api/staff/orders/{delivered.pk}/").json()
    assert (body["status"], body["next_steps"]) == ("DELIVERED", [])  # DELIVERED -> REFUNDED is the gateway's
    assert body["actions"] == {"record_units": False, "book_shipment": False, "refund": True}
    assert [e["status"] for e in body["shipment"]["events"]][-2:] == ["PICKED_UP", "DELIVERED"]

    assert (
        staff.post(f"/api/staff/orders/{cancelled.pk}/transition/", {"to": "CANCELLED"}, format="json").status_code
        == 200
    )
    body = staff.get(f"/api/staff/orders/{cancelled.pk}/").json()
    assert body["status"] == "CANCELLED" and body["payments"][0]["status"] == "REFUND_PENDING"  # sent back already
    assert body["actions"]["refund"] is False


# --- The invoice for the packing table


def test_staff_download_the_tax_invoice_once_issued(buy, phone, record, staff):
    order = buy(phone)
    missing = refusal(staff.get(f"/api/staff/orders/{order.pk}/invoice/"), 404)  # no IMEI yet: not invoiced
    assert missing["code"] == "not_found"
    record(order)
    answer = staff.get(f"/api/staff/orders/{order.pk}/invoice/", HTTP_ACCEPT="application/pdf")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    body = b"".join(answer.streaming_content)
    assert body.startswith(b"%PDF")
    invoice = order.tax_documents.get(kind="invoice")
    assert invoice.number.replace("/", "-") in answer["Content-Disposition"]
    assert answer["X-Content-SHA256"] == invoice.pdf_sha256


def test_the_staff_invoice_is_for_staff_only(buy, phone, record, auth_client, client):
    order = record(buy(phone))
    path = f"/api/staff/orders/{order.pk}/invoice/"
    assert refusal(auth_client.get(path), 403)["code"]  # even the order's own shopper: theirs is /api/orders/...
    assert refusal(client.get(path), 401)["code"]
    assert auth_client.get(f"/api/orders/{order.pk}/invoice/").status_code == 200  # the shopper's door stays
    assert refusal(client_for(staff_member()).get("/api/staff/orders/999999/invoice/"), 404)["code"] == "not_found"


def test_each_queue_of_today_lists_the_orders_it_counts(buy, phone, variant, staff):
    waiting_for_imei, packed = buy(phone), buy(variant)  # the phone waits for its IMEI; the other is packed
    buy(variant, pay=False)
    queues = staff.get("/api/staff/reports/dashboard/").json()["queues"]
    for name, expected in (("to_pack", [waiting_for_imei.pk]), ("to_ship", [packed.pk]), ("needs_review", [])):
        listed = staff.get("/api/staff/orders/", {"queue": name}).json()
        assert [row["id"] for row in listed["results"]] == expected and listed["count"] == queues[name], name
    assert refusal(staff.get("/api/staff/orders/", {"queue": "to_lose"}), 400)["fields"].keys() == {"queue"}


def test_a_cash_on_delivery_phone_is_packed_by_scanning_its_imei_once_confirmed(buy, phone, staff, record):
    order = buy(phone, pay=False)
    Order.objects.filter(pk=order.pk).update(payment_method="cod", status=OrderStatus.CONFIRMED)
    body = staff.get(f"/api/staff/orders/{order.pk}/").json()
    assert body["actions"]["record_units"] is True and body["units_missing"] == 1
    assert body["actions"]["book_shipment"] is False
    packed = record(order)  # booked with the carrier once its IMEI is in, as a paid order is
    assert packed.status == OrderStatus.PACKED and packed.shipment.awb


def test_booking_by_hand_is_offered_once_the_imeis_are_in_when_the_carrier_is_not_booked_automatically(
    buy, phone, staff, record, settings
):
    settings.SHIPPING_AUTO_CREATE = False  # staff book by hand
    order = record(buy(phone))
    assert order.status == OrderStatus.PAID
    assert staff.get(f"/api/staff/orders/{order.pk}/").json()["actions"]["book_shipment"] is True
    assert staff.post(f"/api/staff/orders/{order.pk}/shipment/", format="json").status_code == 201
    body = staff.get(f"/api/staff/orders/{order.pk}/").json()
    assert body["status"] == "PACKED" and body["actions"]["book_shipment"] is False
