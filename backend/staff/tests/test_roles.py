from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.roles import ADMIN, CUSTOMER, STAFF, role_of
from accounts.tests.factories import UserFactory
from audit.models import AuditLog

pytestmark = pytest.mark.django_db


def perms_of(role):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=role).permissions.select_related("content_type")
    }


def test_the_migration_created_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {CUSTOMER, STAFF, ADMIN}
    assert perms_of(CUSTOMER) == set()
    staff = perms_of(STAFF)
    assert {"catalog.change_productvariant", "catalog.view_productvariant"} <= staff
    assert not {"audit.view_auditlog", "accounts.change_user", "auth.change_group"} & staff
    assert perms_of(ADMIN) == {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")
    }


def test_sync_roles_repairs_a_damaged_role_and_audits_it():
    staff = Group.objects.get(name=STAFF)
    staff.permissions.add(Permission.objects.get(codename="view_auditlog"))  # too much
    staff.permissions.remove(Permission.objects.get(codename="change_productvariant"))  # too little
    Group.objects.filter(name=CUSTOMER).delete()

    call_command("sync_roles", stdout=StringIO())

    assert "audit.view_auditlog" not in perms_of(STAFF)
    assert "catalog.change_productvariant" in perms_of(STAFF)
    assert Group.objects.filter(name=CUSTOMER).exists()
    rows = AuditLog.objects.filter(action="role_change", actor_label="system:sync_roles")
    assert {row.new_values["role"] for row in rows} == {STAFF, CUSTOMER}
    staff_row = rows.get(new_values__role=STAFF)
    assert staff_row.new_values["added"] == ["catalog.change_productvariant"]
    assert staff_row.new_values["removed"] == ["audit.view_auditlog"]
    assert staff_row.source == "command"


def test_sync_roles_on_healthy_roles_changes_nothing():
    before = AuditLog.objects.count()
    call_command("sync_roles", stdout=StringIO())
    assert AuditLog.objects.count() == before


def test_new_shoppers_join_the_customer_role(api_client):
    response = api_client.post(
        "/api/auth/register/",
        {"email": "new@example.in", "password": "Sturdy-Passw0rd-77", "full_name": "Asha Rao"},
        format="json",
    )
    assert response.status_code == 201
    user = UserFactory._meta.model.objects.get(email="new@example.in")
    assert role_of(user) == CUSTOMER
