from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client, RequestFactory

from accounts.tests.factories import UserFactory
from audit import services as audit
from audit.models import AppendOnlyError, AuditLog
from catalog.tests.factories import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # no test-wide transaction around this one
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(audit.AuditOutsideTransaction):
        audit.record("price_change", object_type="catalog.productvariant", object_id=1)
    assert not AuditLog.objects.exists()


def test_record_takes_actor_ip_and_agent_from_the_request():
    user = UserFactory()
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="x" * 500)
    request.user = user
    with transaction.atomic():
        row = audit.record(
            "stock_change",
            object_type="catalog.productvariant",
            object_id=5,
            old={"stock": 1},
            new={"stock": Decimal("2")},
            request=request,
        )
    row.refresh_from_db()
    assert (row.actor_id, row.actor_label) == (user.pk, f"user:{user.pk} {user.email}")
    assert row.ip_address == "198.51.100.7" and len(row.user_agent) == 300
    assert row.new_values == {"stock": "2"}  # Decimals are kept exact, as strings


def test_trusted_proxy_address_is_used_only_when_configured(settings):
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    with transaction.atomic():
        assert audit.record("other", object_type="x", actor="system:test", request=request).ip_address == "10.0.0.1"
        settings.TRUSTED_PROXY_COUNT = 1
        assert audit.record("other", object_type="x", actor="system:test", request=request).ip_address == "203.0.113.5"


def test_a_rolled_back_change_leaves_no_audit_row():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record("price_change", object_type="catalog.productvariant", object_id=1, actor="system:test")
        raise RuntimeError("the change failed")
    assert not AuditLog.objects.exists()


def test_commands_and_tasks_are_attributed_to_the_system():
    @audit.audited_as("expire_unpaid_orders")
    def task():
        with transaction.atomic():
            return audit.record("order_transition", object_type="orders.order", object_id=9)

    row = task()
    assert (row.actor_id, row.actor_label, row.source) == (None, "system:expire_unpaid_orders", "task")
    with audit.acting_as("system:seed_demo", source="command"), transaction.atomic():
        assert audit.record("stock_change", object_type="x").actor_label == "system:seed_demo"
    with transaction.atomic():
        assert audit.record("stock_change", object_type="x").actor_label == "anonymous"


# --- append-only


@pytest.fixture
def row():
    with transaction.atomic():
        return audit.record(
            "price_change",
            object_type="catalog.productvariant",
            object_id=1,
            actor="system:test",
            old={"price": "1.00"},
            new={"price": "2.00"},
        )


def test_a_row_cannot_be_changed_or_deleted_through_the_model(row):
    row.new_values = {"price": "0.01"}
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.filter(pk=row.pk).update(new_values={})
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.bulk_update([row], ["new_values"])
    row = AuditLog.objects.get(pk=row.pk)
    assert row.new_values == {"price": "2.00"}


def test_deleting_the_actor_keeps_their_rows():
    user = UserFactory()
    with transaction.atomic():
        audit.record("role_change", object_type="accounts.user", object_id=user.pk, actor=user)
    user_id, email = user.pk, user.email
    user.delete()
    row = AuditLog.objects.get()
    assert row.actor_id == user_id and row.actor_label == f"user:{user_id} {email}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
