from datetime import timedelta

import pytest
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken
from rest_framework_simplejwt.utils import aware_utcnow

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tests.helpers import bearer, error_fields, sign_in

pytestmark = pytest.mark.django_db

REFRESH_URL = "/api/auth/token/refresh/"
LOGOUT_URL = "/api/auth/logout/"
ME_URL = "/api/auth/me/"


# --- Sign in


def test_sign_in_with_good_credentials_returns_a_working_pair(api_client, user):
    response = sign_in(api_client, user.email)

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"access", "refresh"}
    assert AccessToken(body["access"])["user_id"] == str(user.pk)
    me = bearer(api_client, body["access"]).get(ME_URL)
    assert me.status_code == 200
    assert me.json()["id"] == user.pk
    user.refresh_from_db()
    assert user.last_login is not None


def test_sign_in_email_is_case_insensitive(api_client):
    UserFactory(email="asha@example.in")
    assert sign_in(api_client, "  ASHA@Example.in ").status_code == 200


def test_unknown_email_and_wrong_password_get_the_same_answer(api_client, user):
    unknown = sign_in(api_client, "nobody@example.in")
    wrong = sign_in(api_client, user.email, "Wrong-password-123")

    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert unknown.json()["error"]["code"] == "no_active_account"


def test_inactive_user_cannot_sign_in_and_gets_the_same_answer(api_client):
    inactive = UserFactory(is_active=False)
    unknown = sign_in(api_client, "nobody@example.in")
    response = sign_in(api_client, inactive.email)
    assert response.status_code == 401
    assert response.json() == unknown.json()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "a@example.in"}, "password"),
        ({"password": DEFAULT_PASSWORD}, "email"),
        ({"email": ["a@example.in"], "password": DEFAULT_PASSWORD}, "email"),
        ({"email": "a@example.in", "password": 1234567890}, "password"),
        ({"email": "a" * 255, "password": DEFAULT_PASSWORD}, "email"),
        ({"email": "a@example.in", "password": "x" * 129}, "password"),
        ({"email": "a@example.in", "password": DEFAULT_PASSWORD, "username": "a"}, "username"),
    ],
)
def test_sign_in_with_malformed_input_is_a_400(api_client, payload, field):
    response = api_client.post("/api/auth/token/", payload, format="json")
    assert response.status_code == 400
    assert field in error_fields(response)


# --- Refresh with rotation


def test_refresh_rotates_and_the_used_refresh_is_then_refused(api_client, user):
    first = sign_in(api_client, user.email).json()

    rotated = api_client.post(REFRESH_URL, {"refresh": first["refresh"]}, format="json")
    assert rotated.status_code == 200, rotated.content
    second = rotated.json()
    assert set(second) == {"access", "refresh"}
    assert second["refresh"] != first["refresh"]
    assert BlacklistedToken.objects.filter(token__jti=RefreshToken(second["refresh"], verify=False)["jti"]).count() == 0

    reused = api_client.post(REFRESH_URL, {"refresh": first["refresh"]}, format="json")
    assert reused.status_code == 401
    assert reused.json()["error"]["code"] == "token_not_valid"

    again = api_client.post(REFRESH_URL, {"refresh": second["refresh"]}, format="json")
    assert again.status_code == 200
    assert bearer(api_client, again.json()["access"]).get(ME_URL).status_code == 200


def test_an_access_token_cannot_be_used_as_a_refresh(api_client, user):
    pair = sign_in(api_client, user.email).json()
    response = api_client.post(REFRESH_URL, {"refresh": pair["access"]}, format="json")
    assert response.status_code == 401


def test_an_expired_refresh_is_refused(api_client, user):
    refresh = RefreshToken.for_user(user)
    refresh.set_exp(from_time=aware_utcnow() - timedelta(days=30), lifetime=timedelta(days=7))
    response = api_client.post(REFRESH_URL, {"refresh": str(refresh)}, format="json")
    assert response.status_code == 401


