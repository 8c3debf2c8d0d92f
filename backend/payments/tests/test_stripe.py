"""Stripe through the official client against a local server speaking its API (form-encoded requests,
JSON answers, Idempotency-Key), and webhooks signed with Stripe's documented scheme."""

import json
import time
from datetime import timedelta
from decimal import Decimal

import pytest
import stripe
from django.utils import timezone

from catalog.models import ProductVariant
from conftest import client_for
from currency.models import ExchangeRate
from orders.models import Order, OrderTransition
from orders.services import expire_unpaid_orders
from orders.tests.fixtures import add_to_cart, checkout
from payments.error_codes import PaymentErrorCode
from payments.gateways.base import GatewayError
from payments.gateways.stripe_gateway import StripeGateway
from payments.models import Payment, PaymentEvent
from payments.services import retry_pending_refunds
from payments.tests.conftest import STRIPE_WEBHOOK_SECRET
from payments.tests.fake_stripe import sign_header

pytestmark = pytest.mark.django_db

TOTAL_INR = Decimal("39998.00")  # 2 × 19,999.00, free shipping


@pytest.fixture
def order(auth_client, variant, stripe_api):
    add_to_cart(auth_client, variant, 2)
    response = checkout(auth_client, method="stripe")
    assert response.status_code == 201, response.json()
    order = Order.objects.get(pk=response.json()["id"])
    assert order.total == TOTAL_INR
    return order


def create(client, order, currency="USD"):
    return client.post("/api/payments/stripe/create/", {"order_id": order.pk, "currency": currency}, format="json")


@pytest.fixture
def opened(auth_client, order):
    """The storefront's /payment/stripe/[orderId] page asked for a USD PaymentIntent."""
    response = create(auth_client, order, "USD")
    assert response.status_code == 200, response.json()
    return response.json()


def post_webhook(client, body: dict, *, secret=STRIPE_WEBHOOK_SECRET, timestamp=None, header=None, raw=None):
    raw = raw if raw is not None else json.dumps(body).encode()
    return client.post(
        "/api/payments/stripe/webhook/",
        raw,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header if header is not None else sign_header(raw, secret, timestamp),
    )


def paid_transitions(order):
    return OrderTransition.objects.filter(order=order, to_status="PAID").count()


# --- Offered only when configured, with the currencies that have a fresh rate


def test_offered_with_keys_and_fresh_currencies(api_client, settings, stripe_api):
    [method] = api_client.get("/api/checkout/options/").json()["payment_methods"]
    assert method["code"] == "stripe" and method["publishable_key"] == "pk_test_phonestore123"
    assert method["currencies"] == ["INR", "USD", "EUR", "JPY"]  # GBP, AED, SGD have no rate
    assert Decimal(method["exchange_rates"]["USD"]) == Decimal("0.0119")
    assert Decimal(method["exchange_rates"]["INR"]) == 1
    ExchangeRate.objects.filter(currency="EUR").update(updated_at=timezone.now() - timedelta(hours=49))
    assert api_client.get("/api/checkout/options/").json()["payment_methods"][0]["currencies"] == ["INR", "USD", "JPY"]
    settings.STRIPE_PUBLISHABLE_KEY = ""
    assert api_client.get("/api/checkout/options/").json()["payment_methods"] == []


def test_not_offered_when_no_currency_can_be_charged(api_client, settings, stripe_api):
    settings.STRIPE_CURRENCIES = ["GBP"]
    assert api_client.get("/api/checkout/options/").json()["payment_methods"] == []
    settings.STRIPE_CURRENCIES = ["GBP", "USD"]
    assert api_client.get("/api/checkout/options/").json()["payment_methods"][0]["currencies"] == ["USD"]


def test_checkout_accepts_stripe_only_when_offered(auth_client, variant, settings, stripe_api):
    add_to_cart(auth_client, variant, 1)
    settings.STRIPE_SECRET_KEY = ""
    refused = checkout(auth_client, method="stripe")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "payment_method_unavailable"
    settings.STRIPE_SECRET_KEY = stripe_api.secret_key
    assert checkout(auth_client, method="stripe").status_code == 201