def test_postgresql_refuses_update_and_delete_from_raw_sql(row):
    from django.db import DatabaseError

    for sql in ("UPDATE audit_auditlog SET action = 'x'", "DELETE FROM audit_auditlog"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditLog.objects.get(pk=row.pk).action == "price_change"


# --- Django admin


@pytest.fixture
def admin_browser():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    client.user = superuser
    return client


def test_admin_audit_log_is_read_only_and_filterable(admin_browser, row):
    assert admin_browser.get("/admin/audit/auditlog/").status_code == 200
    assert admin_browser.get("/admin/audit/auditlog/?action__exact=price_change").status_code == 200
    assert admin_browser.get(f"/admin/audit/auditlog/{row.pk}/change/").status_code == 200  # a read-only view
    assert admin_browser.get("/admin/audit/auditlog/add/").status_code == 403
    assert admin_browser.post(f"/admin/audit/auditlog/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    admin_browser.post(f"/admin/audit/auditlog/{row.pk}/change/", {"action": "forged"})
    assert AuditLog.objects.get(pk=row.pk).action == "price_change"
    admin_browser.post("/admin/audit/auditlog/", {"action": "delete_selected", "_selected_action": [row.pk]})
    assert AuditLog.objects.filter(pk=row.pk).exists()


def test_price_change_in_the_variant_admin_is_audited(admin_browser):
    variant = VariantFactory(price=Decimal("100.00"), mrp=Decimal("150.00"), stock=5)
    page = f"/admin/catalog/productvariant/{variant.pk}/change/"
    data = {
        "product": variant.product_id,
        "sku": variant.sku,
        "ram_gb": 8,
        "storage_gb": 128,
        "color": "Black",
        "color_hex": "#222222",
        "price": "90.00",
        "mrp": "150.00",
        "stock": 5,
        "is_active": "on",
    }
    response = admin_browser.post(page, data, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302, response.content[:2000]
    row = AuditLog.objects.get()
    assert row.action == "price_change" and row.source == "admin"
    assert (row.old_values, row.new_values) == ({"price": "100.00"}, {"price": "90.00"})
    assert row.actor_id == admin_browser.user.pk and row.ip_address == "192.0.2.44"


def test_stock_change_in_the_product_page_inline_is_audited(admin_browser):
    product = ProductFactory()
    variant = VariantFactory(product=product, stock=5)
    data = {
        "title": product.title,
        "slug": product.slug,
        "brand": product.brand_id,
        "category": product.category_id,
        "popularity": 0,
        "is_active": "on",
        "is_5g": "on",
        "hsn_code": product.hsn_code,
        "gst_rate": str(product.gst_rate),
        "imei_required": "on",
        "variants-TOTAL_FORMS": 1,
        "variants-INITIAL_FORMS": 1,
        "variants-MIN_NUM_FORMS": 0,
        "variants-MAX_NUM_FORMS": 1000,
        "variants-0-id": variant.pk,
        "variants-0-product": product.pk,
        "variants-0-sku": variant.sku,
        "variants-0-ram_gb": 8,
        "variants-0-storage_gb": 128,
        "variants-0-color": "Black",
        "variants-0-color_hex": "#222222",
        "variants-0-price": str(variant.price),
        "variants-0-mrp": str(variant.mrp),
        "variants-0-stock": 42,
        "variants-0-is_active": "on",
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 1000,
    }
    response = admin_browser.post(f"/admin/catalog/product/{product.pk}/change/", data)
    assert response.status_code == 302, response.content[:3000]
    row = AuditLog.objects.get()
    assert (row.action, row.object_id, row.old_values, row.new_values) == (
        "stock_change",
        str(variant.pk),
        {"stock": 5},
        {"stock": 42},
    )


def test_group_change_in_the_user_admin_is_a_role_change(admin_browser):
    shopper = UserFactory()
    staff = Group.objects.get(name="staff")
    data = {
        "email": shopper.email,
        "full_name": shopper.full_name,
        "phone": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [staff.pk],
        "otp_channel": "email",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "10:00:00",
        "addresses-TOTAL_FORMS": 0,
        "addresses-INITIAL_FORMS": 0,
        "addresses-MIN_NUM_FORMS": 0,
        "addresses-MAX_NUM_FORMS": 1000,
    }
    response = admin_browser.post(f"/admin/accounts/user/{shopper.pk}/change/", data)
    assert response.status_code == 302, response.content[:3000]
    row = AuditLog.objects.get(action="role_change")
    assert row.old_values == {"is_staff": False, "groups": ["customer"]}
    assert row.new_values == {"is_staff": True, "groups": ["staff"]}
