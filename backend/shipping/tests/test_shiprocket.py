"""ShiprocketProvider over HTTP against a local server speaking Shiprocket's documented API: login and
token reuse, re-login on 401, serviceability → estimate, order + AWB + pickup, tracking; a timeout and a
5xx fall back to the mock estimate with a log line, never a 500."""

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from orders.models import Order
from shipping import services
from shipping.models import Shipment
from shipping.providers import configured_provider_name, get_provider
from shipping.providers.base import ProviderUnavailable
from shipping.providers.shiprocket import ShiprocketProvider
from shipping.providers.shiprocket.client import ShiprocketClient
from shipping.tests.conftest import age

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")


def estimate(client, pincode="700016", variant=None):
    params = {"pincode": pincode}
    if variant is not None:
        params["variant"] = variant.pk
    return client.get("/api/shipping/estimate/", params)


def test_chosen_when_credentials_are_set(shiprocket, settings):
    assert configured_provider_name() == "shiprocket" and isinstance(get_provider(), ShiprocketProvider)
    settings.SHIPROCKET_PASSWORD = ""
    assert configured_provider_name() == "mock"


def test_a_shipments_own_provider_is_never_swapped_for_another():
    # Without credentials a Shiprocket shipment is refused (the sync logs it), not tracked by the mock.
    with pytest.raises(ProviderUnavailable, match="SHIPROCKET_EMAIL"):
        get_provider("shiprocket")
    with pytest.raises(ValueError, match="dhl"):
        get_provider("dhl")
    assert get_provider("mock").simulated and not ShiprocketProvider.simulated


def test_token_is_reused_until_a_401_then_fetched_again(shiprocket, api_client, variant):
    for pincode in ("700016", "110001", "400001"):
        response = estimate(api_client, pincode, variant)
        assert response.status_code == 200 and response.json()["provider"] == "shiprocket"
    assert shiprocket.logins == 1  # one login, the token from Django's cache for the next calls
    assert cache.get(ShiprocketClient().token_cache_key) in shiprocket.tokens

    shiprocket.tokens.clear()  # the token expired (or was revoked) at Shiprocket
    response = estimate(api_client, "600001", variant)
    assert response.status_code == 200 and response.json()["provider"] == "shiprocket"
    assert shiprocket.logins == 2  # the 401 dropped the cached token and logged in once more
    assert len(shiprocket.calls("GET", "/v1/external/courier/serviceability")) == 5  # 3, the refused one, its retry
    assert cache.get(ShiprocketClient().token_cache_key) in shiprocket.tokens


def test_token_cache_lifetime_follows_the_jwt(shiprocket):
    from shipping.tests.fake_shiprocket import make_token

    ttl = ShiprocketClient.token_ttl(make_token(lifetime_hours=240))
    assert 239 * 3600 - 60 <= ttl <= 239 * 3600  # an hour of margin before it expires
    assert ShiprocketClient.token_ttl("not-a-jwt") == 9 * 24 * 3600


def test_wrong_credentials_fall_back_to_the_mock(shiprocket, settings, api_client, caplog):
    settings.SHIPROCKET_PASSWORD = "wrong"
    with caplog.at_level(logging.WARNING, logger="shipping.services"):
        response = estimate(api_client)
    assert response.status_code == 200 and response.json()["provider"] == "mock"
    assert "mock estimate given instead" in caplog.text and "email and password" in caplog.text


def test_serviceability_gives_the_estimate(shiprocket, api_client, variant):
    response = estimate(api_client, "700016", variant)
    assert response.status_code == 200
    body = response.json()
    today = timezone.localdate()
    assert body == {
        "pincode": "700016",
        "min_days": 2,
        "max_days": 4,
        "eta_date": str(today + timedelta(days=4)),
        "provider": "shiprocket",
        "zone": "z_d",
        "courier": "Delhivery Surface",
    }
    [(_, _, _, query)] = shiprocket.calls("GET", "/v1/external/courier/serviceability")
    assert query["pickup_postcode"] == "560001" and query["delivery_postcode"] == "700016"
    assert query["cod"] == "0" and query["declared_value"] == "19999"
    assert query["weight"] == "0.6"  # a 200 g phone (weight unknown), its retail box, the carton
    # the same question again is answered from the cache
    assert estimate(api_client, "700016", variant).json() == body
    assert len(shiprocket.calls("GET", "/v1/external/courier/serviceability")) == 1