def test_create_refused_when_not_configured(auth_client, order, settings):
    settings.STRIPE_SECRET_KEY = ""
    response = create(auth_client, order)
    assert response.status_code == 400 and response.json()["error"]["code"] == "payment_method_unavailable"


# --- Creating the PaymentIntent


def test_create_sends_the_converted_amount_in_minor_units(auth_client, order, opened, stripe_api):
    [call] = stripe_api.calls("POST", "/v1/payment_intents")
    params = call["params"]
    # 39,998.00 INR × 0.0119 = 475.9762 → 475.98 USD → 47598 cents
    assert params["amount"] == "47598" and params["currency"] == "usd"
    assert params["automatic_payment_methods"] == {"enabled": "true"}
    assert params["metadata"]["order_id"] == str(order.pk) and params["metadata"]["order_number"] == order.number
    assert call["headers"]["Idempotency-Key"].startswith(f"phonestore-pi-{order.pk}-")
    assert call["headers"]["Authorization"] == f"Bearer {stripe_api.secret_key}"
    intent = stripe_api.intents[opened["payment_intent_id"]]
    assert opened["client_secret"] == intent["client_secret"]
    assert opened["publishable_key"] == "pk_test_phonestore123"
    assert (opened["amount"], opened["amount_minor"], opened["currency"]) == ("475.98", 47598, "USD")
    assert (opened["base_amount"], opened["base_currency"]) == ("39998.00", "INR")
    assert Decimal(opened["exchange_rate"]) == Decimal("0.0119") and opened["status"] == "requires_payment_method"
    payment = Payment.objects.get()
    assert (payment.gateway, payment.status, payment.amount, payment.currency) == (
        "stripe",
        "CREATED",
        Decimal("475.98"),
        "USD",
    )
    assert payment.stripe_payment_intent_id == intent["id"] == payment.gateway_order_id
    assert payment.exchange_rate == Decimal("0.0119")
    charge = payment.metadata["charge"]
    assert charge["amount_minor"] == 47598 and charge["rate_source"] == "test" and charge["rate_updated_at"]


@pytest.mark.parametrize(
    ("currency", "amount", "minor"),
    [("INR", "39998.00", 3999800), ("USD", "475.98", 47598), ("JPY", "71196", 71196), ("EUR", "439.98", 43998)],
)
def test_amount_in_minor_units_per_currency(auth_client, order, stripe_api, currency, amount, minor):
    answer = create(auth_client, order, currency).json()
    assert (answer["amount"], answer["amount_minor"], answer["currency"]) == (amount, minor, currency)
    [call] = stripe_api.calls("POST", "/v1/payment_intents")
    assert call["params"]["amount"] == str(minor) and call["params"]["currency"] == currency.lower()
    payment = Payment.objects.get()
    assert payment.amount == Decimal(amount)
    assert payment.exchange_rate == (None if currency == "INR" else ExchangeRate.objects.get(currency=currency).rate)


def test_markup_is_charged(auth_client, order, settings, stripe_api):
    settings.EXCHANGE_RATE_MARKUP_PERCENT = Decimal("2.5")
    answer = create(auth_client, order, "USD").json()
    # 39,998 × 0.0119 × 1.025 = 487.875605 → 487.88
    assert (answer["amount"], answer["amount_minor"]) == ("487.88", 48788)
    assert Decimal(answer["exchange_rate"]) == Decimal("0.0119") * Decimal("1.025")


def test_create_again_reuses_the_intent(auth_client, order, opened, stripe_api):
    again = create(auth_client, order, "USD").json()
    assert again["payment_intent_id"] == opened["payment_intent_id"]
    assert again["client_secret"] == opened["client_secret"]
    assert len(stripe_api.calls("POST", "/v1/payment_intents")) == 1 and Payment.objects.count() == 1


