from decimal import Decimal

import pytest

from cart.models import CartItem
from catalog.models import ProductVariant
from conftest import client_for
from orders.models import Order, OrderItem, OrderTransition
from orders.tests.fixtures import INLINE_ADDRESS, add_to_cart, checkout

pytestmark = pytest.mark.django_db


def nothing_created():
    return not Order.objects.exists() and not OrderItem.objects.exists() and not OrderTransition.objects.exists()


def test_checkout_snapshots_and_server_totals(auth_client, make_variant, dev_gateway, settings):
    settings.FREE_SHIPPING_THRESHOLD = Decimal("100000.00")
    settings.SHIPPING_FEE = Decimal("99.00")
    a = make_variant(price=Decimal("10000.00"), mrp=Decimal("12000.00"), color="Blue", stock=5)
    b = make_variant(price=Decimal("590.00"), mrp=Decimal("590.00"), stock=5)
    add_to_cart(auth_client, a, 2)
    add_to_cart(auth_client, b, 1)
    response = checkout(auth_client, address=INLINE_ADDRESS)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["subtotal"] == "20590.00" and body["shipping_fee"] == "99.00" and body["total"] == "20689.00"
    assert body["savings"] == "4000.00" and body["mrp_total"] == "24590.00"
    # 20000×18/118 = 3050.85 + 590×18/118 = 90.00 + delivery at the goods' rate 99×18/118 = 15.10
    assert body["tax_total"] == "3155.95"
    assert body["shipping_address"]["pincode"] == "700016" and body["shipping_address"]["city"] == "Kolkata"
    assert body["charge"] is None  # nothing paid yet
    first = OrderItem.objects.get(sku=a.sku)
    assert (first.product_title, first.unit_price, first.quantity, first.tax_amount) == (
        a.product.title,
        Decimal("10000.00"),
        2,
        Decimal("3050.85"),
    )
    assert first.variant_label == "8 GB RAM / 128 GB, Blue"
    order = Order.objects.get()
    assert order.reserved_until is not None and order.stock_reserved
    assert ProductVariant.objects.get(pk=a.pk).stock == 3 and ProductVariant.objects.get(pk=b.pk).stock == 4
    assert not CartItem.objects.exists()
    # a later price change does not touch the order
    a.price = Decimal("5000.00")
    a.save()
    assert auth_client.get(f"/api/orders/{order.pk}/").json()["total"] == "20689.00"


