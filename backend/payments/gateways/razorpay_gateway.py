"""Razorpay (INR) through the official client. Wire facts: POST /v1/orders (Basic auth, amount in
paise), checkout signature = HMAC-SHA256(order_id|payment_id, key secret), webhook signature =
HMAC-SHA256(raw body, webhook secret) in X-Razorpay-Signature, event id in x-razorpay-event-id."""

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import razorpay
import requests
from django.conf import settings

from core.breakers import CircuitOpen, breaker, is_outage
from orders.models import Order
from payments.error_codes import PaymentErrorCode
from payments.gateways.base import (
    GatewayError,
    GatewayPayment,
    GatewayRefund,
    InvalidSignature,
    JsonObject,
    PaymentGateway,
    WebhookEvent,
)

if TYPE_CHECKING:
    from accounts.models import User
    from payments.models import Payment

logger = logging.getLogger(__name__)


def _payment(entity: JsonObject) -> GatewayPayment:
    return GatewayPayment(
        gateway_order_id=str(entity.get("order_id") or ""),
        gateway_payment_id=str(entity["id"]),
        amount_minor=int(entity["amount"]),
        currency=str(entity.get("currency", "")).upper(),
        status=str(entity.get("status", "")),
        raw=entity,
        error=str(entity.get("error_description") or entity.get("error_code") or ""),
    )


def _refund(entity: JsonObject) -> GatewayRefund:
    return GatewayRefund(
        refund_id=str(entity["id"]),
        gateway_payment_id=str(entity["payment_id"]),
        amount_minor=int(entity["amount"]),
        currency=str(entity.get("currency", "")).upper(),
        status=str(entity.get("status", "")),
        raw=entity,
    )


def _outage(exc: Exception) -> bool:
    """Razorpay failing rather than refusing: its 5xx (GATEWAY_ERROR, SERVER_ERROR), an answer that is not
    JSON (a proxy's error page), a timeout or a lost connection. BAD_REQUEST_ERROR is Razorpay answering."""
    return isinstance(exc, (razorpay.errors.GatewayError, razorpay.errors.ServerError, ValueError)) or is_outage(exc)