def test_another_currency_cancels_the_first_intent(auth_client, order, opened, stripe_api):
    eur = create(auth_client, order, "EUR").json()
    assert eur["payment_intent_id"] != opened["payment_intent_id"] and eur["currency"] == "EUR"
    assert stripe_api.intents[opened["payment_intent_id"]]["status"] == "canceled"
    # back to USD: the cancelled intent is never handed out again
    usd = create(auth_client, order, "USD").json()
    assert usd["payment_intent_id"] not in (opened["payment_intent_id"], eur["payment_intent_id"])
    assert stripe_api.intents[eur["payment_intent_id"]]["status"] == "canceled"
    assert stripe_api.intents[usd["payment_intent_id"]]["status"] == "requires_payment_method"
    assert Payment.objects.filter(status="CREATED").get().gateway_order_id == usd["payment_intent_id"]


def test_a_new_rate_that_changes_the_amount_opens_a_new_intent(auth_client, order, opened, stripe_api):
    from currency.services import set_rate

    set_rate("USD", "0.0120", source="test")
    answer = create(auth_client, order, "USD").json()
    assert answer["payment_intent_id"] != opened["payment_intent_id"] and answer["amount_minor"] == 47998
    assert stripe_api.intents[opened["payment_intent_id"]]["status"] == "canceled"


def test_a_lost_answer_is_retried_with_the_same_idempotency_key(auth_client, order, stripe_api, monkeypatch):
    """Stripe created the intent but our transaction rolled back: the retry gets the same intent."""
    real_create = Payment.objects.create

    def fail_once(**kwargs):
        monkeypatch.setattr(Payment.objects, "create", real_create)
        raise RuntimeError("database went away")

    monkeypatch.setattr(Payment.objects, "create", fail_once)
    from payments.stripe_services import start_stripe_payment

    with pytest.raises(RuntimeError):
        start_stripe_payment(user=auth_client.user, order_id=order.pk, currency="USD")
    assert not Payment.objects.exists() and len(stripe_api.intents) == 1
    answer = create(auth_client, order, "USD").json()
    assert answer["payment_intent_id"] == next(iter(stripe_api.intents))
    calls = stripe_api.calls("POST", "/v1/payment_intents")
    assert len(calls) == 2 and calls[0]["headers"]["Idempotency-Key"] == calls[1]["headers"]["Idempotency-Key"]
    assert len(stripe_api.intents) == 1


def test_the_fake_honours_idempotency_keys_like_stripe(stripe_api, settings):
    client = stripe.StripeClient(stripe_api.secret_key, base_addresses={"api": stripe_api.url})
    params = {"amount": 1000, "currency": "usd", "metadata": {"order_id": "1"}}
    first = client.v1.payment_intents.create(params, {"idempotency_key": "k1"})
    same = client.v1.payment_intents.create(params, {"idempotency_key": "k1"})
    assert same.id == first.id and len(stripe_api.intents) == 1
    with pytest.raises(stripe.IdempotencyError):
        client.v1.payment_intents.create({**params, "amount": 2000}, {"idempotency_key": "k1"})
    other = client.v1.payment_intents.create(params, {"idempotency_key": "k2"})
    assert other.id != first.id
    with pytest.raises(stripe.AuthenticationError):
        stripe.StripeClient("sk_test_wrong", base_addresses={"api": stripe_api.url}).v1.payment_intents.create(params)


def test_gateway_maps_an_idempotency_error_to_a_refusal(order, stripe_api):
    gateway = StripeGateway()
    gateway.create(order=order, amount_minor=1000, currency="USD", idempotency_key="same")
    with pytest.raises(GatewayError) as refused:
        gateway.create(order=order, amount_minor=2000, currency="USD", idempotency_key="same")
    assert refused.value.code == PaymentErrorCode.GATEWAY_REFUSED and refused.value.http_status == 502


def test_stale_rate_is_refused_and_nothing_is_created(auth_client, order, stripe_api):
    ExchangeRate.objects.filter(currency="USD").update(updated_at=timezone.now() - timedelta(hours=48, minutes=1))
    response = create(auth_client, order, "USD")
    assert response.status_code == 409 and response.json()["error"]["code"] == "exchange_rate_stale"
    assert "48 hours" in response.json()["error"]["message"]
    assert not stripe_api.calls("POST", "/v1/payment_intents") and not Payment.objects.exists()


