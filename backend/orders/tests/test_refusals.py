"""Every refusal of checkout and the shopper's order endpoints, answered whole: status, code, message and
fields."""

import pytest

from accounts.tests.factories import AddressFactory
from catalog.models import ProductVariant
from conftest import client_for, refusal
from orders.models import Order, OrderStatus
from orders.tests.fixtures import add_to_cart, checkout

pytestmark = pytest.mark.django_db


def test_a_payment_method_not_offered(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant)
    assert refusal(checkout(auth_client, method="cash"), 400) == {
        "code": "payment_method_unavailable",
        "message": "This payment method is not available.",
        "fields": {"payment_method": ["Choose one of: dev."]},
    }


def test_an_empty_cart(auth_client, dev_gateway):
    assert refusal(checkout(auth_client), 400) == {"code": "cart_empty", "message": "Your cart is empty.", "fields": {}}


def test_an_address_of_someone_else(auth_client, other_user, variant, dev_gateway):
    add_to_cart(auth_client, variant)
    assert refusal(checkout(auth_client, address_id=AddressFactory(user=other_user).pk), 400) == {
        "code": "invalid_address",
        "message": "Choose one of your saved addresses.",
        "fields": {"address_id": ["No such address in your address book."]},
    }


def test_lines_out_of_stock(auth_client, make_variant, dev_gateway):
    scarce, gone = make_variant(stock=3, sku="SCARCE"), make_variant(stock=3, sku="GONE")
    add_to_cart(auth_client, scarce, 2)
    add_to_cart(auth_client, gone, 1)
    ProductVariant.objects.filter(pk=scarce.pk).update(stock=1)
    ProductVariant.objects.filter(pk=gone.pk).update(stock=0)
    assert refusal(checkout(auth_client), 409) == {
        "code": "out_of_stock",
        "message": "Some phones in your cart are out of stock.",
        "fields": {f"items.{scarce.pk}": ["Only 1 of SCARCE left."], f"items.{gone.pk}": ["GONE is out of stock."]},
    }


def test_a_line_no_longer_sold_names_the_whole_refusal(auth_client, make_variant, dev_gateway):
    scarce, retired = make_variant(stock=3, sku="SCARCE"), make_variant(sku="RETIRED")
    add_to_cart(auth_client, scarce, 2)
    add_to_cart(auth_client, retired, 1)
    ProductVariant.objects.filter(pk=scarce.pk).update(stock=1)
    ProductVariant.objects.filter(pk=retired.pk).update(is_active=False)
    assert refusal(checkout(auth_client), 409) == {
        "code": "variant_unavailable",
        "message": "Some phones in your cart are no longer sold.",
        "fields": {
            f"items.{scarce.pk}": ["Only 1 of SCARCE left."],
            f"items.{retired.pk}": ["RETIRED is no longer sold."],
        },
    }


def test_an_idempotency_key_reused_for_another_checkout(auth_client, make_variant, dev_gateway):
    add_to_cart(auth_client, make_variant())
    assert checkout(auth_client, key="key-1").status_code == 201
    add_to_cart(auth_client, make_variant())
    assert refusal(checkout(auth_client, key="key-1"), 422) == {
        "code": "idempotency_key_reused",
        "message": "This Idempotency-Key was used for a different checkout.",
        "fields": {},
    }


def test_an_idempotency_key_too_long(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant)
    assert refusal(checkout(auth_client, key="k" * 256), 400) == {
        "code": "invalid_idempotency_key",
        "message": "Idempotency-Key is at most 255 characters.",
        "fields": {},
    }


def test_an_unknown_status_filter(auth_client):
    assert refusal(auth_client.get("/api/orders/", {"status": "LOST"}), 400) == {
        "code": "invalid",
        "message": "Unknown order status.",
        "fields": {"status": [f"One of {', '.join(OrderStatus.values)}."]},
    }


def test_cancelling_an_order_of_someone_else_or_a_shipped_one(auth_client, other_user, variant, dev_gateway):
    theirs = client_for(other_user)
    add_to_cart(theirs, variant)
    order = Order.objects.get(pk=checkout(theirs).json()["id"])
    assert refusal(auth_client.post(f"/api/orders/{order.pk}/cancel/"), 404) == {
        "code": "not_found",
        "message": "No such order.",
        "fields": {},
    }
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED)
    assert refusal(theirs.post(f"/api/orders/{order.pk}/cancel/"), 409) == {
        "code": "not_cancellable",
        "message": "This order can no longer be cancelled.",
        "fields": {},
    }


def test_checkout_options_refuse_a_pincode_longer_than_one(api_client):
    response = api_client.get("/api/checkout/options/", {"pincode": "0000000"})
    assert set(refusal(response, 400)["fields"]) == {"pincode"}
