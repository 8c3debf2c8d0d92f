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


STRIPE_WEBHOOK_SECRET = "whsec_test_endpoint_secret"


@pytest.fixture
def stripe_api(db, settings, monkeypatch):
    """Stripe configured against a local server speaking its API; the dev gateway off; fresh rates for
    USD, EUR and JPY (units per 1 INR)."""
    from currency.services import set_rate
    from payments.tests.fake_stripe import FakeStripe

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    server = FakeStripe("sk_test_phonestore123").start()
    settings.STRIPE_SECRET_KEY = server.secret_key
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_phonestore123"
    settings.STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET
    settings.STRIPE_API_BASE = server.url
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    settings.STRIPE_CURRENCIES = ["INR", "USD", "EUR", "GBP", "AED", "SGD", "JPY"]
    settings.EXCHANGE_RATE_MARKUP_PERCENT = 0
    settings.PAYMENTS_DEV_GATEWAY = False
    for code, rate in (("USD", "0.0119"), ("EUR", "0.0110"), ("JPY", "1.78")):
        set_rate(code, rate, source="test")
    yield server
    server.stop()
