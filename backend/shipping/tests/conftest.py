from datetime import timedelta

import pytest
from django.db.models import F

from orders.models import Order
from orders.tests.fixtures import add_to_cart, checkout

WEBHOOK_TOKEN = "wh-token-7f3c2a91"


@pytest.fixture(autouse=True)
def shipping_settings(settings):
    """The mock provider with its simulated tracking on a 2-minute clock, whatever the environment says."""
    settings.SHIPROCKET_EMAIL = settings.SHIPROCKET_PASSWORD = ""
    settings.SHIPROCKET_WEBHOOK_TOKEN = WEBHOOK_TOKEN
    settings.SHIPPING_ORIGIN_PINCODE = "560001"
    settings.SHIPPING_AUTO_CREATE = True
    settings.SHIPPING_MOCK_TRACKING = True
    settings.SHIPPING_MOCK_STEP_SECONDS = 120
    settings.SHIPPING_BOOKING_MAX_ATTEMPTS = 5
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def shiprocket(settings, monkeypatch):
    """Shiprocket configured against a local server speaking its API."""
    from shipping.tests.fake_shiprocket import FakeShiprocket

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = FakeShiprocket("api-user@phonestore.example", "sr-Api-Pass-42", pickup_location="Bengaluru WH").start()
    settings.SHIPROCKET_EMAIL, settings.SHIPROCKET_PASSWORD = server.email, server.password
    settings.SHIPROCKET_PICKUP_LOCATION = server.pickup_location
    settings.SHIPROCKET_API_BASE = server.url
    settings.SHIPROCKET_TIMEOUT_SECONDS = 2
    yield server
    server.stop()


@pytest.fixture
def pay(auth_client, dev_gateway, django_capture_on_commit_callbacks):
    """Pay an order with the dev gateway, running what the payment enqueues (as the embedded mode does)."""

    def pay(order_id):
        with django_capture_on_commit_callbacks(execute=True):
            response = auth_client.post("/api/payments/dev/confirm/", {"order_id": order_id}, format="json")
        assert response.status_code == 200, response.json()
        return Order.objects.get(pk=order_id)

    return pay


@pytest.fixture
def place(auth_client, variant, dev_gateway):
    def place(quantity=1, address=None):
        assert add_to_cart(auth_client, variant, quantity).status_code == 201
        response = checkout(auth_client, address=address)
        assert response.status_code == 201, response.json()
        return Order.objects.get(pk=response.json()["id"])

    return place


@pytest.fixture
def paid_order(place, pay):
    return pay(place().pk)


def age(shipment, seconds: int) -> None:
    """Move a shipment's clock back, as if it had been booked `seconds` earlier."""
    from shipping.models import Shipment, TrackingEvent

    delta = timedelta(seconds=seconds)
    Shipment.objects.filter(pk=shipment.pk).update(
        awb_assigned_at=F("awb_assigned_at") - delta, last_event_at=F("last_event_at") - delta
    )
    TrackingEvent.objects.filter(shipment=shipment).update(occurred_at=F("occurred_at") - delta)
    shipment.refresh_from_db()
