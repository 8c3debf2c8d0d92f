"""The gateways call Razorpay and Stripe through their circuit breakers (core.breakers): a provider that keeps
failing is not called for a while (the shopper gets gateway_unavailable at once, no thread waits on it),
and a refusal (4xx) never counts as the provider failing."""

import time

import pytest

from core.breakers import breaker
from payments.gateways.base import GatewayError
from payments.gateways.razorpay_gateway import RazorpayGateway
from payments.gateways.stripe_gateway import StripeGateway


@pytest.fixture
def limits(settings):
    settings.BREAKER_FAIL_MAX = 3
    settings.BREAKER_RESET_SECONDS = 0.3
    settings.BREAKER_OVERRIDES = {}


def refused_code(call) -> str:
    with pytest.raises(GatewayError) as error:
        call()
    return error.value.code


def test_razorpay_failing_opens_its_breaker_then_a_probe_closes_it(limits, razorpay):
    gateway = RazorpayGateway()
    razorpay.down = True  # 503 SERVER_ERROR
    for _ in range(3):
        assert refused_code(lambda: gateway.fetch_payment("pay_1")) == "gateway_unavailable"
    assert len(razorpay.calls("GET", "/v1/payments")) == 3

    assert refused_code(lambda: gateway.fetch_payment("pay_1")) == "gateway_unavailable"
    assert len(razorpay.calls("GET", "/v1/payments")) == 3  # not asked

    razorpay.down = False
    time.sleep(0.35)
    assert refused_code(lambda: gateway.fetch_payment("pay_1")) == "gateway_refused"  # the probe: Razorpay answers
    assert breaker("razorpay").current_state == "closed"


def test_razorpay_refusals_do_not_open_it(limits, razorpay):
    gateway = RazorpayGateway()
    for _ in range(5):
        assert refused_code(lambda: gateway.fetch_payment("pay_unknown")) == "gateway_refused"  # 400
    assert breaker("razorpay").current_state == "closed"
    assert len(razorpay.calls("GET", "/v1/payments")) == 5


def test_razorpay_open_at_create_is_a_502_gateway_unavailable(limits, razorpay, auth_client, variant):
    from orders.tests.fixtures import add_to_cart, checkout

    add_to_cart(auth_client, variant, 1)
    order_id = checkout(auth_client, method="razorpay").json()["id"]
    razorpay.down = True
    for _ in range(4):
        response = auth_client.post("/api/payments/razorpay/create/", {"order_id": order_id}, format="json")
        assert response.status_code == 502 and response.json()["error"]["code"] == "gateway_unavailable"
    assert len(razorpay.calls("POST", "/v1/orders")) == 3


def test_stripe_failing_opens_its_breaker_and_refusals_do_not(limits, stripe_api):
    gateway = StripeGateway()
    for _ in range(5):
        assert refused_code(lambda: gateway.retrieve("pi_unknown")) == "gateway_refused"  # 404
    assert breaker("stripe").current_state == "closed"

    stripe_api.down = True  # 500
    for _ in range(3):
        assert refused_code(lambda: gateway.retrieve("pi_unknown")) == "gateway_unavailable"
    asked = len(stripe_api.requests)
    assert refused_code(lambda: gateway.retrieve("pi_unknown")) == "gateway_unavailable"
    assert len(stripe_api.requests) == asked  # not asked

    stripe_api.down = False
    time.sleep(0.35)
    assert refused_code(lambda: gateway.retrieve("pi_unknown")) == "gateway_refused"
    assert breaker("stripe").current_state == "closed"
