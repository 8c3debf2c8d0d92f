"""POST /api/shipping/webhook/: Shiprocket's tracking push, proven only by the static x-api-key token."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.checks import run_checks

from orders.models import Order
from shipping.checks import shipping_settings
from shipping.models import Shipment, TrackingEvent
from shipping.tests.conftest import WEBHOOK_TOKEN, age
from shipping.tests.fake_shiprocket import FakeShiprocket

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")
URL = "/api/shipping/webhook/"


def push(client, body, token=WEBHOOK_TOKEN):
    headers = {"HTTP_X_API_KEY": token} if token is not None else {}
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(URL, raw, content_type="application/json", **headers)


@pytest.fixture
def booked(shiprocket, paid_order):
    shipment = Shipment.objects.get()
    age(shipment, 6 * 3600)
    return shipment


def now_ist():
    return datetime.now(IST).replace(microsecond=0)


def test_url_has_no_forbidden_words():
    assert not any(word in URL.lower() for word in ("shiprocket", "kartrocket", "sr", "kr"))


@pytest.mark.parametrize("token", [None, "", "wrong-token", WEBHOOK_TOKEN + "x", WEBHOOK_TOKEN[:-1], "ünïcode"])
def test_wrong_or_missing_token_is_refused_and_changes_nothing(api_client, booked, token):
    body = FakeShiprocket.push(booked.awb, 7, "DELIVERED", now_ist())
    response = push(api_client, body, token=token)
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"
    assert TrackingEvent.objects.count() == 1 and Order.objects.get().status == "PACKED"


def test_without_a_configured_token_everything_is_refused(api_client, booked, settings):
    settings.SHIPROCKET_WEBHOOK_TOKEN = ""
    body = FakeShiprocket.push(booked.awb, 7, "DELIVERED", now_ist())
    assert push(api_client, body, token="").status_code == 401
    assert push(api_client, body, token="anything").status_code == 401
    assert Order.objects.get().status == "PACKED"
    assert "shipping.W002" in [w.id for w in shipping_settings(None)]  # Shiprocket is configured here
    assert "shipping.W002" in [w.id for w in run_checks()]


def test_the_same_push_twice_is_one_event(api_client, booked, django_capture_on_commit_callbacks):
    body = FakeShiprocket.push(booked.awb, 42, "PICKED UP", now_ist() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        first = push(api_client, body)
    assert first.status_code == 200 and first.json() == {"status": "applied"}
    second = push(api_client, body)
    assert second.status_code == 200 and second.json() == {"status": "duplicate"}
    assert TrackingEvent.objects.filter(label="PICKED UP").count() == 1
    assert Order.objects.get().status == "SHIPPED"
    assert Order.objects.get().transitions.filter(to_status="SHIPPED").count() == 1


def test_the_sync_does_not_repeat_what_the_push_brought(api_client, booked, shiprocket):
    when = now_ist() - timedelta(hours=1)
    push(api_client, FakeShiprocket.push(booked.awb, 18, "IN TRANSIT", when))
    shiprocket.scan(booked.awb, 18, "IN TRANSIT", when)
    from shipping import services

    assert services.sync_active_shipments() == 0
    assert TrackingEvent.objects.filter(label="IN TRANSIT").count() == 1


def test_unknown_awb_is_200_and_changes_nothing(api_client, booked):
    response = push(api_client, FakeShiprocket.push("999999999999", 7, "DELIVERED", now_ist()))
    assert response.status_code == 200 and response.json() == {"status": "unknown_awb"}
    assert TrackingEvent.objects.count() == 1 and Order.objects.get().status == "PACKED"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"null",
        b"{}",
        json.dumps({"awb": "123"}).encode(),
        json.dumps({"awb": "", "current_status": "DELIVERED"}).encode(),
    ],
)
def test_malformed_pushes_with_a_valid_token_get_200(api_client, booked, body):
    response = push(api_client, body)
    assert response.status_code == 200 and response.json()["status"] == "ignored"
    assert TrackingEvent.objects.count() == 1


def test_delivered_push_delivers_the_order(api_client, booked, django_capture_on_commit_callbacks):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = push(api_client, FakeShiprocket.push(booked.awb, 7, "DELIVERED", now_ist() - timedelta(minutes=3)))
    assert response.json() == {"status": "applied"}
    order = Order.objects.get()
    assert order.status == "DELIVERED"
    assert [t.to_status for t in order.transitions.all()][-2:] == ["SHIPPED", "DELIVERED"]
    assert Shipment.objects.get().status == "DELIVERED"
    assert [m.subject.split(" ", 2)[2] for m in mail.outbox] == ["has shipped", "has been delivered"]


def test_late_pushes_never_move_backwards(api_client, booked):
    now = now_ist()
    push(api_client, FakeShiprocket.push(booked.awb, 7, "DELIVERED", now - timedelta(minutes=5)))
    push(api_client, FakeShiprocket.push(booked.awb, 17, "OUT FOR DELIVERY", now - timedelta(hours=1)))
    push(api_client, FakeShiprocket.push(booked.awb, 18, "IN TRANSIT", now - timedelta(hours=3)))
    assert Shipment.objects.get().status == "DELIVERED" and Order.objects.get().status == "DELIVERED"
    assert TrackingEvent.objects.count() == 4


def test_exception_then_redelivery(api_client, booked):
    now = now_ist()
    push(api_client, FakeShiprocket.push(booked.awb, 17, "OUT FOR DELIVERY", now - timedelta(hours=5)))
    push(api_client, FakeShiprocket.push(booked.awb, 21, "UNDELIVERED", now - timedelta(hours=4)))
    assert Shipment.objects.get().status == "EXCEPTION" and Order.objects.get().status == "SHIPPED"
    push(api_client, FakeShiprocket.push(booked.awb, 17, "OUT FOR DELIVERY", now - timedelta(hours=2)))
    assert Shipment.objects.get().status == "OUT_FOR_DELIVERY"


def test_lost_parcel_flags_the_order(api_client, booked):
    push(api_client, FakeShiprocket.push(booked.awb, 12, "LOST", now_ist()))
    order = Order.objects.get()
    assert order.needs_review and "LOST" in order.review_reason


def test_rto_flags_the_order(api_client, booked):
    push(api_client, FakeShiprocket.push(booked.awb, 42, "PICKED UP", now_ist() - timedelta(hours=4)))
    push(api_client, FakeShiprocket.push(booked.awb, 9, "RTO INITIATED", now_ist()))
    order = Order.objects.get()
    assert Shipment.objects.get().status == "RETURNING" and order.status == "SHIPPED" and order.needs_review


def test_push_for_a_mock_shipment_is_unknown(api_client, paid_order):
    shipment = Shipment.objects.get()
    assert shipment.provider == "mock"
    response = push(api_client, FakeShiprocket.push(shipment.awb, 7, "DELIVERED", now_ist()))
    assert response.json() == {"status": "unknown_awb"} and Order.objects.get().status == "PACKED"


def test_shiprocket_timestamp_spellings():
    from shipping.providers.shiprocket.timestamps import parse_time

    expected = datetime(2023, 5, 23, 11, 43, 52, tzinfo=IST)
    assert parse_time("23 05 2023 11:43:52") == expected
    assert parse_time("2023-05-23 11:43:52") == expected
    assert parse_time("2023-05-23T06:13:52+00:00") == expected
    assert parse_time("yesterday") is None and parse_time(None) is None


def test_a_cancelled_order_on_the_move_is_flagged(api_client, booked, auth_client):
    auth_client.post(f"/api/orders/{booked.order_id}/cancel/")  # its cancellation has not reached Shiprocket yet
    push(api_client, FakeShiprocket.push(booked.awb, 42, "PICKED UP", now_ist()))
    order = Order.objects.get()
    assert order.status in ("CANCELLED", "REFUNDED") and order.needs_review
    assert "PICKED UP" in order.review_reason
