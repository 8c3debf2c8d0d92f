"""Property-based fuzzing of the whole API from its own OpenAPI description (schemathesis, every check):
no 5xx, no answer that breaks the schema, schema-valid data mostly accepted, for anonymous callers and for
a signed-in shop admin. The number of examples per operation is bounded (SCHEMATHESIS_MAX_EXAMPLES, default 10) to keep
`make test` quick; raise it locally for a deeper run."""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))

# Every check runs. positive_data_acceptance also accepts a 400 (in the error shape, which
# response_schema_conformance checks): schema-valid input can still break a rule an OpenAPI schema cannot
# state: the rest of the password policy, price <= MRP, price_min <= price_max, a page past the last one, a
# refresh token that must be a real one, an unknown category slug. How often that may happen is judged
# per operation below (PositiveAnswers).
# Unknown query parameters are not generated: the API ignores them, as HTTP APIs conventionally do
# (campaign tags and the like); unknown body keys are refused wherever the schema says
# additionalProperties: false, and schemathesis tests that.
CONFIG = {
    "checks": {
        "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]}
    },
    "generation": {"allow-extra-parameters": False},
}


# Schema-valid data must be mostly accepted. positive_data_acceptance judges one request at a time and lets
# a 400 pass (above); this judges each operation's run as a whole, as schemathesis' "validation mismatch"
# warning does: an operation whose schema-valid examples are refused as invalid more often than accepted
# has a schema that does not say what the API enforces (a constraint the serializer checks and the schema
# leaves out). Refusals that are the design, however well-formed the request, do not count; each is listed
# with its reason, as "error code" or "error code:field".
DESIGN_REFUSALS = {
    "*": {"invalid:page": "a page past the last one: how many pages there are is data, not schema"},
    "GET /api/products/": {"invalid:category": "category slugs are data: an unknown one is refused"},
    "GET /api/shipping/estimate/": {
        "invalid_pincode": "a well-formed pincode of a postal circle that does not exist (10…, 35…): India Post's data",
        "invalid:variant": "variant ids are data: one not on sale is refused",
    },
    "POST /api/cart/coupon/": {
        "coupon_not_found": "coupon codes are data: a guessed one is refused (and guessing is rate limited)",
        "coupon_not_applicable": "whether a coupon covers the cart's phones is data",
        "coupon_min_subtotal": "the cart's value against the coupon's minimum is data",
    },
    "POST /api/staff/coupons/": {
        "invalid:brand": "brand ids are data: an unknown one is refused",
        "invalid:category": "category ids are data: an unknown one is refused",
        "invalid:code": "codes are unique in any spelling: data, not schema",
        "invalid:value": "a percent coupon's value is at most 100, a flat one's is rupees: depends on kind",
        "invalid:max_discount": "a cap is for percent coupons only: depends on kind",
        "invalid:valid_until": "valid_until after valid_from compares two fields: no schema can say it",
    },
    "PATCH /api/staff/coupons/{id}/": {
        "invalid:brand": "brand ids are data: an unknown one is refused",
        "invalid:category": "category ids are data: an unknown one is refused",
        "invalid:code": "codes are unique in any spelling: data, not schema",
        "invalid:value": "a percent coupon's value is at most 100, a flat one's is rupees: depends on the stored kind",
        "invalid:max_discount": "a cap is for percent coupons only: depends on the stored kind",
        "invalid:valid_until": "valid_until after valid_from compares the request with the stored coupon",
    },
    "POST /api/checkout/": {
        "cart_empty": "the fuzzed shopper's cart is empty: nothing to order",
        "payment_method_unavailable": "which methods are offered is configuration (GET /api/checkout/options/)",
        "cod_not_offered": "cash on delivery depends on the cart, the pincode, the carrier and the shopper's record",
        "invalid:address.state": "a state name is matched against India's states and must agree with state_code",
        "invalid:buyer_gstin": "a GSTIN's last character is GSTN's checksum of the others: no pattern can state it",
    },
    **{
        operation: {"invalid:state": "a state name is matched against India's states and must agree with state_code"}
        for operation in ("POST /api/addresses/", "PUT /api/addresses/{id}/", "PATCH /api/addresses/{id}/")
    },
    "GET /api/staff/reports/gstr1/": {
        "invalid:month": "a month still to come, or before GST began (July 2017): which months have passed is the clock"
    },
    "PATCH /api/staff/variants/{id}/": {
        "price_above_mrp": "price <= MRP compares the request with the stored variant: no schema can say it"
    },
    "POST /api/staff/variants/bulk/": {
        "price_above_mrp": "a price changed by a percent against the stored MRP: data, not schema",
        "invalid:stock": "the operation names which of stock and percent it takes: depends on another field",
        "invalid:percent": "the operation names which of stock and percent it takes: depends on another field",
    },
    "POST /api/staff/catalog/import/": {
        "import_invalid": "a CSV's columns and rows are data: the import checks them, no schema of a file can",
    },
    "POST /api/staff/cod/remittances/": {
        "cod_remittance_invalid": "AWBs and UTRs are data: an unknown, undelivered or remitted parcel is refused",
    },
    "POST /api/orders/{id}/cod/confirm/": {"cod_invalid_code": "only the code sent to the order's mobile works"},
    "GET /api/staff/units/": {"invalid_imei": "an IMEI's last digit is a Luhn check digit: no pattern can say it"},
    "POST /api/staff/orders/{id}/units/": {
        "invalid_imei": "an IMEI's last digit is a Luhn check digit: no pattern can say it",
        "duplicate_imei": "IMEIs unique in the request and among units sold: data, not schema",
    },
    "POST /api/auth/password/change/": {"wrong_password": "old_password must be the account's current password"},
    "PATCH /api/staff/users/{id}/": {
        "own_account": "the id is the signed-in admin's own: who is asking is the request's, not the schema's",
        "superuser": "a superuser's account is the Django admin's: which accounts are superusers is data",
    },
    "POST /api/staff/users/invite/": {
        "invalid:role": "the role enum is the accounts' one (as PUT .../role/ takes it); a customer is not invited",
    },
    "POST /api/account/erasure/": {
        "invalid:password": "exactly one of password and code confirms a deletion: no schema here states 'one of'",
        "invalid:code": "exactly one of password and code confirms a deletion: no schema here states 'one of'",
        "erasure_not_confirmed": "only the account's password or the code mailed to it confirms",
    },
    "POST /api/auth/password/reset/confirm/": {"invalid_reset_link": "only the uid and token of an emailed link work"},
    "POST /api/alerts/unsubscribe/": {"invalid_unsubscribe_link": "only the signed token of a link we sent works"},
    "POST /api/payments/dev/confirm/": {"payment_method_unavailable": "the dev gateway is off here, as in production"},
    "POST /api/payments/razorpay/webhook/": {"invalid_signature": "only a body signed with Razorpay's secret is read"},
    "POST /api/payments/stripe/webhook/": {"invalid_signature": "only a body signed with Stripe's secret is read"},
    "POST /api/staff/manifests/": {"invalid:date": "a manifest is for today or a day gone: the clock's, not schema"},
}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def normalised_away(case) -> bool:
    """A string with a NUL, or of whitespace only: every string field refuses the first and trims the second
    to blank (DRF's CharField), API-wide; a JSON Schema could say it only with a pattern on each string."""
    parts = (case.path_parameters, case.query, case.body)
    return any("\x00" in text or (text and not text.strip()) for text in _strings(parts))


