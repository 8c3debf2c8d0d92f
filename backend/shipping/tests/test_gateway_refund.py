"""A refund made at the gateway (a dashboard, a dispute) after the order was packed or shipped: the lifecycle
decides (orders.lifecycle.on_refund), payments carries it out."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from catalog.models import ProductVariant
from orders.models import Order
from payments import services as payments
from payments.gateways.base import GatewayRefund
from payments.models import Payment
from shipping import services
from shipping.models import Shipment

pytestmark = pytest.mark.django_db


def refunded_at_the_gateway(order, commit):
    payment = Payment.objects.get(order=order)
    refund = GatewayRefund(
        refund_id="dev_rfnd_dashboard",
        gateway_payment_id=payment.gateway_payment_id,
        amount_minor=payments.charged_minor(payment),
        currency=payment.currency,
        status="processed",
    )
    with commit(execute=True):
        payments.record_refund(payment.gateway, refund, source="webhook")
    return Order.objects.get(pk=order.pk), Payment.objects.get(pk=payment.pk)


def test_refunded_while_packed_cancels_the_order_and_its_shipment_without_a_second_refund(
    paid_order, variant, django_capture_on_commit_callbacks, monkeypatch
):
    assert paid_order.status == "PACKED" and Shipment.objects.get().awb
    stock = ProductVariant.objects.get(pk=variant.pk).stock
    asked = []
    monkeypatch.setattr(payments, "start_refund", lambda payment, **kw: asked.append(payment.pk))

    order, payment = refunded_at_the_gateway(paid_order, django_capture_on_commit_callbacks)

    assert payment.status == "REFUNDED" and asked == []  # no second refund asked of the gateway
    assert order.status == "REFUNDED" and not order.needs_review
    moves = list(order.transitions.values_list("from_status", "to_status", "source"))
    assert moves[-2:] == [("PACKED", "CANCELLED", "dev-webhook"), ("CANCELLED", "REFUNDED", "dev-webhook")]
    assert Shipment.objects.get().status == "CANCELLED"  # cancelled at the carrier, after commit
    assert ProductVariant.objects.get(pk=variant.pk).stock == stock + 1


def test_refunded_after_the_parcel_left_asks_for_a_return(paid_order, django_capture_on_commit_callbacks):
    services.sync_active_shipments(now=timezone.now() + timedelta(minutes=5))  # the mock courier picks it up
    assert Order.objects.get(pk=paid_order.pk).status == "SHIPPED"

    order, payment = refunded_at_the_gateway(paid_order, django_capture_on_commit_callbacks)

    assert payment.status == "REFUNDED" and order.status == "SHIPPED"
    assert order.needs_review and order.review_reason.startswith("A return was opened:")
    assert Shipment.objects.get().status != "CANCELLED"
    from returns.models import ReturnRequest

    opened = ReturnRequest.objects.get(order=order)  # the lifecycle's open_return: a return for staff
    assert opened.refunded_at_gateway and opened.status in ("approved", "pickup_scheduled")


def test_the_shopper_cannot_be_refunded_twice_by_cancelling_after(
    paid_order, auth_client, django_capture_on_commit_callbacks
):
    refunded_at_the_gateway(paid_order, django_capture_on_commit_callbacks)
    response = auth_client.post(f"/api/orders/{paid_order.pk}/cancel/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_cancellable"
    with transaction.atomic():
        assert Payment.objects.get().status == "REFUNDED"
