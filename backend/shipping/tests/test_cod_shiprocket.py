"""Cash on delivery at Shiprocket: its serviceability check asked with cod=1, behind the carrier's breaker."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from payments.cod_services import cod_offer
from shipping.providers.shiprocket import ShiprocketProvider

pytestmark = pytest.mark.django_db


def test_a_courier_with_cod_1_means_cod(shiprocket):
    assert ShiprocketProvider().cod_available("700016") is True
    _, path, _, query = shiprocket.requests[-1]
    assert path == "/v1/external/courier/serviceability" and query["cod"] == "1"


def test_no_courier_collecting_cash_or_none_at_all_means_no_cod(shiprocket):
    shiprocket.no_cod.add("700016")
    shiprocket.unserviceable.add("110001")
    assert ShiprocketProvider().cod_available("700016") is False
    assert ShiprocketProvider().cod_available("110001") is False


def test_the_offer_asks_shiprocket_and_a_failing_carrier_is_carrier_unavailable(shiprocket, user, settings):
    settings.COD_FEE = Decimal("0")
    cache.clear()
    shiprocket.no_cod.add("400001")
    assert cod_offer(user, Decimal("1000"), "700016") == (True, [])
    assert [r["code"] for r in cod_offer(user, Decimal("1000"), "400001")[1]] == ["pincode_not_serviceable"]
    shiprocket.fail_status = 503
    assert [r["code"] for r in cod_offer(user, Decimal("1000"), "560002")[1]] == ["carrier_unavailable"]


def test_a_confirmed_cod_order_is_booked_as_cod_with_the_amount_to_collect(
    shiprocket, msg91, settings, auth_client, variant, commit
):

    from orders.models import Order
    from orders.tests.fixtures import add_to_cart, checkout

    settings.COD_ENABLED = True
    settings.COD_FEE = Decimal("49")
    add_to_cart(auth_client, variant, 1)
    with commit():
        response = checkout(auth_client, method="cod")
    assert response.status_code == 201, response.content
    order = Order.objects.get(pk=response.json()["id"])
    code = msg91.sent[-1]["variables"]["otp"]

    with commit():
        response = auth_client.post(f"/api/orders/{order.pk}/cod/confirm/", {"code": code}, format="json")
    assert response.status_code == 200

    [booked] = shiprocket.orders.values()
    body = booked["body"]
    assert body["payment_method"] == "COD" and body["sub_total"] == "20048.00" == str(order.total)
    assert body["shipping_charges"] == body["transaction_charges"] == body["total_discount"] == "0"
    order.refresh_from_db()
    assert order.status == "PACKED"
