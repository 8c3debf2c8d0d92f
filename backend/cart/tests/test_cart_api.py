from decimal import Decimal

import pytest

from cart.models import Cart, CartItem
from conftest import client_for, refusal
from orders.tests.fixtures import add_to_cart
from tax.split import contained_tax

pytestmark = pytest.mark.django_db


def test_guest_cart_gets_a_token_and_is_found_by_it(api_client, variant):
    response = add_to_cart(api_client, variant, 2)
    assert response.status_code == 201
    token = response.json()["token"]
    assert token and response["X-Cart-Token"] == token
    again = api_client.get("/api/cart/", HTTP_X_CART_TOKEN=token).json()
    assert again["item_count"] == 2 and again["items"][0]["variant"]["sku"] == variant.sku
    # the cookie works as well as the header
    api_client.cookies["cart_token"] = token
    assert api_client.get("/api/cart/").json()["item_count"] == 2


def test_no_token_means_an_empty_cart_not_someone_elses(api_client, variant):
    add_to_cart(api_client, variant, 1)
    fresh = client_for_guest()
    body = fresh.get("/api/cart/").json()
    assert body["items"] == [] and body["token"] is None and body["can_checkout"] is False
    assert fresh.get("/api/cart/", HTTP_X_CART_TOKEN="not-a-uuid").json()["items"] == []


def client_for_guest():
    from rest_framework.test import APIClient

    return APIClient()


def test_totals_savings_gst_and_shipping(auth_client, make_variant, settings):
    settings.FREE_SHIPPING_THRESHOLD = Decimal("500.00")
    settings.SHIPPING_FEE = Decimal("49.00")
    cheap = make_variant(price=Decimal("199.00"), mrp=Decimal("249.00"), stock=5)
    add_to_cart(auth_client, cheap, 2)
    body = auth_client.get("/api/cart/").json()
    assert body["subtotal"] == "398.00"
    assert body["mrp_total"] == "498.00"
    assert body["savings"] == "100.00"
    assert body["shipping_fee"] == "49.00"
    assert body["total"] == "447.00"
    # GST is contained in the price, 398 × 18 / 118 = 60.71, and in the delivery charged with it (a composite
    # supply at the goods' rate), 49 × 18 / 118 = 7.47.
    assert str(contained_tax(Decimal("398.00"), Decimal("18"), "INR")) == "60.71"
    assert body["gst_total"] == "68.18"
    assert body["items"][0]["line_total"] == "398.00" and body["items"][0]["gst_rate"] == "18.00"
    add_to_cart(auth_client, cheap, 1)
    body = auth_client.get("/api/cart/").json()
    assert body["subtotal"] == "597.00" and body["shipping_fee"] == "0.00" and body["total"] == "597.00"


def test_gst_rate_comes_from_the_product(auth_client, make_variant):
    from catalog.tests.factories import ProductFactory

    charger = make_variant(
        product=ProductFactory(hsn_code="85044030", gst_rate=Decimal("28.00"), imei_required=False),
        price=Decimal("1280.00"),
        mrp=Decimal("1500.00"),
    )
    add_to_cart(auth_client, charger, 1)
    line = auth_client.get("/api/cart/").json()["items"][0]
    assert line["gst_rate"] == "28.00" and line["gst_amount"] == "280.00"


def test_prices_are_read_from_the_database_each_time(auth_client, variant):
    add_to_cart(auth_client, variant, 1)
    variant.price = Decimal("17999.00")
    variant.save()
    body = auth_client.get("/api/cart/").json()
    assert body["items"][0]["unit_price"] == "17999.00" and body["subtotal"] == "17999.00"


@pytest.mark.parametrize("quantity", [0, -1, 6])
def test_quantity_bounds_on_add(auth_client, variant, quantity):
    response = add_to_cart(auth_client, variant, quantity)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_quantity"
    assert not CartItem.objects.exists()


def test_per_order_maximum_is_a_setting(auth_client, variant, settings):
    settings.CART_MAX_QUANTITY_PER_ITEM = 2
    assert add_to_cart(auth_client, variant, 2).status_code == 201
    response = add_to_cart(auth_client, variant, 1)  # 3 in total
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_quantity"
    assert CartItem.objects.get().quantity == 2


def test_quantity_never_above_stock(auth_client, make_variant):
    scarce = make_variant(stock=2)
    response = add_to_cart(auth_client, scarce, 3)
    assert response.status_code == 409 and response.json()["error"]["code"] == "insufficient_stock"
    assert add_to_cart(auth_client, scarce, 2).status_code == 201
    item = CartItem.objects.get()
    response = auth_client.patch(f"/api/cart/items/{item.pk}/", {"quantity": 3}, format="json")
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.quantity == 2


def test_adding_again_raises_the_quantity(auth_client, variant):
    add_to_cart(auth_client, variant, 1)
    add_to_cart(auth_client, variant, 2)
    assert CartItem.objects.get().quantity == 3


def test_update_and_remove(auth_client, variant):
    add_to_cart(auth_client, variant, 1)
    item = CartItem.objects.get()
    response = auth_client.patch(f"/api/cart/items/{item.pk}/", {"quantity": 4}, format="json")
    assert response.status_code == 200 and response.json()["item_count"] == 4
    assert auth_client.patch(f"/api/cart/items/{item.pk}/", {"quantity": 0}, format="json").status_code == 400
    response = auth_client.delete(f"/api/cart/items/{item.pk}/")
    assert response.status_code == 200 and response.json()["items"] == []


def test_inactive_or_unknown_variant_cannot_be_added(auth_client, make_variant):
    gone = make_variant(is_active=False)
    assert add_to_cart(auth_client, gone, 1).status_code == 409
    response = auth_client.post("/api/cart/items/", {"variant": 999999, "quantity": 1}, format="json")
    assert response.status_code == 404
    assert not CartItem.objects.exists()


