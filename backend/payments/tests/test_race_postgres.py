"""Razorpay delivers at least once and in parallel: the same event, or the webhook and the browser's
verify call, arriving together must change the order once. Real connections on PostgreSQL."""

import json

import pytest
from django.db import connection
from rest_framework.test import APIClient

from conftest import client_for
from orders.models import Order, OrderTransition
from orders.tests.fixtures import add_to_cart, checkout
from orders.tests.test_race_postgres import run_in_threads
from payments.models import Payment, PaymentEvent
from payments.tests.fake_razorpay import sign

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL row locks and concurrent connections; the database here is {connection.vendor}",
    ),
]


@pytest.fixture
def opened(razorpay, variant):
    from accounts.tests.factories import UserFactory

    client = client_for(UserFactory())
    add_to_cart(client, variant, 1)
    order_id = checkout(client, method="razorpay").json()["id"]
    answer = client.post("/api/payments/razorpay/create/", {"order_id": order_id}, format="json").json()
    return client, Order.objects.get(pk=order_id), answer


@pytest.mark.django_db(transaction=True)
def test_parallel_deliveries_of_one_event_apply_once(razorpay, opened):
    _, order, answer = opened
    payment_id, _ = razorpay.pay(answer["razorpay_order_id"])
    raw = json.dumps(razorpay.event("payment.captured", payment_id)).encode()

    def deliver():
        return APIClient().post(
            "/api/payments/razorpay/webhook/",
            raw,
            content_type="application/json",
            HTTP_X_RAZORPAY_SIGNATURE=sign(raw, "webhook-secret-xyz"),
            HTTP_X_RAZORPAY_EVENT_ID="evt_same",
        )

    responses = run_in_threads([deliver for _ in range(5)])
    assert all(r.status_code == 200 for r in responses)
    assert sorted(r.json()["status"] for r in responses).count("duplicate") == 4
    assert PaymentEvent.objects.count() == 1
    assert OrderTransition.objects.filter(order=order, to_status="PAID").count() == 1


@pytest.mark.django_db(transaction=True)
def test_verify_and_webhooks_racing_pay_once(razorpay, opened):
    client, order, answer = opened
    payment_id, signature = razorpay.pay(answer["razorpay_order_id"])

    def verify():
        return client.post(
            "/api/payments/razorpay/verify/",
            {
                "razorpay_order_id": answer["razorpay_order_id"],
                "razorpay_payment_id": payment_id,
                "razorpay_signature": signature,
            },
            format="json",
        )

    def webhook(kind, event_id):
        raw = json.dumps(razorpay.event(kind, payment_id)).encode()
        return lambda: APIClient().post(
            "/api/payments/razorpay/webhook/",
            raw,
            content_type="application/json",
            HTTP_X_RAZORPAY_SIGNATURE=sign(raw, "webhook-secret-xyz"),
            HTTP_X_RAZORPAY_EVENT_ID=event_id,
        )

    responses = run_in_threads(
        [verify, webhook("payment.captured", "e1"), webhook("order.paid", "e2"), webhook("payment.failed", "e3")]
    )
    assert all(r.status_code == 200 for r in responses), [r.json() for r in responses]
    order.refresh_from_db()
    assert order.status in ("PAID", "PACKED")  # shipping books a paid order at once when tasks run in-process
    assert OrderTransition.objects.filter(order=order, to_status="PAID").count() == 1
    assert Payment.objects.get().status == "PAID"