def test_refresh_of_a_deleted_user_is_a_401_not_a_crash(api_client):
    doomed = UserFactory()
    refresh = str(RefreshToken.for_user(doomed))
    doomed.delete()
    response = api_client.post(REFRESH_URL, {"refresh": refresh}, format="json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "no_active_account"


def test_refresh_of_a_deactivated_user_is_refused(api_client, user):
    refresh = str(RefreshToken.for_user(user))
    user.is_active = False
    user.save()
    assert api_client.post(REFRESH_URL, {"refresh": refresh}, format="json").status_code == 401


@pytest.mark.parametrize("payload", [{}, {"refresh": ""}, {"refresh": 123}, {"refresh": "x" * 3000}])
def test_refresh_with_malformed_input_is_a_400(api_client, payload):
    response = api_client.post(REFRESH_URL, payload, format="json")
    assert response.status_code == 400
    assert "refresh" in error_fields(response)


def test_refresh_with_garbage_is_a_401(api_client):
    response = api_client.post(REFRESH_URL, {"refresh": "not.a.token"}, format="json")
    assert response.status_code == 401


# --- Logout


def test_logout_blacklists_the_refresh(api_client, user):
    pair = sign_in(api_client, user.email).json()

    response = api_client.post(LOGOUT_URL, {"refresh": pair["refresh"]}, format="json")

    assert response.status_code == 204
    assert BlacklistedToken.objects.filter(token__jti=RefreshToken(pair["refresh"], verify=False)["jti"]).exists()
    refused = api_client.post(REFRESH_URL, {"refresh": pair["refresh"]}, format="json")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "token_not_valid"
    # Logging out twice with the same token is refused too.
    assert api_client.post(LOGOUT_URL, {"refresh": pair["refresh"]}, format="json").status_code == 401


def test_logout_leaves_other_sessions_alone(api_client, user):
    phone = sign_in(api_client, user.email).json()
    laptop = sign_in(api_client, user.email).json()
    assert api_client.post(LOGOUT_URL, {"refresh": phone["refresh"]}, format="json").status_code == 204
    assert api_client.post(REFRESH_URL, {"refresh": laptop["refresh"]}, format="json").status_code == 200


def test_logout_works_with_an_expired_access_header(api_client, user):
    pair = sign_in(api_client, user.email).json()
    api_client.credentials(HTTP_AUTHORIZATION="Bearer expired.or.garbage")
    assert api_client.post(LOGOUT_URL, {"refresh": pair["refresh"]}, format="json").status_code == 204


def test_logout_refuses_an_access_token_and_garbage(api_client, user):
    pair = sign_in(api_client, user.email).json()
    as_access = api_client.post(LOGOUT_URL, {"refresh": pair["access"]}, format="json")
    assert as_access.status_code == 401
    assert as_access["WWW-Authenticate"].startswith("Bearer")
    assert api_client.post(LOGOUT_URL, {"refresh": "garbage"}, format="json").status_code == 401
    assert not BlacklistedToken.objects.exists()


def test_logout_without_a_refresh_is_a_400(api_client):
    response = api_client.post(LOGOUT_URL, {}, format="json")
    assert response.status_code == 400
    assert "refresh" in error_fields(response)


# --- Access tokens at protected endpoints


def test_expired_access_token_is_a_401(api_client, user):
    access = AccessToken.for_user(user)
    access.set_exp(from_time=aware_utcnow() - timedelta(hours=1), lifetime=timedelta(minutes=10))

    response = bearer(api_client, str(access)).get(ME_URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_not_valid"


def test_forged_access_token_is_a_401(api_client, user, settings):
    genuine = AccessToken.for_user(user)
    forged = TokenBackend("HS256", signing_key="an-attacker-key-that-is-not-ours-0123456789").encode(genuine.payload)

    assert bearer(api_client, str(genuine)).get(ME_URL).status_code == 200  # control: same claims, our key
    response = bearer(api_client, forged).get(ME_URL)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_not_valid"


def test_unsigned_token_is_a_401(api_client, user):
    payload = AccessToken.for_user(user).payload
    import base64
    import json

    def b64(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(payload)}."
    assert bearer(api_client, unsigned).get(ME_URL).status_code == 401


def test_a_refresh_token_is_not_an_access_token(api_client, user):
    refresh = RefreshToken.for_user(user)
    assert bearer(api_client, str(refresh)).get(ME_URL).status_code == 401
