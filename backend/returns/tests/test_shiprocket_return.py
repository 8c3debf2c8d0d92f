"""The reverse pickup through Shiprocket's return order API, against the local stand-in."""

import pytest

from returns.models import ReturnRequest
from returns.services import book_pickup
from returns.tests.test_returns import ask, paid_by_dev, returns_settings, units_of  # noqa: F401
from shipping.tests.conftest import shiprocket  # noqa: F401

pytestmark = pytest.mark.django_db


def test_approval_books_a_return_order_at_shiprocket(auth_client, phone, commit, shiprocket, settings):  # noqa: F811
    settings.SELLER_ADDRESS, settings.SELLER_PHONE = "12 MG Road, Bengaluru", "8041234567"
    order = paid_by_dev(auth_client, phone, commit)
    with commit():
        rid = ask(auth_client, order, units_of(order)[:1]).json()["id"]
    ReturnRequest.objects.filter(pk=rid).update(status="approved")
    assert book_pickup(rid) == "booked"
    [(_, _, body, _)] = [r for r in shiprocket.requests if r[1] == "/v1/external/orders/create/return"]
    address = order.shipping_address
    assert body["order_id"] == f"PS{order.pk:08d}-R{rid}" and body["payment_method"] == "Prepaid"
    assert body["pickup_pincode"] == address["pincode"] and body["pickup_city"] == address["city"]
    assert body["shipping_pincode"] == settings.SHIPPING_ORIGIN_PINCODE
    assert [(i["sku"], i["units"]) for i in body["order_items"]] == [(phone.sku, 1)]
    [(_, _, awb, _)] = [r for r in shiprocket.requests if r[1] == "/v1/external/courier/assign/awb"]
    assert awb["is_return"] == 1
    request = ReturnRequest.objects.get(pk=rid)
    assert request.status == "pickup_scheduled" and request.pickup_awb and request.pickup_provider == "shiprocket"