def test_the_client_cannot_set_prices(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    response = auth_client.post(
        "/api/checkout/",
        {"payment_method": "dev", "address": INLINE_ADDRESS, "total": "1.00", "unit_price": "1.00"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"total", "unit_price"}
    assert nothing_created()
    assert checkout(auth_client).json()["total"] == "19999.00"


def test_empty_cart_is_refused(auth_client, dev_gateway):
    response = checkout(auth_client)
    assert response.status_code == 400 and response.json()["error"]["code"] == "cart_empty"
    assert nothing_created()


def test_out_of_stock_line_is_refused_and_nothing_changes(auth_client, make_variant, dev_gateway):
    a, b = make_variant(stock=5), make_variant(stock=2)
    add_to_cart(auth_client, a, 1)
    add_to_cart(auth_client, b, 2)
    ProductVariant.objects.filter(pk=b.pk).update(stock=1)  # sold elsewhere meanwhile
    response = checkout(auth_client)
    assert response.status_code == 409 and response.json()["error"]["code"] == "out_of_stock"
    assert f"items.{b.pk}" in response.json()["error"]["fields"]
    assert nothing_created()
    assert ProductVariant.objects.get(pk=a.pk).stock == 5 and ProductVariant.objects.get(pk=b.pk).stock == 1
    assert CartItem.objects.count() == 2


def test_inactive_variant_is_refused(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    ProductVariant.objects.filter(pk=variant.pk).update(is_active=False)
    response = checkout(auth_client)
    assert response.status_code == 409 and response.json()["error"]["code"] == "variant_unavailable"
    assert nothing_created()
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10


def test_someone_elses_address_is_refused(auth_client, other_user, variant, dev_gateway):
    from accounts.tests.factories import AddressFactory

    theirs = AddressFactory(user=other_user)
    add_to_cart(auth_client, variant, 1)
    response = checkout(auth_client, address_id=theirs.pk)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_address"
    assert nothing_created()
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10


def test_inline_address_is_validated(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    response = checkout(auth_client, address={**INLINE_ADDRESS, "pincode": "012345"})
    assert response.status_code == 400 and "address.pincode" in response.json()["error"]["fields"]
    response = auth_client.post("/api/checkout/", {"payment_method": "dev"}, format="json")
    assert response.status_code == 400
    assert nothing_created()


def test_only_configured_payment_methods(auth_client, variant, settings):
    settings.PAYMENTS_DEV_GATEWAY = False
    settings.RAZORPAY_KEY_ID = settings.RAZORPAY_KEY_SECRET = ""
    settings.COD_ENABLED = False
    add_to_cart(auth_client, variant, 1)
    assert auth_client.get("/api/checkout/options/").json()["payment_methods"] == []
    for method in ("dev", "razorpay", "stripe", "cash", "cod"):
        response = checkout(auth_client, method=method)
        assert response.status_code == 400 and response.json()["error"]["code"] == "payment_method_unavailable"
    assert nothing_created()


def test_checkout_needs_sign_in(api_client, dev_gateway):
    assert checkout(api_client).status_code == 401


def test_same_idempotency_key_returns_the_same_order_and_reserves_once(auth_client, variant, address, dev_gateway):
    add_to_cart(auth_client, variant, 2)
    first = checkout(auth_client, address_id=address.pk, key="key-1")
    assert first.status_code == 201
    again = checkout(auth_client, address_id=address.pk, key="key-1")  # the cart is now empty: a retry
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Order.objects.count() == 1
    assert ProductVariant.objects.get(pk=variant.pk).stock == 8


def test_same_key_with_a_different_cart_is_refused(auth_client, make_variant, address, dev_gateway):
    a, b = make_variant(), make_variant()
    add_to_cart(auth_client, a, 1)
    assert checkout(auth_client, address_id=address.pk, key="key-2").status_code == 201
    add_to_cart(auth_client, b, 1)
    response = checkout(auth_client, address_id=address.pk, key="key-2")
    assert response.status_code == 422 and response.json()["error"]["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1 and CartItem.objects.count() == 1
    assert ProductVariant.objects.get(pk=b.pk).stock == 10


def test_same_key_with_a_different_address_is_refused(auth_client, variant, address, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    assert checkout(auth_client, address_id=address.pk, key="key-3").status_code == 201
    response = checkout(auth_client, address=INLINE_ADDRESS, key="key-3")
    assert response.status_code == 422


def test_keys_belong_to_their_user(auth_client, other_user, variant, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    mine = checkout(auth_client, key="shared-key").json()["id"]
    theirs = client_for(other_user)
    add_to_cart(theirs, variant, 1)
    response = checkout(theirs, key="shared-key")
    assert response.status_code == 201 and response.json()["id"] != mine


def test_the_checkout_answer_is_the_order_as_read_back(auth_client, make_variant, address, dev_gateway):
    """Checkout answers from the rows it wrote, not a second read: the same document the order's own page shows."""
    add_to_cart(auth_client, make_variant(), 1)
    add_to_cart(auth_client, make_variant(price=Decimal("1234.50"), mrp=Decimal("1500.00")), 3)
    placed = checkout(auth_client, address_id=address.pk, key="read-back")
    assert placed.status_code == 201
    again = auth_client.get(f"/api/orders/{placed.json()['id']}/")
    assert again.status_code == 200 and placed.json() == again.json()
    assert [item["quantity"] for item in placed.json()["items"]] == [1, 3]


def test_checkout_query_count_is_fixed(
    auth_client, make_variant, address, dev_gateway, django_assert_max_num_queries, django_assert_num_queries, user
):
    """The checkout's SQL is a fixed number of statements, whatever the number of lines."""
    for _ in range(1):
        add_to_cart(auth_client, make_variant(), 1)
    with django_assert_max_num_queries(CHECKOUT_QUERIES) as one_line:
        assert checkout(auth_client, address_id=address.pk, key="q-1").status_code == 201
    count = len(one_line)
    for _ in range(4):
        add_to_cart(auth_client, make_variant(), 2)
    with django_assert_num_queries(count):
        assert checkout(auth_client, address_id=address.pk, key="q-2").status_code == 201
    print(f"checkout SQL statements (request included): {count}")


# The whole request: JWT user lookup (1); the checkout transaction (10: cart lock, cart lines, key lookup,
# address, variant locks, insert order, insert items, one stock UPDATE, transition, clear cart) inside a
# savepoint pair (2, under the test's transaction). The answer is made from the rows written: no re-read (was 19:
# the order, items, units, payments and history read back, and the stock read again before its UPDATE).
CHECKOUT_QUERIES = 13


def test_orders_are_own_only(auth_client, other_user, variant, dev_gateway):
    theirs = client_for(other_user)
    add_to_cart(theirs, variant, 1)
    order_id = checkout(theirs).json()["id"]
    assert auth_client.get(f"/api/orders/{order_id}/").status_code == 404
    assert auth_client.post(f"/api/orders/{order_id}/cancel/").status_code == 404
    assert auth_client.get("/api/orders/").json()["count"] == 0
    assert Order.objects.get().status == "PENDING_PAYMENT"
    assert auth_client.get("/api/orders/99999/").status_code == 404


def test_order_list_filters_by_status(auth_client, variant, dev_gateway):
    add_to_cart(auth_client, variant, 1)
    checkout(auth_client)
    assert auth_client.get("/api/orders/?status=PAID").json()["count"] == 0
    assert auth_client.get("/api/orders/?status=PENDING_PAYMENT").json()["count"] == 1
    assert auth_client.get("/api/orders/?status=nope").status_code == 400


def test_orders_need_sign_in(api_client):
    assert api_client.get("/api/orders/").status_code == 401


@pytest.mark.parametrize("by_id", [True, False])
def test_a_repeat_after_a_phone_of_the_order_was_deleted_still_answers(
    auth_client, make_variant, address, dev_gateway, by_id
):
    kept, gone = make_variant(), make_variant()
    add_to_cart(auth_client, kept, 1)
    add_to_cart(auth_client, gone, 1)
    target = {"address_id": address.pk} if by_id else {"address": INLINE_ADDRESS}
    first = checkout(auth_client, key="key-deleted", **target)
    assert first.status_code == 201
    ProductVariant.objects.filter(pk=gone.pk).delete()  # the order's line keeps its snapshot, variant NULL

    again = checkout(auth_client, key="key-deleted", **target)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other = {"address": INLINE_ADDRESS} if by_id else {"address": {**INLINE_ADDRESS, "pincode": "700017"}}
    refused = checkout(auth_client, key="key-deleted", **other)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "idempotency_key_reused"
