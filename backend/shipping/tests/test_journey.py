"""The journey continues on the mock provider: paid → shipment with an AWB (PACKED) → simulated tracking
→ SHIPPED → DELIVERED, seen through the API, with the customer's emails on the way."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from conftest import client_for
from orders.models import Order
from orders.tests.fixtures import add_to_cart, checkout
from shipping import services, tasks
from shipping.models import Shipment, TrackingEvent
from shipping.tests.conftest import age

pytestmark = pytest.mark.django_db


def tracking(client, order_id):
    response = client.get(f"/api/orders/{order_id}/tracking/")
    assert response.status_code == 200, response.json()
    return response.json()


def test_paid_order_is_shipped_and_delivered_on_the_mock(
    auth_client, variant, address, dev_gateway, django_capture_on_commit_callbacks
):
    assert add_to_cart(auth_client, variant, 2).status_code == 201
    order = checkout(auth_client, address_id=address.pk).json()
    before = tracking(auth_client, order["id"])
    assert before == {"order_id": order["id"], "status": "PENDING_PAYMENT", "shipment": None, "events": []}

    with django_capture_on_commit_callbacks(execute=True):
        paid = auth_client.post("/api/payments/dev/confirm/", {"order_id": order["id"]}, format="json")
    assert paid.status_code == 200 and paid.json()["status"] == "PAID"

    # the payment's task booked the parcel: an AWB, and the order PACKED
    booked = tracking(auth_client, order["id"])
    assert booked["status"] == "PACKED"
    shipment = booked["shipment"]
    assert shipment["awb"] == f"PSM{order['id']:010d}" and shipment["status"] == "AWB_ASSIGNED"
    assert shipment["courier"] and shipment["provider"] == "mock"
    assert shipment["eta_date"] == str(timezone.localdate() + timedelta(days=2))  # Bengaluru → Bengaluru: local
    assert [e["status"] for e in booked["events"]] == ["AWB_ASSIGNED"]
    history = [h["to_status"] for h in auth_client.get(f"/api/orders/{order['id']}/").json()["history"]]
    assert history == ["PENDING_PAYMENT", "PAID", "PACKED"]

    # the simulated courier moves one step every SHIPPING_MOCK_STEP_SECONDS (120 s here)
    start = Shipment.objects.get().awb_assigned_at
    with django_capture_on_commit_callbacks(execute=True):
        services.sync_active_shipments(now=start + timedelta(seconds=60))
    assert tracking(auth_client, order["id"])["status"] == "PACKED"
    with django_capture_on_commit_callbacks(execute=True):
        services.sync_active_shipments(now=start + timedelta(seconds=250))
    moving = tracking(auth_client, order["id"])
    assert moving["status"] == "SHIPPED" and moving["shipment"]["status"] == "IN_TRANSIT"
    assert [e["status"] for e in moving["events"]] == ["AWB_ASSIGNED", "PICKED_UP", "IN_TRANSIT"]
    assert moving["events"][2]["location"] == "Bengaluru hub"
    with django_capture_on_commit_callbacks(execute=True):
        services.sync_active_shipments(now=start + timedelta(seconds=370))
    assert tracking(auth_client, order["id"])["shipment"]["status"] == "OUT_FOR_DELIVERY"
    with django_capture_on_commit_callbacks(execute=True):
        services.sync_active_shipments(now=start + timedelta(seconds=490))
    done = tracking(auth_client, order["id"])
    assert done["status"] == "DELIVERED" and done["shipment"]["status"] == "DELIVERED"
    assert [e["status"] for e in done["events"]] == [
        "AWB_ASSIGNED",
        "PICKED_UP",
        "IN_TRANSIT",
        "OUT_FOR_DELIVERY",
        "DELIVERED",
    ]
    assert all(set(e) >= {"status", "description", "location", "occurred_at"} for e in done["events"])

    history = [h["to_status"] for h in auth_client.get(f"/api/orders/{order['id']}/").json()["history"]]
    assert history == ["PENDING_PAYMENT", "PAID", "PACKED", "SHIPPED", "DELIVERED"]
    # syncing again changes nothing: each report is stored once, delivered shipments are not polled
    services.sync_active_shipments(now=start + timedelta(hours=5))
    assert TrackingEvent.objects.count() == 5

    number = Order.objects.get().number
    assert [m.subject for m in mail.outbox] == [
        f"Order {number} confirmed: thank you for shopping with PhoneStore",
        f"Order {number} has shipped",
        f"Order {number} is out for delivery today",
        f"Order {number} has been delivered",
    ]
    assert all(m.to == [auth_client.user.email] for m in mail.outbox)


def test_tracking_is_own_only(paid_order, other_user, api_client):
    assert client_for(other_user).get(f"/api/orders/{paid_order.pk}/tracking/").status_code == 404
    assert api_client.get(f"/api/orders/{paid_order.pk}/tracking/").status_code == 401
    assert client_for(other_user).get("/api/orders/999999/tracking/").status_code == 404


def test_booking_twice_makes_one_shipment(paid_order):
    shipment = Shipment.objects.get()
    assert tasks.create_shipment.apply(args=[paid_order.pk]).get() == f"AWB_ASSIGNED {shipment.awb}"
    services.create_shipment_for_order(paid_order.pk)
    assert Shipment.objects.count() == 1 and Shipment.objects.get().attempts == 1
    assert TrackingEvent.objects.count() == 1
    assert paid_order.transitions.filter(to_status="PACKED").count() == 1


def test_cancelled_before_the_task_runs_is_not_booked(place, auth_client, dev_gateway):
    order = place()
    auth_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json")  # task not run yet
    auth_client.post(f"/api/orders/{order.pk}/cancel/")
    assert tasks.create_shipment.apply(args=[order.pk]).get() == "not bookable"
    assert not Shipment.objects.exists()


def test_cancelling_a_packed_order_cancels_its_shipment(paid_order, auth_client, django_capture_on_commit_callbacks):
    assert Order.objects.get().status == "PACKED"
    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post(f"/api/orders/{paid_order.pk}/cancel/").status_code == 200
    shipment = Shipment.objects.get()
    assert shipment.status == "CANCELLED"
    assert shipment.events.last().label == "CANCELLED"
    # the simulated courier would have picked it up by now; a cancelled shipment is not polled
    services.sync_active_shipments(now=timezone.now() + timedelta(hours=1))
    assert Order.objects.get().status in ("CANCELLED", "REFUNDED") and Shipment.objects.get().status == "CANCELLED"


def test_run_periodic_has_the_tracking_sync(paid_order, settings):
    assert settings.CELERY_BEAT_SCHEDULE["shipping-sync-tracking"]["task"] == "shipping.tasks.sync_tracking"
    assert settings.CELERY_BEAT_SCHEDULE["shipping-book-pending"]["task"] == "shipping.tasks.book_pending_shipments"
    age(Shipment.objects.get(), 10 * 60)  # booked ten minutes ago: every step is due
    call_command("run_periodic", "--once")
    assert Order.objects.get().status == "DELIVERED"


def test_tracking_advances_without_the_mock_clock_when_off(paid_order, settings):
    settings.SHIPPING_MOCK_TRACKING = False  # production without Shiprocket: staff report the steps
    services.sync_active_shipments(now=timezone.now() + timedelta(days=3))
    assert Order.objects.get().status == "PACKED"


def test_lost_booking_task_is_swept_up(place, auth_client, dev_gateway, settings):
    order = place()
    auth_client.post("/api/payments/dev/confirm/", {"order_id": order.pk}, format="json")  # the task was lost
    assert services.book_pending_shipments() == 0  # paid just now: the on-commit task gets its chance first
    Order.objects.filter(pk=order.pk).update(paid_at=timezone.now() - timedelta(minutes=5))
    assert services.book_pending_shipments() == 1
    assert Order.objects.get().status == "PACKED" and Shipment.objects.get().awb


def test_auto_create_off_leaves_a_pending_shipment_for_staff(place, pay, settings):
    settings.SHIPPING_AUTO_CREATE = False
    order = pay(place().pk)
    assert order.status == "PAID"
    shipment = Shipment.objects.get()
    assert shipment.status == "PENDING" and shipment.awb == "" and shipment.attempts == 0
    assert services.book_pending_shipments() == 0


def test_eta_dates_are_future_days(paid_order):
    shipment = Shipment.objects.get()
    assert isinstance(shipment.eta_date, date) and shipment.eta_date > timezone.localdate()
