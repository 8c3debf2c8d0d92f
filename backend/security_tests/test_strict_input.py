"""Request bodies are strict on every shopper endpoint: a key the endpoint does not take, or a number where
a string belongs, is a 400 that names the field, and nothing changes. (A typo such as "quantiy" must not
pass for a request that did what it asked.)"""

import pytest

from cart.models import CartItem
from catalog.models import Review
from catalog.tests.factories import ProductFactory
from conftest import client_for
from orders.models import Order
from orders.tests.fixtures import INLINE_ADDRESS, add_to_cart
from payments.models import Payment
from staff.tests.factories import customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper():
    return client_for(customer(email="shopper@example.in"))


def _refused(response, field):
    assert response.status_code == 400, response.content
    fields = response.json()["error"]["fields"]
    assert field in fields, fields
    return fields


def test_adding_to_the_cart_refuses_an_unknown_key(shopper, variant):
    response = shopper.post("/api/cart/items/", {"variant": variant.pk, "quantiy": 3}, format="json")
    _refused(response, "quantiy")
    assert not CartItem.objects.exists()


def test_changing_a_cart_line_refuses_an_unknown_key(shopper, variant):
    item_id = add_to_cart(shopper, variant, 1).json()["items"][0]["id"]
    response = shopper.patch(f"/api/cart/items/{item_id}/", {"quantity": 2, "price": "1.00"}, format="json")
    _refused(response, "price")
    assert CartItem.objects.get(pk=item_id).quantity == 1


def test_checkout_refuses_unknown_keys_at_both_levels(shopper, variant, dev_gateway):
    add_to_cart(shopper, variant, 1)
    response = shopper.post(
        "/api/checkout/", {"address": INLINE_ADDRESS, "payment_method": "dev", "total": "1.00"}, format="json"
    )
    _refused(response, "total")
    response = shopper.post(
        "/api/checkout/", {"address": {**INLINE_ADDRESS, "gstin": "X"}, "payment_method": "dev"}, format="json"
    )
    _refused(response, "address.gstin")
    assert not Order.objects.exists()


def test_checkout_refuses_a_number_for_a_pincode(shopper, variant, dev_gateway):
    add_to_cart(shopper, variant, 1)
    response = shopper.post(
        "/api/checkout/", {"address": {**INLINE_ADDRESS, "pincode": 700016}, "payment_method": "dev"}, format="json"
    )
    _refused(response, "address.pincode")
    assert not Order.objects.exists()


def test_payment_bodies_refuse_unknown_keys(shopper, variant, dev_gateway):
    add_to_cart(shopper, variant, 1)
    order_id = shopper.post(
        "/api/checkout/", {"address": INLINE_ADDRESS, "payment_method": "dev"}, format="json"
    ).json()["id"]
    _refused(shopper.post("/api/payments/dev/confirm/", {"order_id": order_id, "amount": 1}, format="json"), "amount")
    _refused(
        shopper.post(
            "/api/payments/razorpay/verify/",
            {
                "razorpay_order_id": "order_X",
                "razorpay_payment_id": "pay_X",
                "razorpay_signature": "0" * 64,
                "status": "paid",
            },
            format="json",
        ),
        "status",
    )
    assert not Payment.objects.exists()
    assert Order.objects.get(pk=order_id).status == "PENDING_PAYMENT"


def test_a_review_refuses_read_only_and_unknown_keys(shopper):
    product = ProductFactory()
    url = f"/api/products/{product.slug}/reviews/"
    response = shopper.post(url, {"rating": 5, "title": "Great", "author": "Someone else"}, format="json")
    assert _refused(response, "author")["author"] == ["This field cannot be changed here."]
    _refused(shopper.post(url, {"rating": 5, "title": "Great", "verified": True}, format="json"), "verified")
    _refused(shopper.post(url, {"rating": 5, "title": 12345}, format="json"), "title")
    assert not Review.objects.exists()
