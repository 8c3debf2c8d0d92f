import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tests.helpers import bearer, error_fields, sign_in

pytestmark = pytest.mark.django_db

URL = "/api/auth/password/change/"
NEW_PASSWORD = "Monsoon-Chai-Kettle-42"


def change(client, old=DEFAULT_PASSWORD, new=NEW_PASSWORD):
    return client.post(URL, {"old_password": old, "new_password": new}, format="json")


def test_password_change_needs_authentication(api_client):
    assert change(api_client).status_code == 401


def test_password_change_revokes_every_other_session_and_returns_a_fresh_pair(user):
    phone, laptop = APIClient(), APIClient()
    phone_pair = sign_in(phone, user.email).json()
    laptop_pair = sign_in(laptop, user.email).json()

    response = change(bearer(phone, phone_pair["access"]))

    assert response.status_code == 200, response.content
    fresh = response.json()
    assert set(fresh) == {"access", "refresh"}
    # Both earlier refresh tokens (this device's and the other's) are now refused.
    for old in (phone_pair["refresh"], laptop_pair["refresh"]):
        refused = APIClient().post("/api/auth/token/refresh/", {"refresh": old}, format="json")
        assert refused.status_code == 401
    # The other device's access token stops at once (CHECK_REVOKE_TOKEN), not when it expires.
    assert bearer(APIClient(), laptop_pair["access"]).get("/api/auth/me/").status_code == 401
    # The fresh pair works.
    assert APIClient().post("/api/auth/token/refresh/", {"refresh": fresh["refresh"]}, format="json").status_code == 200
    assert bearer(APIClient(), fresh["access"]).get("/api/auth/me/").status_code == 200
    # The password itself changed.
    assert sign_in(APIClient(), user.email, DEFAULT_PASSWORD).status_code == 401
    assert sign_in(APIClient(), user.email, NEW_PASSWORD).status_code == 200


def test_password_change_leaves_other_users_sessions_alone(user):
    other = UserFactory()
    other_pair = sign_in(APIClient(), other.email).json()
    assert change(bearer(APIClient(), sign_in(APIClient(), user.email).json()["access"])).status_code == 200
    refreshed = APIClient().post("/api/auth/token/refresh/", {"refresh": other_pair["refresh"]}, format="json")
    assert refreshed.status_code == 200


def test_wrong_current_password_is_refused(auth_client, user):
    response = change(auth_client, old="Not-my-password-1")

    assert response.status_code == 400
    assert error_fields(response) == {"old_password": ["Your current password is not correct."]}
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Sh0rt-pw", "This password is too short. It must contain at least 10 characters."),
        ("password1234", "This password is too common."),
        ("4817209356", "This password is entirely numeric."),
        ("meera.iyer-example", "The password is too similar to the email."),
        ("Meera-Iyer", "The password is too similar to the full name."),
    ],
)
def test_new_password_follows_the_policy(new, message):
    meera = UserFactory(email="meera.iyer@example.in", full_name="Meera Iyer")
    client = bearer(APIClient(), sign_in(APIClient(), meera.email).json()["access"])

    response = change(client, new=new)

    assert response.status_code == 400
    fields = error_fields(response)
    assert message in fields["new_password"]
    assert set(fields) == {"new_password"}
    assert User.objects.get(pk=meera.pk).check_password(DEFAULT_PASSWORD)


def test_new_password_must_differ(auth_client):
    response = change(auth_client, new=DEFAULT_PASSWORD)
    assert response.status_code == 400
    assert "new_password" in error_fields(response)


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"old_password": DEFAULT_PASSWORD},
        {"old_password": DEFAULT_PASSWORD, "new_password": 12345678901},
        {"old_password": DEFAULT_PASSWORD, "new_password": "y" * 129},
        {"old_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD, "email": "x@example.in"},
    ],
)
def test_malformed_input_is_a_400(auth_client, user, payload):
    response = auth_client.post(URL, payload, format="json")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
