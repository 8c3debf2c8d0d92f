"""Retried tasks, parallel workers and repeated pushes book one shipment and record each report once.
Real connections on PostgreSQL."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from rest_framework.test import APIClient

from orders.models import Order, OrderTransition
from orders.tests.test_race_postgres import run_in_threads
from shipping import services
from shipping.models import Shipment, TrackingEvent
from shipping.tests.conftest import WEBHOOK_TOKEN, age
from shipping.tests.fake_shiprocket import FakeShiprocket

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL row locks and concurrent connections; the database here is {connection.vendor}",
    ),
]


@pytest.fixture
def unbooked(settings, shiprocket, place, auth_client):
    """A paid order whose booking has not run yet."""
    settings.SHIPPING_AUTO_CREATE = False
    order = place()
    assert auth_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json").status_code == 200
    Shipment.objects.all().delete()  # not even the PENDING row: the racers make it
    settings.SHIPPING_AUTO_CREATE = True
    return Order.objects.get(pk=order.pk)


@pytest.mark.django_db(transaction=True)
def test_parallel_bookings_make_one_shipment_and_one_awb(shiprocket, unbooked):
    shiprocket.delay = 0.2  # each Shiprocket call takes a while: the racers overlap
    results = run_in_threads([lambda: services.create_shipment_for_order(unbooked.pk) for _ in range(5)])
    assert {r.pk for r in results} == {Shipment.objects.get().pk}
    shipment = Shipment.objects.get()
    assert shipment.status == "AWB_ASSIGNED" and shipment.attempts == 1
    assert len(shiprocket.calls("POST", "/v1/external/orders/create/adhoc")) == 1
    assert len(shiprocket.calls("POST", "/v1/external/courier/assign/awb")) == 1
    assert OrderTransition.objects.filter(order=unbooked, to_status="PACKED").count() == 1
    assert TrackingEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_pushes_apply_once(shiprocket, unbooked):
    shipment = services.create_shipment_for_order(unbooked.pk)
    age(shipment, 3600)
    when = datetime.now(ZoneInfo("Asia/Kolkata")) - timedelta(minutes=20)
    raw = json.dumps(FakeShiprocket.push(shipment.awb, 42, "PICKED UP", when)).encode()
    shiprocket.scan(shipment.awb, 42, "PICKED UP", when)

    def deliver():
        return APIClient().post(
            "/api/shipping/webhook/", raw, content_type="application/json", HTTP_X_API_KEY=WEBHOOK_TOKEN
        )

    def sync():
        return services.sync_shipment(Shipment.objects.get(pk=shipment.pk))

    results = run_in_threads([deliver, deliver, deliver, deliver, sync])
    assert all(r.status_code == 200 for r in results[:4])
    statuses = sorted(r.json()["status"] for r in results[:4])
    assert statuses.count("applied") + results[4] == 1
    assert TrackingEvent.objects.filter(label="PICKED UP").count() == 1
    assert OrderTransition.objects.filter(order=unbooked, to_status="SHIPPED").count() == 1
