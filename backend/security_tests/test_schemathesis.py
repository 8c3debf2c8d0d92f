"""Property-based fuzzing of the whole API from its own OpenAPI description (schemathesis, every check):
no 5xx, no answer that breaks the schema, for anonymous callers and for a signed-in shop admin.
The number of examples per operation is bounded (SCHEMATHESIS_MAX_EXAMPLES, default 10) to keep
`make test` quick; raise it locally for a deeper run."""

import os

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
# state: the password policy, price <= MRP, price_min <= price_max, a page past the last one, a refresh
# token that must be a real one, an unknown category slug.
# Unknown query parameters are not generated: the API ignores them, as HTTP APIs conventionally do
# (campaign tags and the like); unknown body keys are refused wherever the schema says
# additionalProperties: false, and schemathesis tests that.
CONFIG = {
    "checks": {
        "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]}
    },
    "generation": {"allow-extra-parameters": False},
}


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


@schema.parametrize()
@fuzz
def test_api_as_a_stranger(case):
    case.call_and_validate()


@admin_schema.parametrize()
@fuzz
def test_api_as_a_shop_admin(case):
    case.call_and_validate()
