"""Property-based fuzzing of the whole API from its own OpenAPI description (schemathesis, every check):
no 5xx, no answer that breaks the schema, for anonymous callers and for a signed-in shop admin.
The number of examples per operation is bounded (SCHEMATHESIS_MAX_EXAMPLES, default 15) to keep
`make test` quick; raise it locally for a deeper run."""
import os

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, settings as hypothesis_settings

from catalog.tests.conftest import catalog  # noqa: F401  (the fixture: a small catalog to explore)
from staff.tests.factories import shop_admin

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))

# Every check runs. positive_data_acceptance also accepts a 400 (in the error shape, which
# response_schema_conformance checks): schema-valid input can still break a rule an OpenAPI schema cannot
# state: the password policy, price <= MRP, price_min <= price_max, a page past the last one, a refresh
# token that must be a real one, an unknown category slug.
CONFIG = SchemathesisConfig.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]}}})

# Loaded at collection (schemathesis' lazy fixture loader does not work with pytest 9); the schema view
# touches no database.
with override_settings(ALLOWED_HOSTS=["*"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)

fuzz = hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def _fuzzing_settings(settings, db, catalog):  # noqa: F811
    settings.RATELIMIT_ENABLE = False  # fuzzing is not brute force; the limits have their own tests
    settings.ALLOWED_HOSTS = ["*"]


@pytest.fixture
def admin_token(db):
    from rest_framework_simplejwt.tokens import RefreshToken

    return str(RefreshToken.for_user(shop_admin()).access_token)


@schema.parametrize()
@fuzz
def test_api_as_a_stranger(case):
    case.call_and_validate()


@schema.parametrize()
@fuzz
def test_api_as_a_shop_admin(case, admin_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_token}"})
