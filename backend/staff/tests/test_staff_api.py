from decimal import Decimal
from unittest import mock

import pytest
from django.urls import get_resolver

from accounts.roles import CUSTOMER, STAFF, role_of
from accounts.tests.factories import UserFactory
from audit.models import AuditLog
from catalog.tests.factories import VariantFactory
from conftest import client_for
from staff.tests.factories import customer, shop_admin, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def variant():
    return VariantFactory(price=Decimal("19999.00"), mrp=Decimal("24999.00"), stock=10)


def url(variant):
    return f"/api/staff/variants/{variant.pk}/"


# --- who may call


@pytest.mark.parametrize("path", ["/api/staff/variants/", "/api/staff/audit/"])
def test_anonymous_gets_401(api_client, path):
    response = api_client.get(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("path", ["/api/staff/variants/", "/api/staff/audit/"])
def test_customer_gets_403(path):
    response = client_for(customer()).get(path)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_a_customer_who_is_marked_staff_without_the_role_gets_403(variant):
    user = UserFactory(is_staff=True)
    assert client_for(user).patch(url(variant), {"stock": 1, "version": 1}, format="json").status_code == 403


def test_staff_reads_variants_but_not_the_audit_log(staff_client, variant):
    listing = staff_client.get("/api/staff/variants/", {"q": variant.sku})
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [variant.pk]
    assert listing.json()["results"][0]["price"] == "19999.00"
    assert staff_client.get("/api/staff/audit/").status_code == 403


def test_removing_the_role_applies_at_once(variant):
    member = staff_member()
    client = client_for(member)
    assert client.get(url(variant)).status_code == 200
    member.groups.clear()
    assert client.get(url(variant)).status_code == 403


def test_every_staff_route_refuses_anonymous_and_customers():
    """Walks the URL map: no /api/staff/ route is reachable without the role."""
    routes = [str(p.pattern) for p in get_resolver().url_patterns if str(p.pattern) == "api/"]
    staff_paths = sorted(
        {
            "/api/" + str(sub.pattern).replace("<int:pk>", "1").replace("<str:pk>", "1")
            for include in get_resolver().url_patterns
            if str(include.pattern) == "api/"
            for sub in getattr(include, "url_patterns", [])
            if str(sub.pattern).startswith("staff/")
        }
    )
    assert routes and len(staff_paths) >= 3
    anonymous, shopper = client_for(UserFactory()), client_for(customer())
    anonymous.credentials()
    for path in staff_paths:
        for method in ("get", "post", "patch", "put", "delete"):
            assert getattr(anonymous, method)(path, {}, format="json").status_code in (401, 405), (method, path)
            assert getattr(shopper, method)(path, {}, format="json").status_code in (403, 405), (method, path)


# --- changing a variant


def test_price_mrp_stock_change_is_saved_and_audited_with_ip(variant):
    member = staff_member()
    client = client_for(member)
    response = client.patch(
        url(variant),
        {"price": "17999.00", "mrp": "23999", "stock": 4, "version": 1},
        format="json",
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="staff-browser",
    )
    assert response.status_code == 200, response.content
    assert response.json()["price"] == "17999.00" and response.json()["stock"] == 4
    variant.refresh_from_db()
    assert (variant.price, variant.mrp, variant.stock) == (Decimal("17999.00"), Decimal("23999"), 4)

    price = AuditLog.objects.get(action="price_change")
    assert price.actor_id == member.pk and price.actor_label == f"user:{member.pk} {member.email}"
    assert (price.object_type, price.object_id) == ("catalog.productvariant", str(variant.pk))
    assert price.old_values == {"price": "19999.00", "mrp": "24999.00"}
    assert price.new_values == {"price": "17999.00", "mrp": "23999.00"}
    assert (price.ip_address, price.user_agent, price.source) == ("203.0.113.9", "staff-browser", "api")
    stock = AuditLog.objects.get(action="stock_change")
    assert (stock.old_values, stock.new_values) == ({"stock": 10}, {"stock": 4})


def test_an_unchanged_value_writes_no_audit_row(staff_client, variant):
    assert staff_client.patch(url(variant), {"stock": 10, "version": 1}, format="json").status_code == 200
    assert not AuditLog.objects.exists()


def test_change_and_audit_row_share_one_transaction(staff_client, variant):
    with mock.patch("audit.services.AuditLog.objects.bulk_create", side_effect=RuntimeError("disk full")):
        response = staff_client.patch(url(variant), {"price": "100.00", "version": 1}, format="json")
    assert response.status_code == 500
    variant.refresh_from_db()
    assert variant.price == Decimal("19999.00")  # the change rolled back with the failed audit row


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"price": "30000.00"}, "price"),  # above the MRP
        ({"mrp": "100.00"}, "mrp"),  # below the price
        ({"price": "-5"}, "price"),
        ({"price": "0"}, "price"),
        ({"price": "12.345"}, "price"),
        ({"price": "100000000"}, "price"),
        ({"price": "NaN"}, "price"),
        ({"stock": -1}, "stock"),
        ({"stock": 10_000_001}, "stock"),
        ({"stock": "many"}, "stock"),
        ({"sku": "X"}, "sku"),
        ({"version": 1}, "non_field_errors"),
    ],
)
def test_bad_changes_are_400_and_change_nothing(staff_client, variant, payload, field):
    response = staff_client.patch(url(variant), {"version": 1, **payload}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()["error"]
    assert field in body["fields"] or field == "non_field_errors", body
    variant.refresh_from_db()
    assert (variant.price, variant.mrp, variant.stock) == (Decimal("19999.00"), Decimal("24999.00"), 10)
    assert not AuditLog.objects.exists()


def test_unknown_variant_is_404(staff_client):
    response = staff_client.patch("/api/staff/variants/999999/", {"stock": 1, "version": 1}, format="json")
    assert response.status_code == 404


def test_variant_list_filters_are_validated(staff_client):
    assert staff_client.get("/api/staff/variants/", {"stock_max": "-1"}).status_code == 400
    assert staff_client.get("/api/staff/variants/", {"q": "x" * 101}).status_code == 400
    assert staff_client.get("/api/staff/variants/", {"page_size": "0"}).status_code == 400
    assert staff_client.get("/api/staff/variants/", {"page_size": "1000"}).json()["page_size"] == 100  # capped


# --- the audit log over the API


def test_admin_reads_and_filters_the_audit_log(shop_admin_client, variant):
    staff_client = client_for(staff_member())
    assert staff_client.patch(url(variant), {"price": "18999.00", "version": 1}, format="json").status_code == 200
    assert staff_client.patch(url(variant), {"stock": 3, "version": 2}, format="json").status_code == 200

    everything = shop_admin_client.get("/api/staff/audit/")
    assert everything.status_code == 200
    assert [row["action"] for row in everything.json()["results"]] == ["stock_change", "price_change"]
    only_price = shop_admin_client.get(
        "/api/staff/audit/",
        {"action": "price_change", "object_type": "catalog.productvariant", "object_id": str(variant.pk)},
    )
    assert [row["new_values"] for row in only_price.json()["results"]] == [{"price": "18999.00"}]
    assert shop_admin_client.get("/api/staff/audit/", {"action": "nonsense"}).status_code == 400
    assert shop_admin_client.get("/api/staff/audit/", {"since": "yesterday"}).status_code == 400
    # ISO 8601 allows an offset PostgreSQL refuses (past ±15:59): a 400, not the database's error (schemathesis)
    far = shop_admin_client.get("/api/staff/audit/", {"until": "1181-07-11T13:26:15-18:29"})
    assert far.status_code == 400 and far.json()["error"]["fields"] == {"until": ["No time zone is that far from UTC."]}
    assert shop_admin_client.get("/api/staff/audit/", {"until": "2026-12-04T10:00:00+14:00"}).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_audit_log_cannot_be_written_over_the_api(shop_admin_client, method):
    response = getattr(shop_admin_client, method)("/api/staff/audit/", {"action": "price_change"}, format="json")
    assert response.status_code in (403, 405)
    assert not AuditLog.objects.exists()


# --- roles over the API


def test_admin_gives_and_takes_the_staff_role_audited(shop_admin_client):
    shopper = customer()
    response = shop_admin_client.put(f"/api/staff/users/{shopper.pk}/role/", {"role": STAFF}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"id": shopper.pk, "email": shopper.email, "role": STAFF, "is_staff": True}
    shopper.refresh_from_db()
    assert role_of(shopper) == STAFF and shopper.is_staff
    row = AuditLog.objects.get(action="role_change", object_id=str(shopper.pk))
    assert row.old_values["role"] == CUSTOMER and row.new_values["role"] == STAFF
    assert row.old_values["is_staff"] is False and row.new_values["is_staff"] is True

    back = shop_admin_client.put(f"/api/staff/users/{shopper.pk}/role/", {"role": CUSTOMER}, format="json")
    assert back.json()["is_staff"] is False


def test_staff_cannot_change_roles():
    client = client_for(staff_member())
    target = customer()
    assert client.put(f"/api/staff/users/{target.pk}/role/", {"role": "admin"}, format="json").status_code == 403
    assert role_of(target) == CUSTOMER


def test_role_input_is_checked(shop_admin_client):
    target = customer()
    assert (
        shop_admin_client.put(f"/api/staff/users/{target.pk}/role/", {"role": "owner"}, format="json").status_code
        == 400
    )
    assert shop_admin_client.put("/api/staff/users/999999/role/", {"role": "staff"}, format="json").status_code == 404


def test_an_admin_cannot_demote_themselves():
    me = shop_admin()
    response = client_for(me).put(f"/api/staff/users/{me.pk}/role/", {"role": "customer"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "own_role"
