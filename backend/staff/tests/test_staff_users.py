"""The console's Users (admin only): GET /api/staff/users/, POST .../invite/, PATCH .../{id}/ (is_active), and the
last-admin rule on PUT .../{id}/role/."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from accounts.models import User
from accounts.tests.factories import UserFactory
from audit.models import AuditLog
from conftest import client_for, refusal
from core.errors import ApplicationError
from staff import services, users
from staff.error_codes import StaffErrorCode
from staff.tests.factories import customer, shop_admin, staff_member

pytestmark = pytest.mark.django_db

LIST, INVITE = "/api/staff/users/", "/api/staff/users/invite/"
CONFIRM = "/api/auth/password/reset/confirm/"
PASSWORD = "Kettle-Monsoon-42"


def detail(pk: int) -> str:
    return f"/api/staff/users/{pk}/"


@pytest.fixture
def admin():
    return shop_admin(email="root@shop.example")


@pytest.fixture
def admin_client(admin):
    return client_for(admin)


@pytest.fixture
def invite(admin_client, settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    def send(body):
        with django_capture_on_commit_callbacks(execute=True):
            return admin_client.post(INVITE, body, format="json")

    return send


def test_the_list_holds_staff_and_admins_not_customers(admin_client, admin):
    member = staff_member(email="b@shop.example", full_name="Bina")
    customer(email="shopper@example.in")
    body = admin_client.get(LIST).json()
    assert [row["email"] for row in body] == ["b@shop.example", "root@shop.example"]
    row = body[0]
    assert row == {
        "id": member.pk,
        "email": "b@shop.example",
        "full_name": "Bina",
        "role": "staff",
        "is_active": True,
        "is_superuser": False,
        "password_set": True,
        "last_login": None,
        "date_joined": row["date_joined"],
    }
    assert admin.pk in {r["id"] for r in body}


def test_an_invitation_makes_the_account_and_mails_a_set_password_link_that_signs_in(invite, api_client, admin):
    response = invite({"email": " New.Member@Shop.Example ", "role": "staff", "full_name": "Nila"})
    assert response.status_code == 201, response.content
    assert response.json()["email"] == "new.member@shop.example"
    assert response.json()["role"] == "staff" and response.json()["password_set"] is False
    user = User.objects.get(email="new.member@shop.example")
    assert user.is_staff and user.is_active and not user.has_usable_password()

    message = mail.outbox[-1]
    assert message.to == ["new.member@shop.example"] and "staff console" in message.subject
    assert PASSWORD not in message.body and "password:" not in message.body.lower()
    url = re.search(r"https?://\S+/reset-password\?\S+", message.body).group(0)
    query = parse_qs(urlsplit(url).query)
    token = {"email": "new.member@shop.example", "password": PASSWORD}
    assert api_client.post("/api/auth/token/", token, format="json").status_code == 401  # no password yet
    confirm = {"uid": query["uid"][0], "token": query["token"][0], "new_password": PASSWORD}
    assert api_client.post(CONFIRM, confirm, format="json").status_code == 200
    assert api_client.post("/api/auth/token/", token, format="json").status_code == 200
    assert client_for(User.objects.get(pk=user.pk)).get("/api/staff/reports/dashboard/").status_code == 200

    entry = AuditLog.objects.get(action="user_invited")
    assert entry.actor_id == admin.pk and entry.object_id == str(user.pk)
    assert entry.new_values == {"email": "new.member@shop.example", "role": "staff", "is_active": True}


def test_an_invited_admin_gets_the_admin_role(invite):
    assert invite({"email": "boss@shop.example", "role": "admin"}).json()["role"] == "admin"


def test_an_email_with_an_account_is_refused_nothing_sent(invite):
    UserFactory(email="taken@example.in")
    error = refusal(invite({"email": "TAKEN@example.in", "role": "staff"}), 409)
    assert error["code"] == "account_exists" and error["fields"] == {"email": ["An account with this email exists."]}
    assert mail.outbox == [] and not AuditLog.objects.filter(action="user_invited").exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"role": "staff"}, {"email": ["This field is required."]}),
        ({"email": "x@shop.example", "role": "customer"}, {"role": ["Invite as staff or admin."]}),
        ({"email": "x@shop.example", "role": "superuser"}, {"role": ['"superuser" is not a valid choice.']}),
        ({"email": "not-an-email", "role": "staff"}, {"email": ["Enter a valid email address."]}),
        ({"email": ["x@shop.example"], "role": "staff"}, {"email": ["Enter a valid email address."]}),
        ({"email": "x@shop.example", "role": "staff", "password": "x"}, {"password": ["Unknown field."]}),
        ({"email": "x@shop.example", "role": "staff", "is_superuser": True}, {"is_superuser": ["Unknown field."]}),
        ({"email": "x@shop.example", "role": "staff", "full_name": 5}, {"full_name": ["Not a valid string."]}),
    ],
)
def test_a_bad_invitation_is_a_400_nothing_made(invite, body, fields):
    assert refusal(invite(body), 400)["fields"] == fields
    assert not User.objects.filter(email="x@shop.example").exists() and mail.outbox == []


def test_deactivation_ends_the_sessions_and_is_audited_then_reactivation(admin_client, admin):
    member = staff_member(email="m@shop.example", password=PASSWORD)
    member_client = client_for(member)
    assert member_client.get("/api/staff/reports/dashboard/").status_code == 200
    response = admin_client.patch(detail(member.pk), {"is_active": False}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert member_client.get("/api/staff/reports/dashboard/").status_code == 401
    sign_in = {"email": "m@shop.example", "password": PASSWORD}
    assert client_for(admin).post("/api/auth/token/", sign_in, format="json").status_code == 401
    entry = AuditLog.objects.get(action="role_change", object_id=str(member.pk))
    assert (entry.old_values, entry.new_values, entry.actor_id) == ({"is_active": True}, {"is_active": False}, admin.pk)

    assert admin_client.patch(detail(member.pk), {"is_active": True}, format="json").json()["is_active"] is True
    assert AuditLog.objects.filter(action="role_change", object_id=str(member.pk)).count() == 2


def test_an_admin_cannot_deactivate_themself(admin_client, admin):
    error = refusal(admin_client.patch(detail(admin.pk), {"is_active": False}, format="json"), 400)
    assert error["code"] == "own_account"
    admin.refresh_from_db()
    assert admin.is_active


def test_the_last_active_admin_can_be_neither_deactivated_nor_demoted(admin):
    """Over the API an acting admin is always another active admin; the rule holds for any caller of the services
    (a shell, a command), and inactive admins and superusers do not count."""
    for inactive in (shop_admin(email="gone@shop.example"), UserFactory(email="su@shop.example", is_superuser=True)):
        User.objects.filter(pk=inactive.pk).update(is_active=False)
    caller = UserFactory(email="shell@shop.example")
    with pytest.raises(ApplicationError) as raised:
        users.set_active(admin.pk, False, actor=caller)
    assert raised.value.code == StaffErrorCode.LAST_ADMIN
    with pytest.raises(ApplicationError) as raised:
        services.set_role(admin.pk, "staff", actor=caller)
    assert raised.value.code == StaffErrorCode.LAST_ADMIN
    admin.refresh_from_db()
    assert admin.is_active and admin.groups.filter(name="admin").exists()


def test_an_admin_with_another_active_admin_can_be_demoted_over_the_api(admin_client):
    other = shop_admin(email="other@shop.example")
    response = admin_client.put(f"/api/staff/users/{other.pk}/role/", {"role": "staff"}, format="json")
    assert response.status_code == 200 and response.json()["role"] == "staff"


def test_customers_and_superusers_are_not_changed_here(admin_client):
    shopper = customer(email="s@example.in")
    assert refusal(admin_client.patch(detail(shopper.pk), {"is_active": False}, format="json"), 404)
    root = UserFactory(email="su@shop.example", is_staff=True, is_superuser=True)
    assert refusal(admin_client.patch(detail(root.pk), {"is_active": False}, format="json"), 400)["code"] == (
        "superuser"
    )
    assert refusal(admin_client.patch(detail(10**11), {"is_active": False}, format="json"), 404)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"is_active": "false"}, {"is_active": ["Must be a valid boolean."]}),
        ({"is_active": 0}, {"is_active": ["Must be a valid boolean."]}),
        ({"is_active": False, "role": "admin"}, {"role": ["Unknown field."]}),
    ],
)
def test_a_bad_activation_body_is_a_400(admin_client, body, fields):
    member = staff_member()
    assert refusal(admin_client.patch(detail(member.pk), body, format="json"), 400)["fields"] == fields
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.parametrize("who", [staff_member, customer])
def test_only_admins(who, api_client):
    member = staff_member(email="t@shop.example")
    client = client_for(who())
    calls = [
        client.get(LIST),
        client.post(INVITE, {"email": "x@shop.example", "role": "staff"}, format="json"),
        client.patch(detail(member.pk), {"is_active": False}, format="json"),
    ]
    assert [c.status_code for c in calls] == [403, 403, 403]
    assert api_client.get(LIST).status_code == 401
    member.refresh_from_db()
    assert member.is_active and not User.objects.filter(email="x@shop.example").exists()


def test_a_patch_without_is_active_changes_nothing(admin_client):
    member = staff_member()
    response = admin_client.patch(detail(member.pk), {}, format="json")
    assert response.status_code == 200 and response.json()["is_active"] is True
    assert not AuditLog.objects.filter(object_id=str(member.pk)).exists()
    assert refusal(admin_client.patch(detail(customer().pk), {}, format="json"), 404)