def test_unserviceable_pincode_is_a_400(shiprocket, api_client):
    shiprocket.unserviceable.add("744101")
    response = estimate(api_client, "744101")
    assert response.status_code == 400 and response.json()["error"]["code"] == "pincode_not_serviceable"


def test_timeout_falls_back_to_the_mock_with_a_log_line(shiprocket, settings, api_client, caplog):
    settings.SHIPROCKET_TIMEOUT_SECONDS = 0.3
    estimate(api_client, "110001")  # logs in (the login is answered at once)
    shiprocket.delay = 1.0
    with caplog.at_level(logging.WARNING, logger="shipping.services"):
        response = estimate(api_client, "700016")
    assert response.status_code == 200
    assert response.json()["provider"] == "mock" and response.json()["zone"] == "metro"
    assert "did not answer" in caplog.text and "mock estimate given instead" in caplog.text


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_fall_back_to_the_mock(shiprocket, api_client, caplog, status):
    shiprocket.fail_status = status
    with caplog.at_level(logging.WARNING, logger="shipping.services"):
        response = estimate(api_client, "400001")
    assert response.status_code == 200 and response.json()["provider"] == "mock"
    assert response.json()["min_days"] == 2 and response.json()["max_days"] == 3  # Mumbai: metro
    assert f"answered {status}" in caplog.text


def test_unreachable_falls_back_to_the_mock(shiprocket, settings, api_client, caplog):
    settings.SHIPROCKET_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="shipping.services"):
        response = estimate(api_client, "400001")
    assert response.status_code == 200 and response.json()["provider"] == "mock"
    assert "could not be reached" in caplog.text


def test_paid_order_is_booked_with_an_awb(shiprocket, paid_order):
    order = Order.objects.get()
    assert order.status == "PACKED"
    shipment = Shipment.objects.get()
    assert shipment.provider == "shiprocket" and shipment.status == "AWB_ASSIGNED"
    assert shipment.awb == "19041424750001" and shipment.courier == "Delhivery Surface"
    assert shipment.tracking_url == "https://shiprocket.co/tracking/19041424750001"
    assert shipment.eta_date == timezone.localdate() + timedelta(days=4)

    [(_, _, body, _)] = shiprocket.calls("POST", "/v1/external/orders/create/adhoc")
    assert body["order_id"] == order.number and body["pickup_location"] == "Bengaluru WH"
    assert body["payment_method"] == "Prepaid" and body["shipping_is_billing"] is True
    assert body["billing_pincode"] == "700016" and body["billing_phone"] == "9123456780"
    assert body["billing_customer_name"] == "Ravi" and body["billing_last_name"] == "Kumar"
    assert body["order_items"] == [
        {
            "name": f"{order.items.get().product_title} ({order.items.get().variant_label})",
            "sku": order.items.get().sku,
            "units": 1,
            "selling_price": "19999.00",
            "discount": "0",
            "tax": "18.00",
            "hsn": 85171300,
        }
    ]
    assert body["sub_total"] == "19999.00" and body["weight"] == "0.6"
    [(_, _, awb_body, _)] = shiprocket.calls("POST", "/v1/external/courier/assign/awb")
    assert awb_body == {"shipment_id": int(shipment.provider_shipment_id)}
    [(_, _, pickup_body, _)] = shiprocket.calls("POST", "/v1/external/courier/generate/pickup")
    assert pickup_body == {"shipment_id": [int(shipment.provider_shipment_id)]}

    # a retried task books nothing twice
    services.create_shipment_for_order(order.pk)
    assert len(shiprocket.calls("POST", "/v1/external/orders/create/adhoc")) == 1
    assert len(shiprocket.calls("POST", "/v1/external/courier/assign/awb")) == 1


