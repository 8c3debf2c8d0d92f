"""The legal pages state the facts the store acts on: each fact equals what the code that applies it reads, and a
changed setting changes the store's behaviour and the page's words together."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cart.pricing import shipping_fee_for
from legal import facts
from orders import lifecycle
from orders.models import Order, OrderStatus, OrderTransition
from payments import cod_services
from returns import services as returns
from tax.seller import seller

pytestmark = pytest.mark.django_db


def page(api_client, slug):
    response = api_client.get(f"/api/legal/{slug}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_index_lists_every_page_with_every_fact(api_client):
    body = api_client.get("/api/legal/").json()
    assert [p["slug"] for p in body["pages"]] == [
        "seller",
        "grievance",
        "returns",
        "refunds",
        "cancellation",
        "shipping",
        "privacy",
        "terms",
    ]
    assert body["facts"] == facts.values()
    assert all(p["version"] == 1 and p["updated_at"] for p in body["pages"])


def test_the_seller_is_the_one_printed_on_invoices(api_client):
    s = seller()
    stated = page(api_client, "seller")["facts"]["seller"]
    assert stated == {
        "legal_name": s.legal_name,
        "trade_name": s.trade_name,
        "gstin": s.gstin,
        "pan": s.pan,
        "address": s.address,
        "state": s.state_name,
        "email": s.email,
        "phone": s.phone,
    }


def test_changing_the_seller_changes_the_seller_page(api_client, settings):
    settings.SELLER_LEGAL_NAME = "Shreya Mobiles LLP"
    settings.SELLER_GSTIN = "29AAFCP4321E1ZM"  # made up, checksum-valid
    body = page(api_client, "seller")
    assert body["facts"]["seller"]["legal_name"] == "Shreya Mobiles LLP" == seller().legal_name
    assert body["facts"]["seller"]["gstin"] == seller().gstin == "29AAFCP4321E1ZM"
    assert "Shreya Mobiles LLP" in body["body"] and seller().gstin in body["body"]


def test_the_grievance_officer_comes_from_the_settings(api_client, settings):
    settings.GRIEVANCE_OFFICER_NAME = "Meera Iyer"
    settings.GRIEVANCE_OFFICER_EMAIL = "grievance@example.in"
    settings.GRIEVANCE_OFFICER_PHONE = "+91 80 4000 1235"
    body = page(api_client, "grievance")
    assert body["facts"]["grievance"] == {
        "name": "Meera Iyer",
        "designation": settings.GRIEVANCE_OFFICER_DESIGNATION,
        "email": "grievance@example.in",
        "phone": "+91 80 4000 1235",
        "acknowledge_hours": 48,
        "resolve_within": "one month",
    }
    for said in ("Meera Iyer", "grievance@example.in", "+91 80 4000 1235", "within 48 hours", "within one month"):
        assert said in body["body"], said


def test_the_return_window_is_the_one_returns_enforce(api_client, settings, user):
    settings.RETURN_WINDOW_DAYS = 10
    body = page(api_client, "returns")
    assert body["facts"]["returns"]["window_days"] == returns.window_days() == 10
    assert "within 10 days of its delivery" in body["body"]
    assert body["facts"]["returns"]["max_photos"] == returns.MAX_PHOTOS
    # ...and the rule itself: an order delivered 9 days ago may still be returned, one delivered 11 days ago not.
    for days_ago, still_open in ((9, True), (11, False)):
        order = Order.objects.create(
            user=user, status=OrderStatus.DELIVERED, payment_method="dev", subtotal=100, mrp_total=100, tax_total=15,
            total=100, shipping_address={},
        )  # fmt: skip
        step = OrderTransition.objects.create(order=order, from_status="SHIPPED", to_status="DELIVERED", source="test")
        OrderTransition.objects.filter(pk=step.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        assert returns.returnable(order).open is still_open


def test_the_shipping_fee_is_the_one_the_cart_charges(api_client, settings):
    settings.SHIPPING_FEE = Decimal("149.00")
    settings.FREE_SHIPPING_THRESHOLD = Decimal("999.00")
    body = page(api_client, "shipping")
    assert body["facts"]["shipping"] == {"fee": "149.00", "free_from": "999.00"}
    assert "₹149 on smaller orders" in body["body"] and "Free on orders of ₹999 or more" in body["body"]
    assert shipping_fee_for(Decimal("998.00"), "INR") == Decimal("149.00")
    assert shipping_fee_for(Decimal("999.00"), "INR") == Decimal("0.00")


def test_cash_on_delivery_is_stated_as_checkout_applies_it(api_client, settings):
    settings.COD_ENABLED, settings.COD_FEE, settings.COD_MAX_ORDER_VALUE = True, Decimal("49"), Decimal("40000")
    stated = page(api_client, "shipping")
    assert stated["facts"]["cod"] == {
        "offered": True,
        "fee": "49.00",
        "max_order_value": "40000.00",
        "confirm_minutes": cod_services.hold_minutes(),
    }
    assert "orders up to ₹40,000; its fee is ₹49" in stated["body"]
    offered, reasons = cod_services.cod_offer(None, Decimal("39952"), "560001")
    assert not offered and {r["code"] for r in reasons} >= {"order_value_too_high"}  # 39,952 + 49 > 40,000


def test_cancellation_is_what_the_lifecycle_lets_a_shopper_do(api_client, settings):
    settings.ORDER_RESERVATION_MINUTES = 20
    body = page(api_client, "cancellation")
    may = [lifecycle.label(s) for s in OrderStatus.values if lifecycle.cancellable(s, lifecycle.Actor.SHOPPER)]
    assert body["facts"]["cancellation"]["statuses"] == may
    assert body["facts"]["cancellation"]["not_from"] == "shipped"
    assert not lifecycle.cancellable(OrderStatus.SHIPPED) and lifecycle.cancellable(OrderStatus.PACKED)
    assert f"while it is {', '.join(s.lower() for s in may[:-1])} or {may[-1].lower()}." in body["body"]
    assert "not paid within 20 minutes" in body["body"]
    assert body["facts"]["cancellation"]["unpaid_minutes"] == 20


def test_refund_credit_days_and_jurisdiction_are_settings(api_client, settings):
    settings.REFUND_CREDIT_DAYS, settings.LEGAL_JURISDICTION = 5, "Mumbai, Maharashtra"
    assert "within 5 working days" in page(api_client, "refunds")["body"]
    assert "the courts at Mumbai, Maharashtra" in page(api_client, "terms")["body"]


def test_the_privacy_notice_says_what_erasure_does(api_client):
    from privacy import services as privacy

    body = page(api_client, "privacy")
    assert body["facts"]["privacy"]["erased"] == list(privacy.ERASED)
    assert body["facts"]["privacy"]["kept"] == list(privacy.KEPT)
    assert privacy.ERASED[0] in body["body"] and privacy.KEPT[1] in body["body"]
    assert "72 months" in body["body"]


def test_money_is_said_the_indian_way():
    assert facts.rupees(Decimal("99.00")) == "₹99"
    assert facts.rupees(Decimal("112999.50")) == "₹1,12,999.50"