class PositiveAnswers:
    """What the API answered to one operation's schema-valid (positive) requests."""

    def __init__(self):
        self.operation = None
        self.accepted = 0
        self.refused = Counter()  # "code {field: messages}" → how often

    def record(self, case, response):
        if case.meta is None or not case.meta.generation.mode.is_positive or normalised_away(case):
            return
        self.operation = case.operation.label
        if response.status_code < 400:
            self.accepted += 1
        elif response.status_code in (400, 422):
            error = response.json()["error"]
            excused = {**DESIGN_REFUSALS["*"], **DESIGN_REFUSALS.get(self.operation, {})}
            if error["code"] not in excused and not any(f"{error['code']}:{f}" in excused for f in error["fields"]):
                self.refused[f"{error['code']} {error['fields']}"] += 1

    def mismatch(self) -> str | None:
        refused = sum(self.refused.values())
        if refused <= self.accepted:
            return None
        reasons = "\n".join(f"  {count} × {reason}" for reason, count in self.refused.most_common(5))
        return (
            f"{self.operation}: {refused} schema-valid requests refused as invalid, {self.accepted} accepted; "
            f"the schema does not say what the API enforces:\n{reasons}"
        )


@pytest.fixture
def positive_answers():
    answers = PositiveAnswers()
    yield answers
    problem = answers.mismatch()
    if problem:
        pytest.fail(problem, pytrace=False)


def load_schema():
    # At collection (schemathesis' lazy fixture loader does not work with pytest 9); the schema view
    # touches no database.
    with override_settings(ALLOWED_HOSTS=["*"]):
        return schemathesis.openapi.from_wsgi(
            "/api/schema/", get_wsgi_application(), config=SchemathesisConfig.from_dict(CONFIG)
        )


schema = load_schema()
admin_schema = load_schema()


@admin_schema.auth(refresh_interval=None)
class ShopAdminToken:
    """Every generated request of the admin run is signed in as a shop admin (schemathesis still leaves
    the token out, or spoils it, where it tests that the API refuses such requests)."""

    token: str | None = None  # set for each test by the _fuzzing_settings fixture

    def get(self, case, ctx):
        return ShopAdminToken.token

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


# Derandomized: the same examples on every run, so CI never flakes; SCHEMATHESIS_MAX_EXAMPLES widens it.
fuzz = hypothesis_settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(autouse=True)
def _fuzzing_settings(settings, db, catalog, razorpay, stripe_api):
    """A small catalog to explore, the payment gateways configured as in production."""
    from rest_framework_simplejwt.tokens import RefreshToken

    from staff.tests.factories import shop_admin

    settings.RATELIMIT_ENABLE = False  # fuzzing is not brute force; the limits have their own tests
    settings.ALLOWED_HOSTS = ["*"]
    ShopAdminToken.token = str(RefreshToken.for_user(shop_admin()).access_token)
    # The WSGI app is called directly (not through Django's test client), so keep it from closing the
    # test's database connection at the end of each request, as the test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    ShopAdminToken.token = None


def call_and_validate(case, positive_answers):
    response = case.call()
    positive_answers.record(case, response)
    case.validate_response(response)


@schema.parametrize()
@fuzz
def test_api_as_a_stranger(case, positive_answers):
    call_and_validate(case, positive_answers)


@admin_schema.parametrize()
@fuzz
def test_api_as_a_shop_admin(case, positive_answers):
    call_and_validate(case, positive_answers)