def test_missing_rate_and_unsupported_currency(auth_client, order, settings, stripe_api):
    missing = create(auth_client, order, "GBP")
    assert missing.status_code == 409 and missing.json()["error"]["code"] == "exchange_rate_unavailable"
    unsupported = create(auth_client, order, "CHF")
    assert unsupported.status_code == 400 and unsupported.json()["error"]["code"] == "currency_not_supported"
    assert "currency" in unsupported.json()["error"]["fields"]
    nonsense = create(auth_client, order, "U$D")
    assert nonsense.status_code == 400
    assert not stripe_api.calls("POST", "/v1/payment_intents")


def test_below_stripes_minimum_is_a_clear_400(auth_client, make_variant, settings, stripe_api):
    settings.SHIPPING_FEE = Decimal("0")
    cheap = make_variant(price=Decimal("30.00"), mrp=Decimal("30.00"), stock=5)
    add_to_cart(auth_client, cheap, 1)
    order = Order.objects.get(pk=checkout(auth_client, method="stripe").json()["id"])
    for currency in ("USD", "INR"):  # 0.36 USD; 30 INR is more than Stripe's 0.50 INR but not 0.50 USD
        response = create(auth_client, order, currency)
        assert response.status_code == 400 and response.json()["error"]["code"] == "amount_too_small", currency
        assert "0.50" in response.json()["error"]["message"]
    assert not stripe_api.calls("POST", "/v1/payment_intents")


def test_more_than_eight_digits_is_a_clear_400(auth_client, order, settings, stripe_api):
    from currency.services import set_rate

    settings.STRIPE_CURRENCIES = [*settings.STRIPE_CURRENCIES, "VND"]
    set_rate("VND", "3000", source="test")  # 39,998 INR → 119,994,000 VND: nine digits
    response = create(auth_client, order, "VND")
    assert response.status_code == 400 and response.json()["error"]["code"] == "amount_too_large"
    assert not stripe_api.calls("POST", "/v1/payment_intents")


def test_only_the_owner_and_only_a_pending_stripe_order(auth_client, order, other_user, stripe_api, variant):
    assert create(client_for(other_user), order).status_code == 404
    assert auth_client.post(f"/api/orders/{order.pk}/cancel/").status_code == 200
    cancelled = create(auth_client, order)
    assert cancelled.status_code == 409 and cancelled.json()["error"]["code"] == "order_not_payable"
    assert not stripe_api.calls("POST", "/v1/payment_intents")
    assert create(api_client_anonymous(), order).status_code == 401


def api_client_anonymous():
    from rest_framework.test import APIClient

    return APIClient()


