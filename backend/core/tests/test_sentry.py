"""Sentry (core.observability.errors): an exception in a view reaches Sentry with its type and where it happened,
never the shopper's email, mobile number, address or the request's credentials."""

import json

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from core.observability import errors, scrub

pytestmark = pytest.mark.urls("core.tests.observed_urls")

EMAIL, PHONE, PHONE_91 = "asha.rao@example.in", "9876543210", "+91 98450 12345"
ADDRESS = "Flat 4B, Lakeview Apartments, 12th Cross, Indiranagar"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.secret-access-token.sig"


class Recorder(Transport):
    envelopes: list[bytes] = []

    def capture_envelope(self, envelope) -> None:
        Recorder.envelopes.append(envelope.serialize())


@pytest.fixture
def sentry(settings):
    Recorder.envelopes = []
    assert errors.setup(dsn="https://public@sentry.example.invalid/1", transport=Recorder)
    yield Recorder.envelopes
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: off again for the other tests


def test_nothing_starts_without_a_dsn(settings):
    settings.SENTRY_DSN = ""
    assert errors.setup() is False


def test_a_crash_reaches_sentry_with_its_type_and_without_personal_data(sentry, api_client):
    api_client.raise_request_exception = False
    body = {"email": EMAIL, "phone": PHONE, "alt_phone": PHONE_91, "address": {"line1": ADDRESS}, "note": ADDRESS}
    response = api_client.post(
        "/api/test/crash/",
        body,
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
        HTTP_COOKIE=f"sessionid={TOKEN}",
        HTTP_X_REQUEST_ID="req-sentry-0001",
    )
    assert response.status_code == 500
    assert sentry_sdk.get_client().should_send_default_pii() is False
    sentry_sdk.flush()

    sent = b"\n".join(sentry).decode()
    assert sent, "no event sent"
    assert "ValueError" in sent and "observed_urls.py" in sent and "/api/test/crash/" in sent
    for secret in (EMAIL, PHONE, "98450 12345", "98450", ADDRESS, "Indiranagar", TOKEN, "sessionid"):
        assert secret not in sent, secret
    event = next(json.loads(line) for line in sent.splitlines() if line.startswith("{") and '"exception"' in line)
    assert event["exception"]["values"][-1]["value"] == "could not deliver to [Filtered] / [Filtered]"
    # The body's shape stays (which fields came), none of its text.
    assert event["request"]["data"] == {
        "email": "[Filtered]",
        "phone": "[Filtered]",
        "alt_phone": "[Filtered]",
        "address": "[Filtered]",
        "note": "[Filtered]",
    }


@pytest.mark.parametrize(
    "text",
    [
        "call 9876543210",
        "call +91 98765 43210",
        "call +919876543210",
        "call 09876543210",
        "call 98765-43210",
        "mail a.b+c@shop.co.in",
        "Authorization: Bearer abc.def-ghi",
    ],
)
def test_the_text_scrubber_finds_each_form(text):
    cleaned = scrub.text(text)
    assert "[Filtered]" in cleaned and not any(ch.isdigit() for ch in cleaned.split("[Filtered]")[0][5:])
    assert "98765" not in cleaned and "@shop" not in cleaned and "abc.def" not in cleaned


def test_the_text_scrubber_leaves_order_numbers_amounts_and_pincodes():
    kept = "Order PS-2026-000042 of ₹12999.00 to 560038, AWB 1234567890123, id 42"
    assert scrub.text(kept) == kept
