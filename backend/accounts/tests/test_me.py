import pytest

from accounts.tests.helpers import error_fields

pytestmark = pytest.mark.django_db

URL = "/api/auth/me/"


def test_me_requires_authentication(api_client):
    response = api_client.get(URL)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert api_client.patch(URL, {"full_name": "X"}, format="json").status_code == 401


def test_me_returns_the_signed_in_user(auth_client, user):
    response = auth_client.get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "email": user.email,
        "mobile": None,
        "full_name": user.full_name,
        "phone": user.phone,
        "date_joined": response.json()["date_joined"],
        "otp_enabled": False,
        "otp_channel": "email",
        "sms_updates": True,  # on until the shopper turns it off
        "role": "customer",
    }


def test_patch_changes_name_and_phone(auth_client, user):
    response = auth_client.patch(URL, {"full_name": "Ravi Kumar", "phone": "9123456780"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["full_name"] == "Ravi Kumar"
    assert response.json()["phone"] == "9123456780"
    user.refresh_from_db()
    assert (user.full_name, user.phone) == ("Ravi Kumar", "9123456780")


def test_patch_can_clear_the_phone(auth_client, user):
    user.phone = "9123456780"
    user.save()
    assert auth_client.patch(URL, {"phone": ""}, format="json").status_code == 200
    user.refresh_from_db()
    assert user.phone == ""


@pytest.mark.parametrize("phone", ["98765", "98765432101", "5876543210", "98765abcde", "+919876543210", 9876543210])
def test_patch_validates_the_phone(auth_client, user, phone):
    response = auth_client.patch(URL, {"phone": phone}, format="json")

    assert response.status_code == 400
    assert "phone" in error_fields(response)
    user.refresh_from_db()
    assert user.phone == ""


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "new@example.in"}, "email"),
        ({"id": 999}, "id"),
        ({"is_staff": True}, "is_staff"),
        ({"password": "Another-passphrase-1"}, "password"),
        ({"full_name": ""}, "full_name"),
        ({"full_name": "N" * 151}, "full_name"),
        ({"full_name": {"first": "A"}}, "full_name"),
    ],
)
def test_patch_refuses_other_fields_and_bad_values(auth_client, user, payload, field):
    before = (user.email, user.full_name, user.is_staff, user.password)

    response = auth_client.patch(URL, payload, format="json")

    assert response.status_code == 400
    assert field in error_fields(response)
    user.refresh_from_db()
    assert (user.email, user.full_name, user.is_staff, user.password) == before


def test_the_shopper_turns_sms_updates_off_and_on(auth_client, user):
    for choice in (False, True):
        response = auth_client.patch(URL, {"sms_updates": choice}, format="json")
        assert response.status_code == 200 and response.json()["sms_updates"] is choice
        user.refresh_from_db()
        assert user.sms_updates is choice


@pytest.mark.parametrize("value", ["no", "false", 0, None, [], {"on": True}])
def test_sms_updates_takes_only_a_boolean(auth_client, user, value):
    response = auth_client.patch(URL, {"sms_updates": value}, format="json")
    assert response.status_code == 400 and "sms_updates" in error_fields(response)
    user.refresh_from_db()
    assert user.sms_updates is True


def test_put_is_not_offered(auth_client):
    assert auth_client.put(URL, {"full_name": "X", "phone": ""}, format="json").status_code == 405
