"""The whole journey through the API with the dev gateway: cart → checkout → pay → order PAID."""

from decimal import Decimal

import pytest

from orders.models import Order
from orders.tests.fixtures import add_to_cart, checkout

pytestmark = pytest.mark.django_db


def test_cart_checkout_pay_paid(auth_client, variant, address, dev_gateway):
    assert add_to_cart(auth_client, variant, 2).status_code == 201
    cart = auth_client.get("/api/cart/").json()
    assert cart["subtotal"] == "39998.00" and cart["shipping_fee"] == "0.00"

    options = auth_client.get("/api/checkout/options/").json()
    assert [m["code"] for m in options["payment_methods"]] == ["dev"]

    response = checkout(auth_client, address_id=address.pk)
    assert response.status_code == 201, response.json()
    order = response.json()
    assert order["status"] == "PENDING_PAYMENT"
    assert order["total"] == "39998.00"
    assert order["items"][0]["sku"] == variant.sku and order["items"][0]["quantity"] == 2
    variant.refresh_from_db()
    assert variant.stock == 8
    assert auth_client.get("/api/cart/").json()["items"] == []

    paid = auth_client.post("/api/payments/dev/confirm/", {"order_id": order["id"]}, format="json")
    assert paid.status_code == 200, paid.json()
    assert paid.json()["status"] == "PAID" and paid.json()["order_status"] == "PAID"

    detail = auth_client.get(f"/api/orders/{order['id']}/").json()
    assert detail["status"] == "PAID"
    assert [(h["from_status"], h["to_status"]) for h in detail["history"]] == [
        ("", "PENDING_PAYMENT"),
        ("PENDING_PAYMENT", "PAID"),
    ]
    listing = auth_client.get("/api/orders/").json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == order["id"]
    assert Order.objects.get().total == Decimal("39998.00")
