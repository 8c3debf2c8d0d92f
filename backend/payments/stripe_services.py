"""Stripe: open (or reuse) a PaymentIntent for an order in the shopper's currency, and apply Stripe's
webhooks through the shared idempotent state changes of payments.services (record_capture,
record_failure, record_refund). The webhook alone completes an order: the shopper need not come back.
"""

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import ApplicationError, CommonErrorCode
from currency import services as currency_services
from currency.error_codes import CurrencyErrorCode
from orders import lifecycle
from orders.models import Order
from payments import services
from payments.error_codes import PaymentErrorCode
from payments.gateways.base import GatewayError, JsonObject, WebhookEvent
from payments.gateways.stripe_gateway import OPEN_STATES, StripeGateway, payment_from_intent
from payments.models import Payment, PaymentStatus

logger = logging.getLogger(__name__)

GATEWAY = StripeGateway.code


def _currency(currency: str) -> str:
    code = currency_services.normalise_code(currency)
    if code not in settings.STRIPE_CURRENCIES:
        raise ApplicationError(
            CurrencyErrorCode.CURRENCY_NOT_SUPPORTED,
            f"Stripe payments are not taken in {code} here.",
            fields={"currency": [f"Choose one of: {', '.join(settings.STRIPE_CURRENCIES)}."]},
        )
    return code


def idempotency_key(order: Order, currency: str, amount_minor: int, attempt: int) -> str:
    """Derived from the order, the amount and the currency: a retry after a lost answer sends the same key
    and gets the same intent. `attempt` (the order's Stripe payments so far) moves on only once an intent
    was stored, so a cancelled intent is never handed back for a new one."""
    return f"phonestore-pi-{order.pk}-{int(order.created_at.timestamp())}-{currency}-{amount_minor}-{attempt}"


def _answer(payment: Payment, intent: JsonObject) -> dict[str, Any]:
    charge = payment.metadata.get("charge", {})
    return {
        "order_id": payment.order_id,
        "payment_id": payment.pk,
        "payment_intent_id": intent["id"],
        "client_secret": intent.get("client_secret") or "",
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "amount": charge.get("amount", str(payment.amount)),
        "amount_minor": charge.get("amount_minor"),
        "currency": payment.currency,
        "exchange_rate": charge.get("rate"),
        "base_amount": charge.get("base_amount"),
        "base_currency": charge.get("base_currency"),
        "rate_updated_at": charge.get("rate_updated_at"),
        "status": str(intent.get("status") or ""),
    }


def _cancel_superseded(gateway: StripeGateway, payment: Payment, reason: str) -> str:
    """Cancel an open intent the shopper no longer uses, so it can never be paid as well. Returns the
    intent's status when Stripe could not cancel it (it is paid or being paid)."""
    try:
        gateway.cancel(payment.gateway_order_id)
    except GatewayError as exc:
        if exc.code != PaymentErrorCode.GATEWAY_REFUSED:
            raise
        intent = gateway.retrieve(payment.gateway_order_id)
        if intent["status"] != "canceled":
            return str(intent["status"])
    payment.status = PaymentStatus.FAILED
    payment.metadata = {**payment.metadata, "cancelled": {"reason": reason, "at": timezone.now().isoformat()}}
    payment.save(update_fields=["status", "metadata", "updated_at"])
    return "canceled"


def start_stripe_payment(*, user: User, order_id: int, currency: str) -> dict[str, Any]:
    """Open (or reuse) a PaymentIntent for the server-computed total converted into `currency`; return
    what Stripe.js needs (client_secret, publishable key) and what the shopper is charged."""
    gateway = StripeGateway.enabled()
    code = _currency(currency)
    paid_meanwhile = False
    with transaction.atomic():
        # The order row lock keeps a double click from opening two intents.
        order = services.own_payable_order(user, order_id, GATEWAY)
        conversion = currency_services.convert(order.total, code)
        gateway.check_amount(conversion)
        open_payments = [
            p
            for p in Payment.objects.select_for_update()
            .filter(order=order, gateway=GATEWAY, status__in=[PaymentStatus.CREATED, PaymentStatus.FAILED])
            .order_by("-pk")
            if not p.metadata.get("cancelled")
        ]

        for candidate in open_payments:
            if (
                candidate.currency == code
                and int(candidate.metadata["charge"]["amount_minor"]) == conversion.amount_minor
            ):
                intent = gateway.retrieve(candidate.gateway_order_id)
                if intent["status"] == "succeeded":  # paid, and its webhook is not here yet
                    services.record_capture(GATEWAY, payment_from_intent(intent), source="create")
                    return _answer(candidate, intent)
                if intent["status"] in OPEN_STATES or intent["status"] == "processing":
                    return _answer(candidate, intent)  # nothing changed: the same intent
                break  # canceled at Stripe: open a new one below

        # The currency or the amount changed: the intents opened before must not be payable any more.
        for other in open_payments:
            status = _cancel_superseded(gateway, other, reason=f"replaced by a payment in {code}")
            if status == "succeeded":
                services.record_capture(
                    GATEWAY, payment_from_intent(gateway.retrieve(other.gateway_order_id)), source="create"
                )
                paid_meanwhile = True
                break
            if status != "canceled":
                raise ApplicationError(
                    PaymentErrorCode.PAYMENT_IN_PROGRESS,
                    "A payment for this order is already being processed; wait for its result.",
                )
        if not paid_meanwhile:
            attempt = Payment.objects.filter(order=order, gateway=GATEWAY).count()
            key = idempotency_key(order, code, conversion.amount_minor, attempt)
            intent = gateway.create(
                order=order,
                amount_minor=conversion.amount_minor,
                currency=code,
                idempotency_key=key,
                metadata={"amount_inr": str(order.total)},
            )
            if (
                int(intent.get("amount", -1)) != conversion.amount_minor
                or str(intent.get("currency", "")).upper() != code
            ):
                raise GatewayError(PaymentErrorCode.GATEWAY_MISMATCH, "Stripe answered with a different amount.")
            payment = Payment.objects.create(
                order=order,
                gateway=GATEWAY,
                amount=conversion.amount,
                currency=code,
                exchange_rate=None if code == order.currency else conversion.rate.rate,
                gateway_order_id=intent["id"],
                metadata={
                    "amount_minor": conversion.amount_minor,
                    "charge": conversion.as_metadata(),
                    "idempotency_key": key,
                    "stripe_payment_intent_id": intent["id"],
                },
            )
            return _answer(payment, intent)
    raise ApplicationError(PaymentErrorCode.ORDER_NOT_PAYABLE, "This order has just been paid.")


