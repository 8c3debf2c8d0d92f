"""Applying a coupon to the cart: each refusal with its code and message, spelling, the validity window in
Indian time, restrictions, re-checking on every read, guests, and the rate limit on guessing."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cart.models import Cart
from cart.pricing import price_lines
from catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory, VariantFactory
from conftest import client_for, refusal
from core.errors import ApplicationError
from coupons import services
from coupons.tests.factories import make_coupon
from orders.tests.fixtures import add_to_cart

IST = ZoneInfo("Asia/Kolkata")
pytestmark = pytest.mark.django_db


def apply(client, code, token=None):
    headers = {"HTTP_X_CART_TOKEN": str(token)} if token else {}
    return client.post("/api/cart/coupon/", {"code": code}, format="json", **headers)


@pytest.fixture
def cart_of(auth_client, variant):
    """The signed-in shopper's cart with 2 × ₹19,999 (₹39,998)."""
    assert add_to_cart(auth_client, variant, 2).status_code == 201
    return auth_client


def test_a_percent_coupon_is_applied_in_any_spelling_and_shown_per_line_and_in_total(cart_of):
    make_coupon("WELCOME10", value=Decimal("10"), max_discount=Decimal("2000"), description="10% off")
    response = apply(cart_of, "  welcome10 ")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["coupon"] == {
        "code": "WELCOME10",
        "applied": True,
        "discount": "2000.00",  # 10% of ₹39,998 is ₹3,999.80, capped at ₹2,000
        "message": "You save ₹2,000: 10% off",
        "error_code": None,
    }
    assert body["discount_total"] == "2000.00"
    assert body["items"][0]["discount"] == "2000.00"
    assert body["subtotal"] == "39998.00" and body["total"] == "37998.00"
    # GST is on what is paid: 18% inside ₹37,998
    assert body["gst_total"] == "5796.31"
    assert Cart.objects.get().coupon_code == "WELCOME10"


def test_removing_the_coupon_restores_the_price(cart_of):
    make_coupon("FLAT500", kind="flat", value=Decimal("500"))
    apply(cart_of, "FLAT500")
    body = cart_of.delete("/api/cart/coupon/").json()
    assert body["coupon"] is None and body["discount_total"] == "0.00" and body["total"] == "39998.00"


@pytest.mark.parametrize(
    ("setup", "code", "message"),
    [
        ({}, "coupon_not_found", "This coupon code is not valid."),
        ({"is_active": False}, "coupon_inactive", "This coupon is no longer offered."),
        (
            {"valid_from": datetime(2099, 1, 1, tzinfo=IST)},
            "coupon_not_started",
            "This coupon can be used from 01 Jan 2099, 00:00.",
        ),
        ({"valid_until": timezone.now() - timedelta(seconds=1)}, "coupon_expired", "This coupon has expired."),
        ({"min_subtotal": Decimal("50000")}, "coupon_min_subtotal", "This coupon needs a cart of ₹50,000 or more."),
        ({"brand": "other"}, "coupon_not_applicable", "This coupon does not apply to Oppo products."),
    ],
)
def test_each_refusal_has_its_code_and_a_message_to_show(cart_of, setup, code, message):
    if setup.get("brand") == "other":
        setup = {"brand": BrandFactory(name="Oppo")}
    if code != "coupon_not_found":
        make_coupon("TRYME", **setup)
    error = refusal(apply(cart_of, "TRYME"), 400)
    assert (error["code"], error["message"]) == (code, message)
    assert Cart.objects.get().coupon_code == ""


def test_used_up_and_already_used(dev_gateway, cart_of, user, other_user, variant):
    from orders.tests.fixtures import checkout

    coupon = make_coupon("ONCE", max_uses=1)
    other = client_for(other_user)
    add_to_cart(other, variant, 1)
    assert apply(other, "ONCE").status_code == 200
    assert checkout(other).status_code == 201
    assert refusal(apply(cart_of, "ONCE"), 409)["code"] == "coupon_used_up"

    coupon.max_uses = None
    coupon.save()
    assert refusal(apply(other, "once"), 400)["code"] == "coupon_already_used"  # one use per shopper


def test_the_window_is_inclusive_from_and_exclusive_until_in_indian_time(variant):
    start = datetime(2026, 12, 1, 0, 0, tzinfo=IST)  # midnight in India: 30 Nov 18:30 UTC
    end = datetime(2026, 12, 31, 23, 59, 59, tzinfo=IST)
    coupon = make_coupon("DEC", valid_from=start, valid_until=end)
    priced = price_lines([(variant, 1)])
    tick = timedelta(microseconds=1)
    with pytest.raises(ApplicationError) as early:
        services.check(coupon, priced, now=start - tick)
    assert early.value.code == "coupon_not_started"
    assert services.check(coupon, priced, now=start)  # from midnight IST
    assert services.check(coupon, priced, now=end - tick)
    with pytest.raises(ApplicationError) as late:
        services.check(coupon, priced, now=end)
    assert late.value.code == "coupon_expired"


