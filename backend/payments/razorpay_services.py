"""Razorpay (INR): open (or reuse) a Razorpay order for an order's total, verify checkout.js's signed
answer, and apply Razorpay's webhooks, all through the shared idempotent state changes of
payments.services (record_capture, record_failure, record_refund). The browser's verify call and the
webhook may both arrive, in either order: the payment changes once.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction

from accounts.models import User
from core.errors import ApplicationError, CommonErrorCode
from core.money import to_minor_units
from payments import services
from payments.error_codes import PaymentErrorCode
from payments.gateways.base import GatewayError, InvalidSignature, WebhookEvent
from payments.gateways.razorpay_gateway import RazorpayGateway
from payments.models import Payment, PaymentStatus

GATEWAY = RazorpayGateway.code


def start_razorpay_payment(*, user: User, order_id: int) -> dict[str, Any]:
    """Open (or reuse) a Razorpay order for the server-computed total; return what checkout.js needs."""
    gateway = RazorpayGateway.enabled()
    with transaction.atomic():
        order = services.own_payable_order(user, order_id, GATEWAY)
        amount_minor = to_minor_units(order.total, order.currency)
        payment = (
            Payment.objects.filter(
                order=order,
                gateway=GATEWAY,
                amount=order.total,
                currency=order.currency,
                status__in=[PaymentStatus.CREATED, PaymentStatus.FAILED],
            )
            .exclude(gateway_order_id="")
            .order_by("-id")
            .first()
        )
        if payment is None:
            # The order row lock keeps a double click from opening two Razorpay orders.
            answer = gateway.create(order=order, amount_minor=amount_minor)
            if (
                int(answer.get("amount", -1)) != amount_minor
                or str(answer.get("currency", "")).upper() != order.currency
            ):
                raise GatewayError(PaymentErrorCode.GATEWAY_MISMATCH, "Razorpay answered with a different amount.")
            payment = Payment.objects.create(
                order=order,
                gateway=GATEWAY,
                amount=order.total,
                currency=order.currency,
                gateway_order_id=answer["id"],
                metadata={"amount_minor": amount_minor, "razorpay_order": answer},
            )
    return gateway.checkout_options(payment=payment, order=order, user=user)


def verify_razorpay_payment(
    *, user: User, razorpay_order_id: str, razorpay_payment_id: str, razorpay_signature: str
) -> Payment:
    """checkout.js handler → signature check (key secret, our stored order id) → Razorpay's own
    word on amount and status → the shared capture."""
    gateway = RazorpayGateway.enabled()
    payment = Payment.objects.filter(gateway=GATEWAY, gateway_order_id=razorpay_order_id, order__user=user).first()
    if payment is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such payment.")
    reported = gateway.verify(
        gateway_order_id=payment.gateway_order_id,
        data={"razorpay_payment_id": razorpay_payment_id, "razorpay_signature": razorpay_signature},
    )
    if reported.gateway_order_id != payment.gateway_order_id:
        raise InvalidSignature(PaymentErrorCode.PAYMENT_MISMATCH, "This payment belongs to another order.")
    if reported.status == "captured":
        services.record_capture(GATEWAY, reported, source="verify")
    elif reported.status == "failed":
        services.record_failure(GATEWAY, reported, source="verify")
    payment.refresh_from_db()
    return payment


def handle_razorpay_webhook(*, body: bytes, headers: Mapping[str, str]) -> str:
    """Signature on the raw body first; then each event id is stored once, in the same transaction
    as its effect, so a repeated delivery changes nothing twice."""
    return services.counted_webhook(GATEWAY, lambda: _handle_razorpay_webhook(body, headers))


def _handle_razorpay_webhook(body: bytes, headers: Mapping[str, str]) -> str:
    if not RazorpayGateway.is_enabled() or not settings.RAZORPAY_WEBHOOK_SECRET:
        raise ApplicationError(PaymentErrorCode.WEBHOOK_NOT_CONFIGURED, "Razorpay webhooks are not configured here.")
    event = RazorpayGateway().parse_webhook(body=body, headers=headers)
    return services.process_event_once(GATEWAY, event, _apply_razorpay_event)


def _apply_razorpay_event(event: WebhookEvent) -> tuple[Payment | None, str]:
    kind = event.event_type
    if kind in ("payment.captured", "order.paid") and event.payment:
        payment = services.record_capture(GATEWAY, event.payment, source="webhook")
        return payment, f"{kind}: {payment.status if payment else 'unknown order'}"
    if kind == "payment.failed" and event.payment:
        payment = services.record_failure(GATEWAY, event.payment, source="webhook")
        return payment, f"{kind}: {payment.status if payment else 'unknown order'}"
    if kind == "refund.processed" and event.refund:
        payment = services.record_refund(GATEWAY, event.refund, source="webhook")
        return payment, f"{kind}: {payment.status if payment else 'unknown payment'}"
    return None, f"{kind}: ignored"
