"""Every refusal of the accounts endpoints, answered whole: status, code, message, fields and headers."""

import pytest
from rest_framework.test import APIClient

from accounts import otp, password_reset, services
from accounts.lockout import LOCKED_MESSAGE
from accounts.tests.factories import DEFAULT_PASSWORD, AddressFactory, UserFactory
from accounts.tests.helpers import bearer, sign_in
from conftest import refusal

pytestmark = pytest.mark.django_db

BEARER = 'Bearer realm="api"'
NEW_PASSWORD = "Monsoon-Chai-Kettle-42"
ADDRESS = {
    "full_name": "Asha Rao",
    "phone": "9876543210",
    "line1": "12 MG Road",
    "city": "Bengaluru",
    "state": "Karnataka",
    "pincode": "560001",
}


@pytest.fixture
def lock_after(settings):
    def lock(failures: int) -> None:
        settings.AXES_FAILURE_LIMIT = failures
        settings.RATE_LIMITS = {
            **settings.RATE_LIMITS,
            "auth_token_account": "100/m",
            "auth_otp_verify_account": "100/m",
        }

    return lock


def test_a_taken_email_is_refused_neutrally(api_client):
    UserFactory(email="asha@example.in")
    body = {"email": "asha@example.in", "password": "A-brand-new-passphrase-7", "full_name": "Asha"}
    assert refusal(api_client.post("/api/auth/register/", body, format="json"), 400) == {
        "code": "registration_refused",
        "message": services.REGISTRATION_REFUSED,
        "fields": {"email": [services.REGISTRATION_REFUSED]},
    }


@pytest.mark.parametrize(
    ("old", "new", "code", "message", "field"),
    [
        ("Not-my-password-1", NEW_PASSWORD, "wrong_password", "Your current password is not correct.", "old_password"),
        (
            DEFAULT_PASSWORD,
            DEFAULT_PASSWORD,
            "password_unchanged",
            "Choose a password different from your current one.",
            "new_password",
        ),
    ],
)
def test_a_password_change_is_refused(auth_client, old, new, code, message, field):
    response = auth_client.post("/api/auth/password/change/", {"old_password": old, "new_password": new}, format="json")
    assert refusal(response, 400) == {"code": code, "message": message, "fields": {field: [message]}}


def test_the_twenty_first_address_is_refused(auth_client, user):
    AddressFactory.create_batch(services.MAX_ADDRESSES_PER_USER, user=user)
    assert refusal(auth_client.post("/api/addresses/", ADDRESS, format="json"), 400) == {
        "code": "address_limit",
        "message": "You can keep at most 20 addresses. Delete one to add another.",
        "fields": {},
    }


def test_the_default_address_cannot_be_unset(auth_client, user):
    home = services.create_address(user, **ADDRESS)
    message = "This is your default address. Make another address the default instead."
    response = auth_client.patch(f"/api/addresses/{home.pk}/", {"is_default": False}, format="json")
    assert refusal(response, 400) == {
        "code": "default_required",
        "message": message,
        "fields": {"is_default": [message]},
    }


def test_a_wrong_reset_link_is_refused(api_client, user):
    body = {"uid": "OTk5OTk", "token": "abc-123", "new_password": NEW_PASSWORD}
    assert refusal(api_client.post("/api/auth/password/reset/confirm/", body, format="json"), 400) == {
        "code": "invalid_reset_link",
        "message": password_reset.INVALID_LINK,
        "fields": {"token": [password_reset.INVALID_LINK]},
    }


def test_a_wrong_otp_code_is_a_401_naming_the_scheme(api_client):
    UserFactory(email="otp@example.in", otp_enabled=True)
    response = api_client.post("/api/auth/otp/verify/", {"email": "otp@example.in", "code": "000000"}, format="json")
    assert refusal(response, 401) == {"code": "invalid_code", "message": otp.INVALID_CODE, "fields": {}}
    assert response["WWW-Authenticate"] == BEARER and "Retry-After" not in response


def _assert_locked(response) -> None:
    assert refusal(response, 429) == {"code": "locked_out", "message": LOCKED_MESSAGE, "fields": {}}
    assert 1 <= int(response["Retry-After"]) <= 15 * 60 and "WWW-Authenticate" not in response


def test_the_otp_guess_that_reaches_the_limit_and_the_next_are_locked_out(api_client, lock_after):
    lock_after(2)
    UserFactory(email="otp@example.in", otp_enabled=True)
    guess = {"email": "otp@example.in", "code": "000000"}
    assert api_client.post("/api/auth/otp/verify/", guess, format="json").status_code == 401
    _assert_locked(api_client.post("/api/auth/otp/verify/", guess, format="json"))  # this failure locks
    _assert_locked(api_client.post("/api/auth/otp/verify/", guess, format="json"))  # refused before checking


def test_a_locked_sign_in_is_a_429_with_retry_after(api_client, user, lock_after):
    lock_after(2)
    assert sign_in(api_client, user.email, "Wrong-password-123").status_code == 401
    _assert_locked(sign_in(api_client, user.email, "Wrong-password-123"))
    _assert_locked(sign_in(api_client, user.email))


@pytest.mark.parametrize(
    ("refresh", "message"),
    [("garbage", "Token is invalid"), ("access", "Token has wrong type"), ("used", "Token is blacklisted")],
)
def test_logout_with_an_unusable_refresh_is_a_401_naming_the_scheme(api_client, user, refresh, message):
    pair = sign_in(APIClient(), user.email).json()
    if refresh == "used":
        assert api_client.post("/api/auth/logout/", {"refresh": pair["refresh"]}, format="json").status_code == 204
    token = {"garbage": "garbage", "access": pair["access"], "used": pair["refresh"]}[refresh]
    response = api_client.post("/api/auth/logout/", {"refresh": token}, format="json")
    assert refusal(response, 401) == {"code": "token_not_valid", "message": message, "fields": {}}
    assert response["WWW-Authenticate"] == BEARER


def test_a_garbage_access_token_is_refused_by_simplejwt(api_client, user):
    """simplejwt's own refusals keep their codes (token_not_valid) in the one shape."""
    response = bearer(api_client, "not.a.token").get("/api/auth/me/")
    assert refusal(response, 401)["code"] == "token_not_valid"