def stripe_quote(*, user: User, order_id: int) -> dict[str, Any]:
    """What the order costs in each Stripe currency right now, and which currencies cannot be used and why."""
    gateway = StripeGateway.enabled()
    order = Order.objects.filter(pk=order_id, user=user).first()
    if order is None:
        raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such order.")
    if order.payment_method != GATEWAY:
        raise ApplicationError(
            PaymentErrorCode.WRONG_PAYMENT_METHOD, f"This order is paid with {order.payment_method}, not {GATEWAY}."
        )
    options, unavailable = [], []
    for code in settings.STRIPE_CURRENCIES:
        try:
            conversion = currency_services.convert(order.total, code)
            gateway.check_amount(conversion)
        except ApplicationError as exc:  # no fresh rate, or an amount Stripe cannot charge
            unavailable.append({"currency": code, "code": exc.code.value, "message": exc.message})
            continue
        options.append(
            {
                "currency": code,
                "amount": str(conversion.amount),
                "amount_minor": conversion.amount_minor,
                "exchange_rate": str(conversion.rate.rate),
                "rate_updated_at": conversion.rate.updated_at.isoformat() if conversion.rate.updated_at else None,
            }
        )
    return {
        "order_id": order.pk,
        "order_status": order.status,
        "payable": lifecycle.awaits_payment(order.status),
        "amount": str(order.total),
        "currency": order.currency,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "options": options,
        "unavailable": unavailable,
    }


# --- Webhooks


def handle_stripe_webhook(*, body: bytes, headers: Mapping[str, str]) -> str:
    """Signature on the raw body first (the client's tolerance refuses stale timestamps); then each event
    id is stored once, in the same transaction as its effect; the answer comes after the commit."""
    return services.counted_webhook(GATEWAY, lambda: _handle_stripe_webhook(body, headers))


def _handle_stripe_webhook(body: bytes, headers: Mapping[str, str]) -> str:
    if not StripeGateway.is_enabled() or not settings.STRIPE_WEBHOOK_SECRET:
        raise ApplicationError(PaymentErrorCode.WEBHOOK_NOT_CONFIGURED, "Stripe webhooks are not configured here.")
    event = StripeGateway().parse_webhook(body=body, headers=headers)
    return services.process_event_once(GATEWAY, event, _apply_stripe_event)


def _apply_stripe_event(event: WebhookEvent) -> tuple[Payment | None, str]:
    kind = event.event_type
    if kind == "payment_intent.succeeded" and event.payment:
        payment = services.record_capture(GATEWAY, event.payment, source="webhook")
        return payment, f"{kind}: {payment.status if payment else 'unknown intent'}"
    if kind == "payment_intent.payment_failed" and event.payment:
        payment = services.record_failure(GATEWAY, event.payment, source="webhook")
        return payment, f"{kind}: {payment.status if payment else 'unknown intent'}"
    if kind == "charge.refunded" and event.refund:
        refund = event.refund
        if refund.refund_id.startswith("charge:"):
            # The event names no refund: keep the refund id our refund call stored, if any.
            known = (
                Payment.objects.filter(gateway=GATEWAY, gateway_payment_id=refund.gateway_payment_id)
                .exclude(gateway_refund_id="")
                .values_list("gateway_refund_id", flat=True)
                .first()
            )
            refund = replace(refund, refund_id=known or refund.refund_id)
        payment = services.record_refund(GATEWAY, refund, source="webhook")
        return payment, f"{kind}: {payment.status if payment else 'unknown payment'}"
    return None, f"{kind}: ignored"