class RazorpayGateway(PaymentGateway):
    code = "razorpay"
    label = "Razorpay"
    description = "UPI, cards, netbanking and wallets through Razorpay."

    @classmethod
    def is_enabled(cls) -> bool:
        return bool(settings.RAZORPAY_KEY_ID and settings.RAZORPAY_KEY_SECRET)

    def public_method(self) -> dict[str, Any]:
        return {**super().public_method(), "key_id": settings.RAZORPAY_KEY_ID}

    @property
    def client(self) -> razorpay.Client:
        return razorpay.Client(
            auth=(settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET), base_url=settings.RAZORPAY_API_BASE
        )

    def _call(self, what: str, fn: Callable[..., JsonObject], *args: Any, **kwargs: Any) -> JsonObject:
        try:
            return breaker("razorpay").attempt(
                lambda: fn(*args, timeout=settings.RAZORPAY_TIMEOUT_SECONDS, **kwargs), failure=_outage
            )
        except razorpay.errors.BadRequestError as exc:
            raise GatewayError(PaymentErrorCode.GATEWAY_REFUSED, f"Razorpay refused to {what}: {exc}") from exc
        except (
            CircuitOpen,
            razorpay.errors.GatewayError,
            razorpay.errors.ServerError,
            requests.RequestException,
            ValueError,
        ) as exc:
            logger.warning("Razorpay %s failed: %r", what, exc)
            raise GatewayError(
                PaymentErrorCode.GATEWAY_UNAVAILABLE, f"Razorpay is not answering ({what}); try again shortly."
            ) from exc

    # --- create
    def create(self, *, order: Order, amount_minor: int) -> JsonObject:
        data = {
            "amount": amount_minor,
            "currency": order.currency,
            "receipt": f"order-{order.pk}"[:40],
            "notes": {"order_id": str(order.pk)},
            "payment_capture": 1,
        }
        return self._call("create an order", self.client.order.create, data=data)

    def checkout_options(self, *, payment: "Payment", order: Order, user: "User") -> dict[str, Any]:
        """What checkout.js needs to open the payment form."""
        address = order.shipping_address or {}
        return {
            "key_id": settings.RAZORPAY_KEY_ID,
            "razorpay_order_id": payment.gateway_order_id,
            "amount": payment.metadata.get("amount_minor"),
            "currency": payment.currency,
            "name": settings.STORE_NAME,
            "description": f"Order {order.number}",
            "prefill": {
                "name": user.full_name or address.get("full_name", ""),
                "email": user.email or "",  # none for a shopper who signs in by mobile: checkout.js asks
                "contact": user.phone or address.get("phone", ""),
            },
            "notes": {"order_id": str(order.pk)},
            "order_id": order.pk,
        }

    # --- verify
    def verify_signature(self, *, gateway_order_id: str, gateway_payment_id: str, signature: str) -> None:
        try:
            self.client.utility.verify_payment_signature(
                {
                    "razorpay_order_id": gateway_order_id,
                    "razorpay_payment_id": gateway_payment_id,
                    "razorpay_signature": signature,
                }
            )
        except razorpay.errors.SignatureVerificationError:
            raise InvalidSignature(
                PaymentErrorCode.INVALID_SIGNATURE, "The payment signature does not match."
            ) from None

    def fetch_payment(self, gateway_payment_id: str) -> GatewayPayment:
        return _payment(self._call("fetch a payment", self.client.payment.fetch, gateway_payment_id))

    def verify(self, *, gateway_order_id: str, data: JsonObject) -> GatewayPayment:
        """Signature first (on OUR stored order id), then the payment as Razorpay reports it."""
        self.verify_signature(
            gateway_order_id=gateway_order_id,
            gateway_payment_id=data["razorpay_payment_id"],
            signature=data["razorpay_signature"],
        )
        return self.fetch_payment(data["razorpay_payment_id"])

    # --- webhooks
    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        secret = settings.RAZORPAY_WEBHOOK_SECRET
        signature = headers.get("X-Razorpay-Signature", "")
        if not signature:
            raise InvalidSignature(PaymentErrorCode.INVALID_SIGNATURE, "X-Razorpay-Signature is missing.")
        try:
            text = body.decode("utf-8")
            self.client.utility.verify_webhook_signature(text, signature, secret)
        except (UnicodeDecodeError, razorpay.errors.SignatureVerificationError):
            raise InvalidSignature(
                PaymentErrorCode.INVALID_SIGNATURE, "The webhook signature does not match."
            ) from None
        try:
            payload = json.loads(text)
            event_type = str(payload["event"])
            entities = payload.get("payload") or {}
        except (ValueError, KeyError, TypeError):
            raise InvalidSignature(
                PaymentErrorCode.INVALID_PAYLOAD, "The webhook body is not a Razorpay event."
            ) from None
        event_id = headers.get("X-Razorpay-Event-Id") or f"sha256:{hashlib.sha256(body).hexdigest()}"
        payment = refund = None
        try:
            if "payment" in entities:
                payment = _payment(entities["payment"]["entity"])
            if "refund" in entities:
                refund = _refund(entities["refund"]["entity"])
        except (KeyError, TypeError, ValueError):
            raise InvalidSignature(PaymentErrorCode.INVALID_PAYLOAD, "The webhook entities are malformed.") from None
        return WebhookEvent(
            event_id=event_id[:100], event_type=event_type, payload=payload, payment=payment, refund=refund
        )

    # --- refunds
    def refund(
        self, *, gateway_payment_id: str, amount_minor: int, currency: str, notes: dict[str, str]
    ) -> GatewayRefund:
        data = {
            "amount": amount_minor,
            "speed": "normal",
            "notes": notes,
            "receipt": f"refund-{notes.get('order_id', '')}"[:40],
        }
        try:
            return _refund(self._call("refund a payment", self.client.payment.refund, gateway_payment_id, data))
        except GatewayError as exc:
            if exc.code != PaymentErrorCode.GATEWAY_REFUSED:
                raise
            # Already refunded (a retry after a lost answer)? Razorpay then refuses; its payment says so. Only for a
            # full refund: after partial ones, amount_refunded says nothing about this one.
            if notes.get("refund_ref"):
                raise
            current = self._call("fetch a payment", self.client.payment.fetch, gateway_payment_id)
            if int(current.get("amount_refunded") or 0) >= amount_minor:
                return GatewayRefund(
                    refund_id=f"already:{gateway_payment_id}",
                    gateway_payment_id=gateway_payment_id,
                    amount_minor=amount_minor,
                    currency=currency,
                    status="processed",
                    raw=current,
                )
            raise
