"""The API's error vocabulary: every code an answer's {"error": {"code"}} can carry, each with one status.

The codes are declared by the ErrorCode enums in each app's error_codes module (core.errors holds the ones
DRF, Django and core's middleware answer with). A code added, renamed or given another status is a change
of the API contract: it must show up in VOCABULARY below and in docs/api.md.
"""

import importlib
import json
import re
from collections import defaultdict
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from accounts.tests.helpers import sign_in
from conftest import client_for, refusal
from core.errors import ErrorCode
from staff.tests.factories import customer

# Today's vocabulary, code -> HTTP status.
VOCABULARY = {
    "account_exists": 409,
    "address_limit": 400,
    "already_reviewed": 409,
    "amount_too_large": 400,
    "amount_too_small": 400,
    "bad_authorization_header": 401,
    "booking_failed": 409,
    "cart_empty": 400,
    "cod_not_offered": 400,
    "complaint_closed": 409,
    "conflict": 409,
    "consent_text_changed": 409,
    "coupon_already_used": 400,
    "coupon_expired": 400,
    "coupon_inactive": 400,
    "coupon_min_subtotal": 400,
    "coupon_not_applicable": 400,
    "coupon_not_found": 400,
    "coupon_not_started": 400,
    "coupon_used_up": 409,
    "currency_not_supported": 400,
    "default_required": 400,
    "duplicate_imei": 400,
    "erasure_not_confirmed": 400,
    "exchange_rate_stale": 409,
    "exchange_rate_unavailable": 409,
    "gateway_mismatch": 502,
    "gateway_refused": 502,
    "gateway_unavailable": 502,
    "idempotency_key_reused": 422,
    "illegal_transition": 409,
    "imei_required": 409,
    "import_invalid": 400,
    "insufficient_stock": 409,
    "invalid": 400,
    "invalid_address": 400,
    "invalid_code": 401,
    "invalid_currency": 400,
    "invalid_idempotency_key": 400,
    "invalid_mobile": 400,
    "invalid_imei": 400,
    "invalid_payload": 400,
    "invalid_photo": 400,
    "invalid_pincode": 400,
    "invalid_quantity": 400,
    "invalid_rate": 400,
    "invalid_reset_link": 400,
    "invalid_signature": 400,
    "invalid_token": 401,
    "last_admin": 409,
    "locked_out": 429,
    "method_not_allowed": 405,
    "no_active_account": 401,
    "not_acceptable": 406,
    "not_authenticated": 401,
    "not_cancellable": 409,
    "not_found": 404,
    "not_refundable": 409,
    "not_returnable": 400,
    "not_shippable": 409,
    "nothing_to_refund": 409,
    "order_not_payable": 409,
    "orders_in_progress": 409,
    "out_of_stock": 409,
    "own_account": 400,
    "own_role": 400,
    "parse_error": 400,
    "password_changed": 401,
    "password_unchanged": 400,
    "payment_in_progress": 409,
    "payment_method_unavailable": 400,
    "payment_mismatch": 400,
    "cod_invalid_code": 400,
    "cod_too_many_attempts": 429,
    "cod_too_many_codes": 429,
    "cod_not_awaiting_confirmation": 409,
    "cod_not_blocked": 409,
    "cod_remittance_invalid": 400,
    "permission_denied": 403,
    "pincode_not_serviceable": 400,
    "price_above_mrp": 400,
    "refund_exceeds_charge": 409,
    "registration_refused": 400,
    "return_already_open": 409,
    "return_step_not_allowed": 409,
    "return_window_closed": 400,
    "server_error": 500,
    "service_unavailable": 503,  # declared for every app; nothing answers it yet
    "shipment_required": 409,
    "stale_version": 409,
    "staff_account": 403,
    "superuser": 400,
    "throttled": 429,
    "token_not_valid": 401,
    "too_large": 413,
    "units_not_editable": 409,
    "unsupported_media_type": 415,
    "user_inactive": 401,
    "user_not_found": 401,
    "variant_unavailable": 409,
    "webhook_not_configured": 503,
    "wrong_password": 400,
    "wrong_payment_method": 400,
    "wishlist_full": 400,
    "alert_limit": 400,
    "variant_in_stock": 409,
    "invalid_unsubscribe_link": 400,
    "expired_unsubscribe_link": 400,
    "awb_not_assigned": 404,  # shipping labels and pickup manifests
    "carrier_refused": 502,  # shipping labels and pickup manifests
    "carrier_unavailable": 503,  # shipping labels and pickup manifests
    "manifest_exists": 409,  # shipping labels and pickup manifests
    "nothing_to_manifest": 409,  # shipping labels and pickup manifests
    "shipment_cancelled": 409,  # shipping labels and pickup manifests
}