def test_another_users_cart_item_is_a_404(auth_client, other_user, variant):
    theirs = client_for(other_user)
    add_to_cart(theirs, variant, 1)
    item = CartItem.objects.get()
    assert auth_client.patch(f"/api/cart/items/{item.pk}/", {"quantity": 2}, format="json").status_code == 404
    assert auth_client.delete(f"/api/cart/items/{item.pk}/").status_code == 404
    item.refresh_from_db()
    assert item.quantity == 1


def test_a_guest_cannot_touch_a_users_cart_even_with_its_token(api_client, auth_client, variant):
    add_to_cart(auth_client, variant, 1)
    user_cart = Cart.objects.get(user=auth_client.user)
    item = CartItem.objects.get()
    assert api_client.get("/api/cart/", HTTP_X_CART_TOKEN=str(user_cart.token)).json()["items"] == []
    response = api_client.delete(f"/api/cart/items/{item.pk}/", HTTP_X_CART_TOKEN=str(user_cart.token))
    assert response.status_code == 404


def test_guest_cart_merged_on_sign_in_explicitly(api_client, auth_client, make_variant, settings):
    a, b = make_variant(stock=10), make_variant(stock=3)
    add_to_cart(auth_client, a, 2)
    token = add_to_cart(api_client, a, 2).json()["token"]
    add_to_cart(api_client, b, 3, token=token)
    response = auth_client.post("/api/cart/merge/", {"token": token}, format="json")
    assert response.status_code == 200
    quantities = {line["variant"]["id"]: line["quantity"] for line in response.json()["items"]}
    assert quantities == {a.pk: 4, b.pk: 3}
    assert response.json()["token"] is None
    assert not Cart.objects.filter(token=token).exists()
    # merging again is harmless
    assert auth_client.post("/api/cart/merge/", {"token": token}, format="json").json()["item_count"] == 7


def test_merge_caps_at_the_per_order_maximum_and_stock(api_client, auth_client, make_variant):
    a, b = make_variant(stock=10), make_variant(stock=4)
    add_to_cart(auth_client, a, 4)
    add_to_cart(auth_client, b, 3)
    token = add_to_cart(api_client, a, 4).json()["token"]
    add_to_cart(api_client, b, 3, token=token)
    merged = auth_client.post("/api/cart/merge/", {"token": token}, format="json").json()
    quantities = {line["variant"]["id"]: line["quantity"] for line in merged["items"]}
    assert quantities == {a.pk: 5, b.pk: 4}


def test_guest_cart_merged_when_a_signed_in_request_carries_the_token(api_client, auth_client, variant):
    token = add_to_cart(api_client, variant, 2).json()["token"]
    body = auth_client.get("/api/cart/", HTTP_X_CART_TOKEN=token).json()
    assert body["item_count"] == 2 and body["token"] is None
    assert Cart.objects.get(user=auth_client.user).items.count() == 1
    assert not Cart.objects.filter(user__isnull=True).exists()


def test_merge_needs_sign_in(api_client, variant):
    token = add_to_cart(api_client, variant, 1).json()["token"]
    assert api_client.post("/api/cart/merge/", {"token": token}, format="json").status_code == 401


@pytest.mark.parametrize(
    ("path", "body"), [("/api/cart/merge/", {"token": 12345}), ("/api/cart/coupon/", {"code": 500})]
)
def test_numbers_are_not_taken_for_a_token_or_a_code(auth_client, path, body):
    """DRF would make a UUID of an integer and a string of a number: a JSON string is required."""
    response = auth_client.post(path, body, format="json")
    assert set(refusal(response, 400)["fields"]) == set(body)
    assert auth_client.get("/api/cart/").json()["coupon"] is None


def test_out_of_stock_line_is_shown_and_blocks_checkout(auth_client, variant):
    add_to_cart(auth_client, variant, 2)
    variant.stock = 1
    variant.save()
    body = auth_client.get("/api/cart/").json()
    assert body["items"][0]["in_stock"] is False and body["items"][0]["max_quantity"] == 1
    assert body["can_checkout"] is False


def test_cart_read_query_count_does_not_grow_with_lines(auth_client, make_variant, django_assert_max_num_queries):
    for _ in range(4):
        add_to_cart(auth_client, make_variant(), 1)
    with django_assert_max_num_queries(6):
        assert auth_client.get("/api/cart/").json()["item_count"] == 4


def test_stale_guest_carts_are_purged(api_client, variant):
    from datetime import timedelta

    from django.utils import timezone

    from cart.tasks import purge_stale_guest_carts

    add_to_cart(api_client, variant, 1)
    Cart.objects.update(updated_at=timezone.now() - timedelta(days=31))
    assert purge_stale_guest_carts.apply().get() == 2  # the cart and its item
    assert not Cart.objects.exists()


def test_a_line_carries_its_picture_and_the_pictures_size(auth_client, make_variant):
    from catalog.tests.factories import ProductImageFactory

    pictured, bare = make_variant(color="Blue"), make_variant()
    ProductImageFactory(product=pictured.product)  # 400 × 800
    add_to_cart(auth_client, pictured, 1)
    add_to_cart(auth_client, bare, 1)
    lines = {line["variant"]["id"]: line["variant"] for line in auth_client.get("/api/cart/").json()["items"]}
    assert "/media/products/" in lines[pictured.pk]["image"]
    assert (lines[pictured.pk]["image_width"], lines[pictured.pk]["image_height"]) == (400, 800)
    assert (lines[bare.pk]["image"], lines[bare.pk]["image_width"], lines[bare.pk]["image_height"]) == (
        None,
        None,
        None,
    )