def test_tracking_sync_reads_shiprocket(shiprocket, paid_order, auth_client, django_capture_on_commit_callbacks):
    shipment = Shipment.objects.get()
    age(shipment, 6 * 3600)  # booked six hours ago
    now = datetime.now(IST).replace(microsecond=0)
    shiprocket.scan(shipment.awb, 42, "PICKED UP", now - timedelta(hours=5), "Shipment picked up")
    shiprocket.scan(shipment.awb, 18, "IN TRANSIT", now - timedelta(hours=2), "In transit", "BLR/FC1, BANGALORE")
    services.sync_active_shipments()
    body = auth_client.get(f"/api/orders/{paid_order.pk}/tracking/").json()
    assert body["status"] == "SHIPPED" and body["shipment"]["status"] == "IN_TRANSIT"
    assert [e["label"] for e in body["events"]] == ["AWB ASSIGNED", "PICKED UP", "IN TRANSIT"]
    assert body["events"][2]["location"] == "BLR/FC1, BANGALORE"
    assert body["shipment"]["tracking_url"] == f"https://shiprocket.co//tracking/{shipment.awb}"

    shiprocket.scan(shipment.awb, 17, "OUT FOR DELIVERY", now - timedelta(hours=1))
    shiprocket.scan(shipment.awb, 7, "DELIVERED", now - timedelta(minutes=5), "Delivered", "Kolkata")
    with django_capture_on_commit_callbacks(execute=True):
        services.sync_active_shipments()
        services.sync_active_shipments()
    assert Order.objects.get().status == "DELIVERED"
    assert Shipment.objects.get().events.count() == 5
    assert Shipment.objects.get().delivered_at == now - timedelta(minutes=5)


def test_booking_failure_leaves_a_failed_shipment_staff_can_rebook(shiprocket, place, pay, caplog):
    shiprocket.awb_error = "Courier not serviceable for this shipment."
    with caplog.at_level(logging.WARNING, logger="shipping.services"):
        order = pay(place().pk)
    assert order.status == "PAID"
    shipment = Shipment.objects.get()
    assert shipment.status == "FAILED" and "not serviceable" in shipment.last_error
    assert shipment.provider_shipment_id  # the Shiprocket order exists: a retry only asks for the AWB
    assert "failed (attempt 1)" in caplog.text

    shiprocket.awb_error = None
    from accounts.tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    booked = services.staff_create_shipment(order.pk, actor=staff)
    assert booked.status == "AWB_ASSIGNED" and booked.awb and booked.attempts == 2
    assert len(shiprocket.calls("POST", "/v1/external/orders/create/adhoc")) == 1
    order.refresh_from_db()
    packed = order.transitions.get(to_status="PACKED")
    assert order.status == "PACKED" and (packed.actor, packed.source) == (staff, "staff")


def test_booking_gives_up_after_the_attempt_limit(shiprocket, place, pay, settings):
    settings.SHIPPING_BOOKING_MAX_ATTEMPTS = 2
    shiprocket.fail_status = 503
    order = pay(place().pk)
    Order.objects.filter(pk=order.pk).update(paid_at=timezone.now() - timedelta(minutes=10))
    services.book_pending_shipments()
    services.book_pending_shipments()
    shipment = Shipment.objects.get()
    assert shipment.status == "FAILED" and shipment.attempts == 2
    order.refresh_from_db()
    assert order.needs_review and "booking failed 2 times" in order.review_reason


def test_tracking_error_is_logged_and_skipped(shiprocket, paid_order, caplog):
    shiprocket.fail_status = 500
    with caplog.at_level(logging.WARNING, logger="shipping.services"):
        assert services.sync_active_shipments() == 0
    assert "Tracking sync of AWB" in caplog.text
    assert Shipment.objects.get().last_synced_at is not None and Order.objects.get().status == "PACKED"


def test_cancelled_order_is_cancelled_at_shiprocket(
    shiprocket, paid_order, auth_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.post(f"/api/orders/{paid_order.pk}/cancel/")
    shipment = Shipment.objects.get()
    [(_, _, body, _)] = shiprocket.calls("POST", "/v1/external/orders/cancel")
    assert body == {"ids": [int(shipment.provider_order_id)]} and shipment.status == "CANCELLED"


def test_a_lost_parcel_reported_by_the_sync_flags_the_order(shiprocket, paid_order):
    shipment = Shipment.objects.get()
    age(shipment, 3600)
    shiprocket.scan(shipment.awb, 12, "LOST", datetime.now(IST).replace(microsecond=0) - timedelta(minutes=1))
    services.sync_active_shipments()
    order = Order.objects.get()
    assert Shipment.objects.get().status == "EXCEPTION" and order.needs_review and "LOST" in order.review_reason
