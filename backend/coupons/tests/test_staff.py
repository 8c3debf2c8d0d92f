"""Coupons are managed in the Django admin and /api/staff/coupons/ (staff read, admins write); every change is
a coupon_change row in the audit log."""

from decimal import Decimal

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from audit.models import AuditLog
from conftest import refusal
from coupons.models import Coupon
from coupons.tests.factories import make_coupon

pytestmark = pytest.mark.django_db

NEW = {
    "code": "Diwali15",
    "description": "15% off, up to ₹3,000",
    "kind": "percent",
    "value": "15",
    "max_discount": "3000",
    "min_subtotal": "20000",
    "valid_from": "2026-10-20T00:00:00+05:30",
    "valid_until": "2026-11-05T00:00:00+05:30",
    "max_uses": 500,
}


def test_an_admin_creates_and_changes_a_coupon_and_each_change_is_audited(shop_admin_client):
    response = shop_admin_client.post("/api/staff/coupons/", NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["uses"], body["max_uses_per_user"], body["is_active"]) == ("DIWALI15", 0, 1, True)
    created = AuditLog.objects.get(action="coupon_change")
    assert created.new_values["code"] == "DIWALI15" and created.actor_id == shop_admin_client.user.pk

    coupon_id = body["id"]
    response = shop_admin_client.patch(f"/api/staff/coupons/{coupon_id}/", {"is_active": False}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    change = AuditLog.objects.filter(action="coupon_change").latest("id")
    assert (change.old_values, change.new_values) == ({"is_active": True}, {"is_active": False})
    assert shop_admin_client.get(f"/api/staff/coupons/{coupon_id}/").json()["is_active"] is False


def test_a_code_is_unique_whatever_the_spelling_and_a_percent_is_at_most_100(shop_admin_client):
    make_coupon("DIWALI15")
    error = refusal(shop_admin_client.post("/api/staff/coupons/", NEW, format="json"), 400)
    assert error["code"] == "invalid" and "code" in error["fields"]
    error = refusal(
        shop_admin_client.post("/api/staff/coupons/", {**NEW, "code": "X150", "value": "150"}, format="json"), 400
    )
    assert "value" in error["fields"]
    assert AuditLog.objects.filter(action="coupon_change").count() == 0


def test_staff_read_coupons_but_do_not_write_them(staff_client, api_client):
    make_coupon("READONLY")
    assert [c["code"] for c in staff_client.get("/api/staff/coupons/").json()] == ["READONLY"]
    assert refusal(staff_client.post("/api/staff/coupons/", NEW, format="json"), 403)["code"] == "permission_denied"
    assert api_client.get("/api/staff/coupons/").status_code == 401


def test_a_change_in_the_django_admin_is_audited():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    browser = Client()
    browser.force_login(superuser)
    coupon = make_coupon("ADMIN5", kind="flat", value=Decimal("5"))
    form = {
        "code": "admin5",
        "description": "",
        "kind": "flat",
        "value": "50",
        "max_discount": "",
        "min_subtotal": "0",
        "valid_from_0": "2026-12-01",
        "valid_from_1": "00:00:00",
        "valid_until_0": "",
        "valid_until_1": "",
        "brand": "",
        "category": "",
        "max_uses": "",
        "max_uses_per_user": "1",
        "is_active": "on",
    }
    response = browser.post(f"/admin/coupons/coupon/{coupon.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    coupon.refresh_from_db()
    assert coupon.value == Decimal("50")
    row = AuditLog.objects.get(action="coupon_change")
    assert Decimal(row.old_values["value"]) == 5 and Decimal(row.new_values["value"]) == 50 and row.source == "admin"
    assert browser.get("/admin/coupons/couponredemption/").status_code == 200
    assert Coupon.objects.get().code == "ADMIN5"


def test_the_demo_seed_ships_the_two_sample_coupons_once():
    from catalog.demo import DEMO_STEPS
    from coupons.demo import seed_demo_coupons

    assert seed_demo_coupons in DEMO_STEPS
    assert seed_demo_coupons() == "Coupons: 2 created (WELCOME10, FLAT500)."
    Coupon.objects.filter(code="FLAT500").update(value=Decimal("400"))  # staff changed it
    assert seed_demo_coupons() == "Coupons: 0 created (WELCOME10, FLAT500)."
    assert Coupon.objects.get(code="FLAT500").value == Decimal("400")
    welcome = Coupon.objects.get(code="WELCOME10")
    assert (welcome.value, welcome.max_discount, welcome.min_subtotal) == (10, 2000, 10000)