def test_a_brand_coupon_spreads_over_that_brands_lines_only(auth_client, category):
    samsung, apple = BrandFactory(name="Samsung"), BrandFactory(name="Apple")
    s1 = VariantFactory(product=ProductFactory(brand=samsung, category=category), price=Decimal("10000"), stock=5)
    s2 = VariantFactory(
        product=ProductFactory(brand=samsung, category=category), price=Decimal("20000"), mrp=Decimal("20000"), stock=5
    )
    a1 = VariantFactory(
        product=ProductFactory(brand=apple, category=category), price=Decimal("70000"), mrp=Decimal("70000"), stock=5
    )
    for v in (s1, a1, s2):
        add_to_cart(auth_client, v, 1)
    make_coupon("SAMSUNG", kind="flat", value=Decimal("1000"), brand=samsung, min_subtotal=Decimal("30000"))
    body = apply(auth_client, "samsung").json()
    by_sku = {line["variant"]["sku"]: line["discount"] for line in body["items"]}
    assert by_sku == {s1.sku: "333.33", a1.sku: "0.00", s2.sku: "666.67"}
    assert body["discount_total"] == "1000.00"


def test_a_category_coupon_covers_the_category_and_below(auth_client):
    phones = CategoryFactory(name="Phones", slug="phones")
    android = CategoryFactory(name="Android", slug="android", parent=phones)
    cases = CategoryFactory(name="Cases", slug="cases")
    inside = VariantFactory(product=ProductFactory(category=android), price=Decimal("15000"), stock=5)
    outside = VariantFactory(product=ProductFactory(category=cases), price=Decimal("500"), stock=5)
    add_to_cart(auth_client, inside, 1)
    add_to_cart(auth_client, outside, 1)
    make_coupon("PHONES5", value=Decimal("5"), category=phones)
    body = apply(auth_client, "PHONES5").json()
    assert [line["discount"] for line in body["items"]] == ["750.00", "0.00"]


def test_a_coupon_that_stops_applying_is_dropped_from_the_cart_with_a_message(cart_of, variant):
    make_coupon("BIG", kind="flat", value=Decimal("500"), min_subtotal=Decimal("30000"))
    apply(cart_of, "BIG")
    item = cart_of.get("/api/cart/").json()["items"][0]["id"]
    body = cart_of.patch(f"/api/cart/items/{item}/", {"quantity": 1}, format="json").json()
    assert body["coupon"] == {
        "code": "BIG",
        "applied": False,
        "discount": "0.00",
        "message": "This coupon needs a cart of ₹30,000 or more.",
        "error_code": "coupon_min_subtotal",
    }
    assert body["discount_total"] == "0.00" and body["total"] == "19999.00"
    cart_of.patch(f"/api/cart/items/{item}/", {"quantity": 2}, format="json")
    assert cart_of.get("/api/cart/").json()["coupon"]["applied"] is True  # applies again


def test_free_shipping_compares_the_discounted_subtotal(settings, auth_client, make_variant):
    settings.FREE_SHIPPING_THRESHOLD = Decimal("10000")
    add_to_cart(auth_client, make_variant(price=Decimal("10400"), stock=3), 1)
    assert auth_client.get("/api/cart/").json()["shipping_fee"] == "0.00"
    make_coupon("FLAT500", kind="flat", value=Decimal("500"))
    body = apply(auth_client, "FLAT500").json()
    assert body["shipping_fee"] == str(settings.SHIPPING_FEE.quantize(Decimal("0.01")))
    assert Decimal(body["total"]) == Decimal("9900") + settings.SHIPPING_FEE


def test_guests_apply_coupons_and_keep_them_when_signing_in(api_client, user, variant):
    make_coupon("GUEST", kind="flat", value=Decimal("100"))
    token = add_to_cart(api_client, variant, 1).json()["token"]
    assert apply(api_client, "GUEST", token=token).json()["coupon"]["applied"] is True
    signed_in = client_for(user)
    body = signed_in.post("/api/cart/merge/", {"token": token}, format="json").json()
    assert body["coupon"]["code"] == "GUEST" and body["discount_total"] == "100.00"


def test_guessing_codes_is_rate_limited_per_shopper(settings, cart_of):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "coupon_apply_user": "3/h"}
    for _ in range(3):
        assert apply(cart_of, "GUESS").status_code == 400
    assert refusal(apply(cart_of, "GUESS"), 429)["code"] == "throttled"


def test_guessing_codes_is_rate_limited_per_ip(settings, user, other_user, variant):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "coupon_apply_ip": "4/h"}
    first, second = client_for(user), client_for(other_user)
    for client in (first, second, first, second):
        assert apply(client, "GUESS").status_code == 400
    assert apply(second, "GUESS").status_code == 429  # another account, the same address
