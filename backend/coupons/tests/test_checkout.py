"""Checkout with a coupon: checked again, discount frozen on the order and its lines, one redemption in the
same transaction, a refusal that creates nothing, uses given back by cancel and expiry, the invoice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cart.models import Cart
from catalog.models import ProductVariant
from conftest import client_for, refusal
from coupons.models import CouponRedemption
from coupons.tests.factories import make_coupon
from invoicing import services as invoicing
from invoicing.tests.fixtures import pay
from orders.models import Order
from orders.services import cancel_order, expire_unpaid_orders
from orders.tests.fixtures import add_to_cart, checkout
from tax.split import contained_tax

pytestmark = pytest.mark.django_db


def apply(client, code):
    return client.post("/api/cart/coupon/", {"code": code}, format="json")


@pytest.fixture
def two_phones(dev_gateway, auth_client, make_variant):
    cheap = make_variant(price=Decimal("12999.00"), mrp=Decimal("14999.00"), stock=5)
    dear = make_variant(price=Decimal("27999.00"), mrp=Decimal("29999.00"), stock=5, color="White")
    add_to_cart(auth_client, cheap, 1)
    add_to_cart(auth_client, dear, 1)
    return auth_client, cheap, dear


def test_checkout_freezes_the_discount_on_the_order_and_records_one_redemption(two_phones, user):
    client, _cheap, _dear = two_phones
    coupon = make_coupon("FLAT500", kind="flat", value=Decimal("500"), min_subtotal=Decimal("15000"))
    cart_total = apply(client, "flat500").json()["total"]
    response = checkout(client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["discount_total"], body["coupon_code"], body["total"]) == ("500.00", "FLAT500", cart_total)
    assert [item["discount"] for item in body["items"]] == [
        "158.53",
        "341.47",
    ]  # 500 in proportion, the odd paisa to the larger remainder
    order = Order.objects.get()
    assert order.total == order.subtotal - order.discount_total + order.shipping_fee
    for item in order.items.all():
        assert item.tax_amount == contained_tax(item.line_total - item.discount, item.gst_rate)
    assert order.tax_total == sum(item.tax_amount for item in order.items.all())
    redemption = CouponRedemption.objects.get()
    assert (redemption.coupon, redemption.order, redemption.user, redemption.amount) == (
        coupon,
        order,
        user,
        Decimal("500.00"),
    )
    assert Cart.objects.get(user=user).coupon_code == ""  # the coupon went with the cart's lines


def test_a_coupon_that_no_longer_applies_refuses_the_checkout_and_creates_nothing(two_phones):
    client, cheap, _dear = two_phones
    coupon = make_coupon("SOON", kind="flat", value=Decimal("500"))
    apply(client, "SOON")
    coupon.valid_until = timezone.now() - timedelta(seconds=1)
    coupon.save()
    assert refusal(checkout(client), 400)["code"] == "coupon_expired"
    assert Order.objects.count() == 0 and CouponRedemption.objects.count() == 0
    assert ProductVariant.objects.get(pk=cheap.pk).stock == 5
    assert client.delete("/api/cart/coupon/").status_code == 200
    assert checkout(client).status_code == 201  # without it


def test_the_per_shopper_limit_is_checked_at_checkout(dev_gateway, user, make_variant, api_client):
    variant = make_variant(price=Decimal("20000"), mrp=Decimal("20000"), stock=5)
    make_coupon("ONEEACH", kind="flat", value=Decimal("100"), max_uses_per_user=1)
    client = client_for(user)
    add_to_cart(client, variant, 1)
    apply(client, "ONEEACH")
    assert checkout(client).status_code == 201
    # as a guest the shopper can put it on a cart again; signed in, checkout refuses it
    token = add_to_cart(api_client, variant, 1).json()["token"]
    assert (
        api_client.post("/api/cart/coupon/", {"code": "ONEEACH"}, format="json", HTTP_X_CART_TOKEN=token).status_code
        == 200
    )
    client.post("/api/cart/merge/", {"token": token}, format="json")
    assert client.get("/api/cart/").json()["coupon"]["error_code"] == "coupon_already_used"
    assert refusal(checkout(client), 400)["code"] == "coupon_already_used"
    assert Order.objects.count() == 1


def test_cancelling_an_unpaid_order_gives_the_use_back(two_phones, user, make_variant):
    client, cheap, _dear = two_phones
    make_coupon("LAST", kind="flat", value=Decimal("100"), max_uses=1)
    apply(client, "LAST")
    order_id = checkout(client).json()["id"]
    add_to_cart(client, cheap, 1)
    assert refusal(apply(client, "LAST"), 409)["code"] == "coupon_used_up"
    cancel_order(order_id=order_id, user=user)
    assert CouponRedemption.objects.get().released_at is not None
    assert apply(client, "LAST").status_code == 200
    assert checkout(client).status_code == 201
    assert CouponRedemption.objects.filter(released_at__isnull=True).count() == 1


def test_an_expired_reservation_gives_the_use_back(two_phones):
    client, _cheap, _dear = two_phones
    make_coupon("LAST", kind="flat", value=Decimal("100"), max_uses=1)
    apply(client, "LAST")
    checkout(client)
    Order.objects.update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert expire_unpaid_orders() == 1
    assert CouponRedemption.objects.get().released_at is not None


def test_the_invoice_shows_what_was_paid_for_each_line_and_equals_the_order(two_phones, settings):
    settings.INVOICING_ENABLED = True
    client, _cheap, _dear = two_phones
    make_coupon("WELCOME10", value=Decimal("10"), max_discount=Decimal("2000"))
    apply(client, "WELCOME10")
    order = Order.objects.get(pk=checkout(client).json()["id"])
    Order.objects.filter(pk=order.pk).update(place_of_supply="29")
    pay(order)
    invoice = invoicing.issue_invoice(order.pk)
    assert invoice.total == order.total
    assert invoice.cgst + invoice.sgst + invoice.igst == order.tax_total
    items = {item.pk: item for item in order.items.all()}
    for line in invoice.lines.exclude(order_item=None):
        item = items[line.order_item_id]
        assert line.total == item.line_total - item.discount  # a returned line refunds this, its net amount
    # a full credit (the whole order refunded) mirrors it
    note = invoicing.issue_credit_note(order.pk, None, reason="Refund")
    assert note.total == order.total


def test_the_confirmation_email_shows_the_coupon(two_phones):
    from notifications.services import render_email

    client, _, _ = two_phones
    make_coupon("FLAT500", kind="flat", value=Decimal("500"))
    apply(client, "FLAT500")
    order = Order.objects.get(pk=checkout(client).json()["id"])
    _, text, html = render_email(order, "order_confirmation")
    assert "Coupon FLAT500: -₹500.00" in text and "FLAT500: -₹500.00" in html