def test_an_order_for_another_method_is_refused(auth_client, variant, stripe_api, settings):
    settings.PAYMENTS_DEV_GATEWAY = True
    add_to_cart(auth_client, variant, 1)
    dev_order = checkout(auth_client, method="dev").json()["id"]
    response = auth_client.post(
        "/api/payments/stripe/create/", {"order_id": dev_order, "currency": "USD"}, format="json"
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "wrong_payment_method"


def test_stripe_down_at_create_is_a_502(auth_client, order, stripe_api):
    stripe_api.down = True
    response = create(auth_client, order)
    assert response.status_code == 502 and response.json()["error"]["code"] == "gateway_unavailable"
    assert not Payment.objects.exists()


def test_quote_lists_each_currency(auth_client, order, stripe_api, other_user):
    ExchangeRate.objects.filter(currency="EUR").update(updated_at=timezone.now() - timedelta(days=3))
    response = auth_client.get(f"/api/payments/stripe/quote/?order_id={order.pk}")
    assert response.status_code == 200
    quote = response.json()
    assert quote["payable"] and quote["amount"] == "39998.00" and quote["publishable_key"]
    assert {o["currency"]: o["amount"] for o in quote["options"]} == {
        "INR": "39998.00",
        "USD": "475.98",
        "JPY": "71196",
    }
    assert {u["currency"]: u["code"] for u in quote["unavailable"]} == {
        "EUR": "exchange_rate_stale",
        "GBP": "exchange_rate_unavailable",
        "AED": "exchange_rate_unavailable",
        "SGD": "exchange_rate_unavailable",
    }
    assert client_for(other_user).get(f"/api/payments/stripe/quote/?order_id={order.pk}").status_code == 404
    assert auth_client.get("/api/payments/stripe/quote/").status_code == 400


def test_the_cart_shows_the_total_in_each_currency_as_the_charge_would_round_it(
    auth_client, variant, stripe_api, settings
):
    add_to_cart(auth_client, variant, 2)
    assert auth_client.get("/api/cart/").json()["total_in_currencies"] == {
        "USD": "475.98",
        "EUR": "439.98",
        "JPY": "71196",
    }
    settings.STRIPE_SECRET_KEY = ""
    assert auth_client.get("/api/cart/").json()["total_in_currencies"] == {}


# --- Webhooks


def test_webhook_alone_pays_the_order(api_client, auth_client, order, opened, stripe_api):
    """The shopper paid and closed the tab: Stripe's webhook completes the order."""
    intent = stripe_api.pay(opened["payment_intent_id"])
    response = post_webhook(api_client, stripe_api.intent_event("payment_intent.succeeded", intent["id"]))
    assert response.status_code == 200 and response.json()["status"] == "payment_intent.succeeded: PAID"
    order.refresh_from_db()
    assert order.status == "PAID" and order.paid_at and not order.needs_review
    payment = Payment.objects.get()
    assert payment.status == "PAID" and payment.gateway_payment_id == intent["id"]
    assert payment.amount == Decimal("475.98") and payment.currency == "USD"
    assert order.transitions.last().source == "stripe-webhook"
    charge = auth_client.get(f"/api/orders/{order.pk}/").json()["charge"]  # what the shopper's order page shows
    assert charge["gateway"] == "stripe" and charge["status"] == "PAID"
    assert (charge["amount"], charge["currency"]) == ("475.98", "USD") and Decimal(charge["exchange_rate"]) > 0
    event = PaymentEvent.objects.get()
    assert event.gateway == "stripe" and event.processed_at and event.payment == payment


def test_the_same_event_twice_has_one_effect(api_client, order, opened, stripe_api):
    stripe_api.pay(opened["payment_intent_id"])
    body = stripe_api.intent_event(
        "payment_intent.succeeded",
        opened["payment_intent_id"],
    )
    assert post_webhook(api_client, body).status_code == 200
    replay = post_webhook(api_client, body)
    assert replay.status_code == 200 and replay.json()["status"] == "duplicate"
    assert PaymentEvent.objects.count() == 1 and paid_transitions(order) == 1
    # the same success told by another event id is the same state change
    post_webhook(api_client, stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"]))
    assert PaymentEvent.objects.count() == 2 and paid_transitions(order) == 1


@pytest.mark.parametrize("tamper", ["body", "wrong_secret", "stale", "missing", "garbage", "future_only_v0"])
def test_bad_signatures_are_refused_and_nothing_changes(api_client, order, opened, stripe_api, tamper):
    stripe_api.pay(opened["payment_intent_id"])
    body = stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"])
    raw = json.dumps(body).encode()
    if tamper == "body":
        response = post_webhook(
            api_client,
            body,
            header=sign_header(raw, STRIPE_WEBHOOK_SECRET),
            raw=raw.replace(b'"amount": 47598', b'"amount": 47599'),
        )
    elif tamper == "wrong_secret":
        response = post_webhook(api_client, body, secret="whsec_someone_else")
    elif tamper == "stale":  # correctly signed, but older than the client's 300 s tolerance
        response = post_webhook(api_client, body, timestamp=int(time.time()) - 301)
    elif tamper == "missing":
        response = api_client.post("/api/payments/stripe/webhook/", raw, content_type="application/json")
    elif tamper == "garbage":
        response = post_webhook(api_client, body, header="nonsense")
    else:
        header = sign_header(raw, STRIPE_WEBHOOK_SECRET).replace("v1=", "v0=")
        response = post_webhook(api_client, body, header=header)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_signature", response.json()
    assert not PaymentEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT" and Payment.objects.get().status == "CREATED"


def test_any_matching_v1_signature_is_accepted(api_client, order, opened, stripe_api):
    """During a secret roll Stripe signs with both secrets: any v1 may match."""
    stripe_api.pay(opened["payment_intent_id"])
    body = stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"])
    raw = json.dumps(body).encode()
    header = sign_header(raw, STRIPE_WEBHOOK_SECRET, extra_v1=("0" * 64,))
    assert post_webhook(api_client, body, header=header, raw=raw).status_code == 200


def test_payment_failed_keeps_the_order_payable(api_client, auth_client, order, opened, stripe_api):
    stripe_api.decline(opened["payment_intent_id"])
    response = post_webhook(
        api_client, stripe_api.intent_event("payment_intent.payment_failed", opened["payment_intent_id"])
    )
    assert response.status_code == 200 and response.json()["status"] == "payment_intent.payment_failed: FAILED"
    order.refresh_from_db()
    payment = Payment.objects.get()
    assert order.status == "PENDING_PAYMENT" and payment.status == "FAILED"
    assert payment.metadata["last_error"]["error"] == "Your card was declined."
    # the shopper tries another card on the same intent
    again = create(auth_client, order, "USD").json()
    assert again["payment_intent_id"] == opened["payment_intent_id"]
    stripe_api.pay(opened["payment_intent_id"])
    post_webhook(api_client, stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"]))
    order.refresh_from_db()
    assert order.status == "PAID" and Payment.objects.get().status == "PAID"


def test_a_late_failure_never_unpays(api_client, order, opened, stripe_api):
    failed = stripe_api.intent_event(
        "payment_intent.payment_failed",
        opened["payment_intent_id"],
        last_payment_error={"message": "declined", "code": "card_declined"},
        status="requires_payment_method",
    )
    stripe_api.pay(opened["payment_intent_id"])
    post_webhook(api_client, stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"]))
    assert post_webhook(api_client, failed).status_code == 200  # delivered late
    order.refresh_from_db()
    assert order.status == "PAID" and Payment.objects.get().status == "PAID"
    assert PaymentEvent.objects.count() == 2 and paid_transitions(order) == 1


def test_amount_mismatch_is_flagged_not_paid(api_client, order, opened, stripe_api):
    stripe_api.pay(opened["payment_intent_id"], amount_received=100)
    post_webhook(api_client, stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"]))
    order.refresh_from_db()
    payment = Payment.objects.get()
    assert order.status == "PENDING_PAYMENT" and order.needs_review and payment.status == "FLAGGED"
    assert payment.metadata["mismatch"]["expected_amount_minor"] == 47598
    assert payment.metadata["mismatch"]["reported_amount_minor"] == 100
    assert "475.98 USD" in order.review_reason and paid_transitions(order) == 0


def test_currency_mismatch_is_flagged(api_client, order, opened, stripe_api):
    stripe_api.pay(opened["payment_intent_id"], currency="eur")
    post_webhook(api_client, stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"]))
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT" and order.needs_review
    assert Payment.objects.get().status == "FLAGGED"


def test_unknown_intents_and_event_types_are_stored_and_ignored(api_client, order, opened, stripe_api):
    stripe_api.pay(opened["payment_intent_id"])
    ignored = post_webhook(
        api_client, stripe_api.intent_event("payment_intent.processing", opened["payment_intent_id"])
    )
    assert ignored.json()["status"] == "payment_intent.processing: ignored"
    foreign = stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"], id="pi_not_ours")
    assert post_webhook(api_client, foreign).json()["status"] == "payment_intent.succeeded: unknown intent"
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT" and PaymentEvent.objects.count() == 2


def test_a_body_that_is_not_an_event_is_refused(api_client, stripe_api):
    raw = b'{"hello": "world"}'
    response = post_webhook(api_client, {}, raw=raw)
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_payload"


def test_webhook_not_configured_is_503(api_client, settings, stripe_api):
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert post_webhook(api_client, {"id": "evt_1", "type": "payment_intent.succeeded"}).status_code == 503


def test_a_failure_while_applying_answers_5xx_and_stores_nothing(api_client, order, opened, stripe_api, monkeypatch):
    """2xx only after the change is committed: if applying fails, Stripe gets an error and retries."""
    from payments import services

    stripe_api.pay(opened["payment_intent_id"])
    body = stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"])

    def boom(*args, **kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(services.order_services, "mark_paid", boom)
    assert post_webhook(api_client, body).status_code == 500
    assert not PaymentEvent.objects.exists() and Payment.objects.get().status == "CREATED"
    monkeypatch.undo()
    assert post_webhook(api_client, body).status_code == 200  # Stripe's retry
    order.refresh_from_db()
    assert order.status == "PAID"


def test_create_after_success_without_webhook_records_the_payment(auth_client, order, opened, stripe_api):
    """The webhook is late; the page asks again: Stripe's own answer (secret key) completes the order."""
    stripe_api.pay(opened["payment_intent_id"])
    answer = create(auth_client, order, "USD").json()
    assert answer["status"] == "succeeded"
    order.refresh_from_db()
    assert order.status == "PAID" and Payment.objects.get().metadata["captured_via"] == "create"


def test_switching_currency_after_paying_does_not_charge_twice(auth_client, order, opened, stripe_api):
    stripe_api.pay(opened["payment_intent_id"])
    response = create(auth_client, order, "EUR")
    assert response.status_code == 409 and response.json()["error"]["code"] == "order_not_payable"
    assert len(stripe_api.calls("POST", "/v1/payment_intents")) == 1
    order.refresh_from_db()
    assert order.status == "PAID"


# --- Refunds


def pay_by_webhook(client, stripe_api, intent_id):
    stripe_api.pay(intent_id)
    assert post_webhook(client, stripe_api.intent_event("payment_intent.succeeded", intent_id)).status_code == 200


def test_cancelling_a_paid_order_refunds_through_stripe(
    auth_client, api_client, order, opened, stripe_api, variant, django_capture_on_commit_callbacks
):
    pay_by_webhook(api_client, stripe_api, opened["payment_intent_id"])
    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post(f"/api/orders/{order.pk}/cancel/").status_code == 200
    [call] = stripe_api.calls("POST", "/v1/refunds")
    assert call["params"]["payment_intent"] == opened["payment_intent_id"] and call["params"]["amount"] == "47598"
    assert call["headers"]["Idempotency-Key"] == f"phonestore-refund-{opened['payment_intent_id']}-47598"
    order.refresh_from_db()
    payment = Payment.objects.get()
    assert order.status == "REFUNDED" and payment.status == "REFUNDED" and payment.gateway_refund_id.startswith("re_")
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10
    # Stripe's charge.refunded for the same refund changes nothing more
    assert post_webhook(api_client, stripe_api.refunded_event(opened["payment_intent_id"])).status_code == 200
    assert OrderTransition.objects.filter(order=order, to_status="REFUNDED").count() == 1
    assert Payment.objects.get().gateway_refund_id == payment.gateway_refund_id


def test_pending_refund_completed_by_charge_refunded(
    auth_client, api_client, order, opened, stripe_api, django_capture_on_commit_callbacks
):
    stripe_api.refund_status = "pending"
    pay_by_webhook(api_client, stripe_api, opened["payment_intent_id"])
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.post(f"/api/orders/{order.pk}/cancel/")
    order.refresh_from_db()
    payment = Payment.objects.get()
    assert order.status == "CANCELLED" and payment.status == "REFUND_PENDING"
    refund_id = payment.gateway_refund_id
    post_webhook(api_client, stripe_api.refunded_event(opened["payment_intent_id"]))
    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == "REFUNDED" and payment.status == "REFUNDED" and payment.gateway_refund_id == refund_id


def test_refund_made_in_the_dashboard_marks_the_payment_refunded(api_client, order, opened, stripe_api):
    """charge.refunded for a refund we did not start: the payment is REFUNDED and staff are told (a paid,
    uncancelled order cannot jump to REFUNDED in the state machine)."""
    pay_by_webhook(api_client, stripe_api, opened["payment_intent_id"])
    response = post_webhook(api_client, stripe_api.refunded_event(opened["payment_intent_id"]))
    assert response.json()["status"] == "charge.refunded: REFUNDED"
    order.refresh_from_db()
    assert Payment.objects.get().status == "REFUNDED" and order.needs_review


def test_a_refund_that_overtakes_the_success_event_is_applied_and_the_order_never_paid(
    api_client, order, opened, stripe_api
):
    """Stripe's events come in any order: charge.refunded before payment_intent.succeeded must not be lost,
    or the late success would mark paid an order whose money went back."""
    intent = stripe_api.pay(opened["payment_intent_id"])
    response = post_webhook(api_client, stripe_api.refunded_event(intent["id"]))
    assert response.json()["status"] == "charge.refunded: REFUNDED"
    response = post_webhook(api_client, stripe_api.intent_event("payment_intent.succeeded", intent["id"]))
    assert response.status_code == 200
    order.refresh_from_db()
    payment = Payment.objects.get()
    assert payment.status == "REFUNDED" and payment.gateway_payment_id == intent["id"]
    assert order.status == "PENDING_PAYMENT" and order.needs_review and paid_transitions(order) == 0


def test_refund_retried_when_stripe_was_down(
    auth_client, api_client, order, opened, stripe_api, django_capture_on_commit_callbacks
):
    pay_by_webhook(api_client, stripe_api, opened["payment_intent_id"])
    stripe_api.down = True
    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post(f"/api/orders/{order.pk}/cancel/").status_code == 200
    assert Payment.objects.get().status == "REFUND_PENDING"
    stripe_api.down = False
    Payment.objects.update(updated_at=timezone.now() - timedelta(minutes=10))
    assert retry_pending_refunds() == 1
    order.refresh_from_db()
    assert order.status == "REFUNDED" and Payment.objects.get().status == "REFUNDED"
    assert len(stripe_api.refunds) == 1


def test_a_refund_already_made_counts_as_done(order, opened, stripe_api, api_client):
    pay_by_webhook(api_client, stripe_api, opened["payment_intent_id"])
    gateway = StripeGateway()
    first = gateway.refund(gateway_payment_id=opened["payment_intent_id"], amount_minor=47598, currency="USD", notes={})
    assert first.status == "processed" and first.refund_id.startswith("re_")
    stripe_api.idempotency.clear()  # keys are pruned after 24 h
    again = gateway.refund(gateway_payment_id=opened["payment_intent_id"], amount_minor=47598, currency="USD", notes={})
    assert again.status == "processed" and again.refund_id.startswith("already:")


def test_paid_after_expiry_is_refunded(api_client, order, opened, stripe_api, django_capture_on_commit_callbacks):
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert expire_unpaid_orders() == 1
    stripe_api.pay(opened["payment_intent_id"])
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(api_client, stripe_api.intent_event("payment_intent.succeeded", opened["payment_intent_id"]))
    order.refresh_from_db()
    assert order.status == "REFUNDED" and Payment.objects.get().status == "REFUNDED"
    assert stripe_api.calls("POST", "/v1/refunds")


# --- Configuration checks


def test_system_checks(settings):
    from payments.checks import stripe_settings_complete

    def ids():
        return sorted(problem.id for problem in stripe_settings_complete(None))

    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY, settings.STRIPE_WEBHOOK_SECRET = "", "", ""
    assert ids() == []
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    assert ids() == ["payments.W003"]
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_x"
    assert ids() == ["payments.W004"]
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    assert ids() == []
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "pk_test_x", "sk_test_x"
    assert ids() == ["payments.E002"]
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_x", "pk_test_x"
    settings.STRIPE_CURRENCIES = ["USD", "DOLLARS"]
    settings.EXCHANGE_RATE_MARKUP_PERCENT = Decimal("-1")
    assert ids() == ["payments.E003", "payments.E004"]


def test_admin_shows_stripe_payments(admin_client, order, opened):
    payment = Payment.objects.get()
    assert admin_client.get(f"/admin/payments/payment/{payment.pk}/change/").status_code == 200
