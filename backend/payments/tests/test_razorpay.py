"""Razorpay through the official client against a local server speaking its API, with real HMAC
signatures: checkout signature keyed with the key secret, webhooks keyed with the webhook secret."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import ProductVariant
from conftest import client_for
from core.money import to_minor_units
from orders.models import Order, OrderTransition
from orders.services import expire_unpaid_orders
from orders.tests.fixtures import add_to_cart, checkout
from payments.models import Payment, PaymentEvent
from payments.services import retry_pending_refunds
from payments.tests.fake_razorpay import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(auth_client, variant, razorpay):
    add_to_cart(auth_client, variant, 2)
    response = checkout(auth_client, method="razorpay")
    assert response.status_code == 201, response.json()
    return Order.objects.get(pk=response.json()["id"])


@pytest.fixture
def opened(auth_client, order):
    """The storefront opened checkout.js: our server made a Razorpay order."""
    response = auth_client.post("/api/payments/razorpay/create/", {"order_id": order.pk}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def post_webhook(client, body: dict, *, secret="webhook-secret-xyz", event_id="evt_1", signature=None):
    raw = json.dumps(body).encode()
    return client.post(
        "/api/payments/razorpay/webhook/",
        raw,
        content_type="application/json",
        HTTP_X_RAZORPAY_SIGNATURE=signature or sign(raw, secret),
        HTTP_X_RAZORPAY_EVENT_ID=event_id,
    )


def verify(client, opened, payment_id, signature):
    return client.post(
        "/api/payments/razorpay/verify/",
        {
            "razorpay_order_id": opened["razorpay_order_id"],
            "razorpay_payment_id": payment_id,
            "razorpay_signature": signature,
        },
        format="json",
    )


def paid_transitions(order):
    return OrderTransition.objects.filter(order=order, to_status="PAID").count()


def test_offered_only_with_keys(api_client, settings, razorpay):
    methods = api_client.get("/api/checkout/options/").json()["payment_methods"]
    assert [(m["code"], m["key_id"]) for m in methods] == [("razorpay", "rzp_test_key123")]
    settings.RAZORPAY_KEY_SECRET = ""
    assert api_client.get("/api/checkout/options/").json()["payment_methods"] == []


def test_a_shopper_without_email_is_asked_for_one_by_checkout_js(variant, razorpay):
    """An account made by signing in with a mobile number has no email: prefill leaves it to the shopper."""
    from accounts.tests.factories import MobileUserFactory

    client = client_for(MobileUserFactory(mobile="9812345678", full_name="Meera Iyer"))
    add_to_cart(client, variant, 1)
    order = checkout(client, method="razorpay").json()
    opened = client.post("/api/payments/razorpay/create/", {"order_id": order["id"]}, format="json")
    assert opened.status_code == 200, opened.json()
    assert opened.json()["prefill"] == {"name": "Meera Iyer", "email": "", "contact": "9812345678"}


def test_create_sends_the_server_amount_in_paise(auth_client, order, opened, razorpay):
    [(_, _, body)] = razorpay.calls("POST", "/v1/orders")
    assert body["amount"] == to_minor_units(order.total, "INR") == 3999800
    assert body["currency"] == "INR" and len(body["receipt"]) <= 40
    assert opened["key_id"] == "rzp_test_key123" and opened["amount"] == 3999800 and opened["currency"] == "INR"
    assert opened["razorpay_order_id"] in razorpay.orders
    assert opened["prefill"]["email"] == auth_client.user.email
    payment = Payment.objects.get()
    assert (payment.status, payment.amount, payment.gateway_order_id) == (
        "CREATED",
        Decimal("39998.00"),
        opened["razorpay_order_id"],
    )
    # opening checkout again reuses the same Razorpay order
    again = auth_client.post("/api/payments/razorpay/create/", {"order_id": order.pk}, format="json").json()
    assert again["razorpay_order_id"] == opened["razorpay_order_id"]
    assert len(razorpay.calls("POST", "/v1/orders")) == 1


def test_the_client_authenticates_with_basic_auth(razorpay):
    import razorpay as sdk

    wrong = sdk.Client(auth=(razorpay.key_id, "wrong"), base_url=razorpay.url)
    with pytest.raises(sdk.errors.BadRequestError):
        wrong.order.create(data={"amount": 100, "currency": "INR"})
    assert not razorpay.orders


def test_good_payment_through_verify(auth_client, order, opened, razorpay):
    payment_id, signature = razorpay.pay(opened["razorpay_order_id"])
    response = verify(auth_client, opened, payment_id, signature)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "PAID" and response.json()["order_status"] == "PAID"
    order.refresh_from_db()
    assert order.status == "PAID" and order.paid_at
    payment = Payment.objects.get()
    assert payment.gateway_payment_id == payment_id
    assert razorpay.calls("GET", f"/v1/payments/{payment_id}")
    # verifying again changes nothing
    assert verify(auth_client, opened, payment_id, signature).status_code == 200
    assert paid_transitions(order) == 1


def test_tampered_signature_is_refused_and_nothing_changes(auth_client, order, opened, razorpay):
    payment_id, signature = razorpay.pay(opened["razorpay_order_id"])
    tampered = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    for bad in (
        tampered,
        sign(f"{opened['razorpay_order_id']}|{payment_id}", "webhook-secret-xyz"),
        sign(f"order_other|{payment_id}", razorpay.key_secret),
    ):
        response = verify(auth_client, opened, payment_id, bad)
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_signature"
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT"
    assert Payment.objects.get().status == "CREATED" and Payment.objects.get().gateway_payment_id == ""
    assert not razorpay.calls("GET", "/v1/payments")


def test_webhook_captured_pays_and_a_replay_has_no_second_effect(api_client, order, opened, razorpay):
    payment_id, _ = razorpay.pay(opened["razorpay_order_id"])
    body = razorpay.event("payment.captured", payment_id)
    first = post_webhook(api_client, body, event_id="evt_cap_1")
    assert first.status_code == 200 and first.json()["status"].startswith("payment.captured")
    order.refresh_from_db()
    assert order.status == "PAID"
    replay = post_webhook(api_client, body, event_id="evt_cap_1")
    assert replay.status_code == 200 and replay.json()["status"] == "duplicate"
    assert PaymentEvent.objects.count() == 1 and PaymentEvent.objects.get().processed_at
    assert paid_transitions(order) == 1
    # the same payment announced again by order.paid (another event id) is the same state change
    assert post_webhook(api_client, razorpay.event("order.paid", payment_id), event_id="evt_op_1").status_code == 200
    assert paid_transitions(order) == 1 and PaymentEvent.objects.count() == 2


def test_verify_and_webhook_share_one_state_change(auth_client, api_client, order, opened, razorpay):
    payment_id, signature = razorpay.pay(opened["razorpay_order_id"])
    post_webhook(api_client, razorpay.event("payment.captured", payment_id), event_id="evt_a")
    assert verify(auth_client, opened, payment_id, signature).json()["status"] == "PAID"
    assert paid_transitions(order) == 1 and Payment.objects.count() == 1


def test_order_paid_event_pays(api_client, order, opened, razorpay):
    payment_id, _ = razorpay.pay(opened["razorpay_order_id"])
    assert post_webhook(api_client, razorpay.event("order.paid", payment_id), event_id="evt_op").status_code == 200
    order.refresh_from_db()
    assert order.status == "PAID"


def test_webhook_with_a_bad_signature_is_refused_and_nothing_stored(api_client, order, opened, razorpay):
    payment_id, _ = razorpay.pay(opened["razorpay_order_id"])
    body = razorpay.event("payment.captured", payment_id)
    raw = json.dumps(body).encode()
    for signature in (sign(raw, razorpay.key_secret), "deadbeef", sign(raw + b" ", "webhook-secret-xyz")):
        response = post_webhook(api_client, body, signature=signature)
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_signature"
    missing = api_client.post("/api/payments/razorpay/webhook/", raw, content_type="application/json")
    assert missing.status_code == 400
    assert not PaymentEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT" and Payment.objects.get().status == "CREATED"


def test_amount_mismatch_is_flagged_not_paid(auth_client, order, opened, razorpay):
    payment_id, signature = razorpay.pay(opened["razorpay_order_id"], amount=100)
    response = verify(auth_client, opened, payment_id, signature)
    assert response.status_code == 200 and response.json()["status"] == "FLAGGED"
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT" and order.needs_review and "1.00" in order.review_reason
    assert Payment.objects.get().metadata["mismatch"]["reported_amount_minor"] == 100
    assert paid_transitions(order) == 0


def test_currency_mismatch_in_a_webhook_is_flagged(api_client, order, opened, razorpay):
    payment_id, _ = razorpay.pay(opened["razorpay_order_id"])
    post_webhook(api_client, razorpay.event("payment.captured", payment_id, currency="USD"), event_id="evt_usd")
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT" and order.needs_review
    assert Payment.objects.get().status == "FLAGGED"


def test_late_failed_after_captured_never_unpays(api_client, order, opened, razorpay):
    payment_id, _ = razorpay.pay(opened["razorpay_order_id"])
    post_webhook(api_client, razorpay.event("payment.captured", payment_id), event_id="evt_c")
    post_webhook(api_client, razorpay.event("payment.failed", payment_id), event_id="evt_f")
    order.refresh_from_db()
    assert order.status == "PAID" and Payment.objects.get().status == "PAID"
    assert PaymentEvent.objects.count() == 2


def test_failed_then_captured_for_the_same_payment_pays(api_client, order, opened, razorpay):
    payment_id, _ = razorpay.pay(opened["razorpay_order_id"])
    post_webhook(api_client, razorpay.event("payment.failed", payment_id), event_id="evt_f")
    assert Payment.objects.get().status == "FAILED"
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT"
    post_webhook(api_client, razorpay.event("payment.captured", payment_id), event_id="evt_c")
    order.refresh_from_db()
    assert order.status == "PAID" and Payment.objects.get().status == "PAID"


def test_unknown_events_and_orders_are_stored_and_ignored(api_client, order, opened, razorpay):
    payment_id, _ = razorpay.pay(opened["razorpay_order_id"])
    assert (
        post_webhook(api_client, razorpay.event("payment.authorized", payment_id), event_id="evt_auth").json()["status"]
        == "payment.authorized: ignored"
    )
    foreign = razorpay.event("payment.captured", payment_id, order_id="order_notours")
    assert post_webhook(api_client, foreign, event_id="evt_x").status_code == 200
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT" and PaymentEvent.objects.count() == 2


def test_webhook_not_configured_is_503(api_client, settings, razorpay):
    settings.RAZORPAY_WEBHOOK_SECRET = ""
    assert post_webhook(api_client, {"event": "payment.captured"}).status_code == 503


def test_refund_on_cancel(
    auth_client, api_client, order, opened, razorpay, variant, django_capture_on_commit_callbacks
):
    payment_id, signature = razorpay.pay(opened["razorpay_order_id"])
    verify(auth_client, opened, payment_id, signature)
    with django_capture_on_commit_callbacks(execute=True):
        response = auth_client.post(f"/api/orders/{order.pk}/cancel/")
    assert response.status_code == 200
    [(_, _, body)] = razorpay.calls("POST", f"/v1/payments/{payment_id}/refund")
    assert body["amount"] == 3999800
    order.refresh_from_db()
    payment = Payment.objects.get()
    assert order.status == "REFUNDED" and payment.status == "REFUNDED" and payment.gateway_refund_id.startswith("rfnd_")
    assert ProductVariant.objects.get(pk=variant.pk).stock == 10
    # Razorpay's refund.processed webhook for the same refund changes nothing more
    event = razorpay.refund_event(payment.gateway_refund_id)
    assert post_webhook(api_client, event, event_id="evt_r").status_code == 200
    assert OrderTransition.objects.filter(order=order, to_status="REFUNDED").count() == 1


def test_pending_refund_completed_by_the_webhook(
    auth_client, api_client, order, opened, razorpay, django_capture_on_commit_callbacks
):
    razorpay.refund_status = "pending"
    payment_id, signature = razorpay.pay(opened["razorpay_order_id"])
    verify(auth_client, opened, payment_id, signature)
    with django_capture_on_commit_callbacks(execute=True):
        auth_client.post(f"/api/orders/{order.pk}/cancel/")
    order.refresh_from_db()
    payment = Payment.objects.get()
    assert order.status == "CANCELLED" and payment.status == "REFUND_PENDING"
    post_webhook(api_client, razorpay.refund_event(payment.gateway_refund_id), event_id="evt_rp")
    order.refresh_from_db()
    assert order.status == "REFUNDED" and Payment.objects.get().status == "REFUNDED"


def test_refund_retried_when_razorpay_was_down(
    auth_client, order, opened, razorpay, django_capture_on_commit_callbacks
):
    payment_id, signature = razorpay.pay(opened["razorpay_order_id"])
    verify(auth_client, opened, payment_id, signature)
    razorpay.down = True
    with django_capture_on_commit_callbacks(execute=True):
        assert auth_client.post(f"/api/orders/{order.pk}/cancel/").status_code == 200
    assert Payment.objects.get().status == "REFUND_PENDING"
    razorpay.down = False
    Payment.objects.update(updated_at=timezone.now() - timedelta(minutes=10))
    assert retry_pending_refunds() == 1
    order.refresh_from_db()
    assert order.status == "REFUNDED" and Payment.objects.get().status == "REFUNDED"


def test_payment_after_expiry_is_refunded(api_client, order, opened, razorpay, django_capture_on_commit_callbacks):
    Order.objects.filter(pk=order.pk).update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert expire_unpaid_orders() == 1
    payment_id, _ = razorpay.pay(opened["razorpay_order_id"])
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(api_client, razorpay.event("payment.captured", payment_id), event_id="evt_late")
    order.refresh_from_db()
    assert order.status == "REFUNDED" and Payment.objects.get().status == "REFUNDED"
    assert razorpay.calls("POST", f"/v1/payments/{payment_id}/refund")


def test_cannot_pay_an_order_that_is_not_awaiting_payment(auth_client, order, razorpay):
    auth_client.post(f"/api/orders/{order.pk}/cancel/")
    response = auth_client.post("/api/payments/razorpay/create/", {"order_id": order.pk}, format="json")
    assert response.status_code == 409 and not razorpay.calls("POST", "/v1/orders")


def test_razorpay_down_at_create_is_a_502(auth_client, order, razorpay):
    razorpay.down = True
    response = auth_client.post("/api/payments/razorpay/create/", {"order_id": order.pk}, format="json")
    assert response.status_code == 502 and response.json()["error"]["code"] == "gateway_unavailable"
    assert not Payment.objects.exists()


def test_payments_are_own_only(order, opened, other_user, razorpay):
    theirs = client_for(other_user)
    payment_id, signature = razorpay.pay(opened["razorpay_order_id"])
    assert theirs.post("/api/payments/razorpay/create/", {"order_id": order.pk}, format="json").status_code == 404
    assert verify(theirs, opened, payment_id, signature).status_code == 404
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT"


def test_a_payment_of_another_order_is_refused(auth_client, order, opened, razorpay, variant):
    other_rzp = razorpay._create_order({"amount": 100, "currency": "INR"})[1]["id"]
    payment_id, _ = razorpay.pay(other_rzp, amount=100)
    signature = sign(f"{opened['razorpay_order_id']}|{payment_id}", razorpay.key_secret)
    response = verify(auth_client, opened, payment_id, signature)
    assert response.status_code == 400 and response.json()["error"]["code"] == "payment_mismatch"
    order.refresh_from_db()
    assert order.status == "PENDING_PAYMENT"


def test_webhook_results_are_counted_by_gateway_and_result(api_client, order, opened, razorpay):
    from core import metrics

    metrics.reset()
    payment_id, _ = razorpay.pay(opened["razorpay_order_id"])
    body = razorpay.event("payment.captured", payment_id)
    assert post_webhook(api_client, body, event_id="evt_m_1").status_code == 200
    assert post_webhook(api_client, body, event_id="evt_m_1").status_code == 200  # a replay
    assert post_webhook(api_client, body, event_id="evt_m_2", secret="not-the-secret").status_code == 400

    counted = {
        result: metrics.value("payment_webhook", gateway="razorpay", result=result)
        for result in ("processed", "duplicate", "invalid_signature", "error")
    }
    assert counted == {"processed": 1, "duplicate": 1, "invalid_signature": 1, "error": 0}