def _has_error_codes(app_name: str) -> bool:
    try:
        importlib.import_module(f"{app_name}.error_codes")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app_name}.error_codes":
            raise  # the module exists but imports something missing
        return False
    return True


def _enums(base: type[ErrorCode]) -> list[type[ErrorCode]]:
    return [sub for direct in base.__subclasses__() for sub in (direct, *_enums(direct))]


def answered_codes() -> dict[str, set[int]]:
    """Every code the installed apps declare (importing each app's error_codes module), with the statuses
    it is declared with."""
    statuses: dict[str, set[int]] = defaultdict(set)
    for app in apps.get_app_configs():
        _has_error_codes(app.name)  # imports it, so its enum is among ErrorCode's subclasses
    for enum in _enums(ErrorCode):
        for member in enum:
            statuses[member.value].add(member.http_status)
    return dict(statuses)


def test_the_vocabulary_is_what_the_api_answers_today():
    assert sorted(answered_codes()) == sorted(VOCABULARY)


def test_each_code_has_one_status():
    statuses = answered_codes()
    assert {code: found for code, found in statuses.items() if len(found) > 1} == {}
    assert {code: found.pop() for code, found in statuses.items()} == VOCABULARY


def test_docs_api_md_documents_each_code_with_its_status():
    """docs/api.md's table: rows of `code` (or `a` / `b`) | status | meaning."""
    docs = Path(__file__).resolve().parents[3] / "docs" / "api.md"
    documented = {}
    for codes, status in re.findall(r"^\| (`[a-z_]+`(?: / `[a-z_]+`)*) \| (\d{3}) \|", docs.read_text(), re.M):
        documented.update({code: int(status) for code in re.findall(r"`([a-z_]+)`", codes)})
    assert documented == VOCABULARY


# --- The codes no app raises itself: DRF, Django, simplejwt and core's middleware answer with them.


def _garbage_token(client, user):
    client.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")


def _two_part_header(client, user):
    client.credentials(HTTP_AUTHORIZATION="Bearer one two")


def _deleted_user(client, user):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    user.delete()


def _inactive_user(client, user):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    user.is_active = False
    user.save(update_fields=["is_active"])


def _changed_password(client, user):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    user.set_password("Another-Harbour-77")
    user.save(update_fields=["password"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spoil", "code"),
    [
        (None, "not_authenticated"),
        (_garbage_token, "token_not_valid"),
        (_two_part_header, "bad_authorization_header"),
        (_deleted_user, "user_not_found"),
        (_inactive_user, "user_inactive"),
        (_changed_password, "password_changed"),
    ],
)
def test_simplejwt_refusals_are_in_the_vocabulary(api_client, spoil, code):
    if spoil is not None:
        spoil(api_client, UserFactory())
    assert refusal(api_client.get("/api/auth/me/"), VOCABULARY[code])["code"] == code


@pytest.mark.django_db
def test_a_wrong_password_is_in_the_vocabulary(api_client, user):
    assert refusal(sign_in(api_client, user.email, DEFAULT_PASSWORD + "x"), 401)["code"] == "no_active_account"


@pytest.mark.django_db
def test_drf_django_and_middleware_refusals_are_in_the_vocabulary(api_client, settings):
    def code_of(response) -> str:
        code = response.json()["error"]["code"]
        assert response.status_code == VOCABULARY[code], (code, response.status_code)
        return code

    def second_of_two(path: str):
        api_client.post(path, {}, format="json")
        return api_client.post(path, {}, format="json")

    settings.API_MAX_BODY_BYTES = 64
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "auth_password_reset_ip": "1/h"}
    post = api_client.generic
    answers = {
        "invalid": api_client.post("/api/auth/register/", {}, format="json"),
        "parse_error": post("POST", "/api/auth/token/", b'{"email": ', content_type="application/json"),
        "permission_denied": client_for(customer()).get("/api/staff/variants/"),
        "not_found": api_client.get("/api/no-such-endpoint/"),
        "method_not_allowed": api_client.delete("/api/products/"),
        "not_acceptable": api_client.get("/api/products/", HTTP_ACCEPT="text/csv"),
        "too_large": post("POST", "/api/auth/token/", json.dumps({"email": "a" * 64}), content_type="application/json"),
        "unsupported_media_type": post("POST", "/api/auth/token/", b"a=b", content_type="text/plain"),
        "throttled": second_of_two("/api/auth/password/reset/"),
    }
    assert {expected: code_of(response) for expected, response in answers.items()} == {c: c for c in answers}
    with mock.patch("catalog.api.views.selectors.category_tree", side_effect=RuntimeError("boom")):
        assert code_of(api_client.get("/api/categories/")) == "server_error"
