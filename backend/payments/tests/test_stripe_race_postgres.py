"""Stripe delivers at least once and in parallel, and shoppers double-click: the same event delivered
together, success and failure racing, two create calls at once — one effect each. Real connections on
PostgreSQL."""

import json

import pytest
from django.db import connection
from rest_framework.test import APIClient

from conftest import client_for
from orders.models import Order, OrderTransition
from orders.tests.fixtures import add_to_cart, checkout
from orders.tests.test_race_postgres import run_in_threads
from payments.models import Payment, PaymentEvent
from payments.tests.conftest import STRIPE_WEBHOOK_SECRET
from payments.tests.fake_stripe import sign_header

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL row locks and concurrent connections; the database here is {connection.vendor}",
    ),
]


@pytest.fixture
def placed(stripe_api, variant):
    from accounts.tests.factories import UserFactory

    client = client_for(UserFactory())
    add_to_cart(client, variant, 1)
    order_id = checkout(client, method="stripe").json()["id"]
    return client, Order.objects.get(pk=order_id)


def deliver(body: dict):
    raw = json.dumps(body).encode()
    return lambda: APIClient().post(
        "/api/payments/stripe/webhook/",
        raw,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign_header(raw, STRIPE_WEBHOOK_SECRET),
    )


@pytest.mark.django_db(transaction=True)
def test_parallel_creates_open_one_intent(stripe_api, placed):
    client, order = placed

    def create():
        return client.post("/api/payments/stripe/create/", {"order_id": order.pk, "currency": "USD"}, format="json")

    responses = run_in_threads([create for _ in range(4)])
    assert all(r.status_code == 200 for r in responses), [r.json() for r in responses]
    assert len({r.json()["payment_intent_id"] for r in responses}) == 1
    assert Payment.objects.count() == 1 and len(stripe_api.intents) == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_deliveries_and_a_late_failure_pay_once(stripe_api, placed):
    client, order = placed
    intent_id = client.post(
        "/api/payments/stripe/create/", {"order_id": order.pk, "currency": "USD"}, format="json"
    ).json()["payment_intent_id"]
    failed = stripe_api.intent_event(
        "payment_intent.payment_failed", intent_id, last_payment_error={"message": "declined"}
    )
    stripe_api.pay(intent_id)
    succeeded = stripe_api.intent_event("payment_intent.succeeded", intent_id)
    other_id = stripe_api.intent_event("payment_intent.succeeded", intent_id)
    responses = run_in_threads([deliver(succeeded) for _ in range(4)] + [deliver(other_id), deliver(failed)])
    assert all(r.status_code == 200 for r in responses), [r.json() for r in responses]
    assert [r.json()["status"] for r in responses[:4]].count("duplicate") == 3
    assert PaymentEvent.objects.count() == 3
    order.refresh_from_db()
    # shipping books a paid order at once when tasks run in-process: it may be PACKED already
    assert order.status in ("PAID", "PACKED") and Payment.objects.get().status == "PAID"
    assert OrderTransition.objects.filter(order=order, to_status="PAID").count() == 1
