from orders.tests.fixtures import *  # noqa: F401,F403

import pytest


@pytest.fixture
def razorpay(settings, monkeypatch):
    """Razorpay configured against a local server speaking its API; the dev gateway off."""
    from payments.tests.fake_razorpay import FakeRazorpay

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = FakeRazorpay("rzp_test_key123", "key-secret-abc").start()
    settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET = server.key_id, server.key_secret
    settings.RAZORPAY_WEBHOOK_SECRET = "webhook-secret-xyz"  # a different secret from the key secret
    settings.RAZORPAY_API_BASE = server.url
    settings.PAYMENTS_DEV_GATEWAY = False
    yield server
    server.stop()
