"""Stripe (cards from abroad, charged in the shopper's currency) through the official client.

Wire facts (docs.stripe.com): POST /v1/payment_intents, form-encoded, `Authorization: Bearer <secret
key>`, `amount` a positive integer in the currency's minor units (currency.units: JPY 0, USD 2, KWD 3),
at most 8 digits; `Idempotency-Key` header (same key and parameters → the same object, same key with
other parameters → an idempotency_error). Refunds: POST /v1/refunds {payment_intent}. Webhooks:
`Stripe-Signature: t=<unix>,v1=<hex>`, HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint's
whsec_ secret, refused outside the client's tolerance (300 s).

Our Payment for Stripe: gateway_order_id = gateway_payment_id = the PaymentIntent id (pi_…): one
intent collects at most one successful charge, so the intent is both the "order" and the "payment".
"""

import json
import logging
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings

from core.breakers import CircuitOpen, breaker, is_outage
from core.errors import ApplicationError
from currency import services as currency_services
from currency import units
from currency.services import Conversion, Rate
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

logger = logging.getLogger(__name__)

# Stripe's documented minimum charge per presentment currency (docs.stripe.com/currencies#minimum-and-
# maximum-charge-amounts); every currency is also held to STRIPE_MIN_CHARGE_USD's equivalent.
MINIMUM_CHARGE = {
    code: Decimal(amount)
    for code, amount in {
        "USD": "0.50",
        "AED": "2.00",
        "AUD": "0.50",
        "BGN": "1.00",
        "BRL": "0.50",
        "CAD": "0.50",
        "CHF": "0.50",
        "CZK": "15.00",
        "DKK": "2.50",
        "EUR": "0.50",
        "GBP": "0.30",
        "HKD": "4.00",
        "HUF": "175.00",
        "INR": "0.50",
        "JPY": "50",
        "MXN": "10",
        "MYR": "2",
        "NOK": "3.00",
        "NZD": "0.50",
        "PLN": "2.00",
        "RON": "2.00",
        "SEK": "3.00",
        "SGD": "0.50",
        "THB": "10",
    }.items()
}
MAX_AMOUNT_MINOR = 99_999_999  # "up to eight digits"

# Intent states in which the shopper can still pay it.
OPEN_STATES = {"requires_payment_method", "requires_confirmation", "requires_action"}
REFUND_STATES = {
    "succeeded": "processed",
    "pending": "pending",
    "requires_action": "pending",
    "failed": "failed",
    "canceled": "failed",
}


def payment_from_intent(intent: JsonObject) -> GatewayPayment:
    status = str(intent.get("status") or "")
    error = intent.get("last_payment_error") or {}
    if status == "succeeded":
        normalised = "captured"
    elif status == "requires_payment_method" and error:
        normalised = "failed"
    else:
        normalised = {"canceled": "canceled", "processing": "processing"}.get(status, "created")
    received = int(intent.get("amount_received") or 0)
    return GatewayPayment(
        gateway_order_id=str(intent["id"]),
        gateway_payment_id=str(intent["id"]),
        amount_minor=received if status == "succeeded" and received else int(intent["amount"]),
        currency=str(intent.get("currency") or "").upper(),
        status=normalised,
        raw=intent,
        error=str(error.get("message") or error.get("code") or "") if isinstance(error, dict) else "",
    )


def refund_from_object(refund: JsonObject) -> GatewayRefund:
    return GatewayRefund(
        refund_id=str(refund["id"]),
        gateway_payment_id=str(refund.get("payment_intent") or ""),
        amount_minor=int(refund["amount"]),
        currency=str(refund.get("currency") or "").upper(),
        status=REFUND_STATES.get(str(refund.get("status")), "pending"),
        raw=refund,
    )


def refund_from_charge(charge: JsonObject) -> GatewayRefund:
    """charge.refunded: the charge's refunded total (partial refunds too). The newest refund's id when the
    event carries the refunds list (older API versions), else the charge's id."""
    refunds = ((charge.get("refunds") or {}).get("data") or []) if isinstance(charge.get("refunds"), dict) else []
    refund_id = str(refunds[0]["id"]) if refunds else f"charge:{charge['id']}"
    return GatewayRefund(
        refund_id=refund_id,
        gateway_payment_id=str(charge.get("payment_intent") or ""),
        amount_minor=int(charge.get("amount_refunded") or 0),
        currency=str(charge.get("currency") or "").upper(),
        status="processed",
        raw=charge,
        cumulative=True,
    )


def _outage(exc: Exception) -> bool:
    """Stripe failing rather than refusing: no connection, a timeout, its 5xx (a card error, a bad request
    or a rate limit is Stripe answering)."""
    return isinstance(exc, stripe.APIConnectionError) or is_outage(exc)


class StripeGateway(PaymentGateway):
    code = "stripe"
    label = "Card (international)"
    description = "Visa, Mastercard, American Express and more through Stripe, charged in your currency."

    @classmethod
    def is_enabled(cls) -> bool:
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)

    # --- what checkout offers
    def rates(self) -> dict[str, Rate]:
        """The configured currencies that have a fresh rate right now (INR always)."""
        return currency_services.fresh_rates(settings.STRIPE_CURRENCIES)

    def is_offered(self) -> bool:
        return bool(self.rates())

    def public_method(self) -> dict[str, Any]:
        rates = self.rates()
        return {
            **super().public_method(),
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "currencies": list(rates),
            "exchange_rates": {code: str(rate.rate) for code, rate in rates.items()},
        }

    def estimates(self, amount: Decimal) -> dict[str, str]:
        """An INR amount in each other currency that can be charged now, rounded as a charge would be
        (with the currency's own digits: "12.04" USD, "1450" JPY)."""
        return {
            code: str(units.round_amount(amount * rate.rate, code))
            for code, rate in self.rates().items()
            if code != currency_services.store_currency()
        }

    # --- amounts
    def check_amount(self, conversion: Conversion) -> None:
        """Stripe's limits: at least its minimum (and STRIPE_MIN_CHARGE_USD's equivalent), at most 8 digits."""
        code = conversion.currency
        if conversion.amount_minor > MAX_AMOUNT_MINOR:
            raise ApplicationError(
                PaymentErrorCode.AMOUNT_TOO_LARGE,
                f"{conversion.amount} {code} is more than Stripe can charge in one payment; "
                f"choose another currency or payment method.",
                fields={"currency": [f"Too large an amount in {code}."]},
            )
        minimum = MINIMUM_CHARGE.get(code)
        usd = currency_services.fresh_rates(["USD"]).get("USD")
        floor_inr = (settings.STRIPE_MIN_CHARGE_USD / usd.market_rate) if usd else None
        if (minimum is not None and conversion.amount < minimum) or (
            floor_inr is not None and conversion.base_amount < floor_inr
        ):
            shown = f"{minimum} {code}" if minimum is not None else f"{settings.STRIPE_MIN_CHARGE_USD} USD"
            raise ApplicationError(
                PaymentErrorCode.AMOUNT_TOO_SMALL,
                f"Stripe cannot charge less than {shown}; this order is {conversion.amount} {code}. "
                f"Choose another payment method.",
                fields={"currency": [f"Below Stripe's minimum of {shown}."]},
            )

    # --- the client
    @property
    def client(self) -> stripe.StripeClient:
        return stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            base_addresses={"api": settings.STRIPE_API_BASE},
            max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
            http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
        )

    def _call(self, what: str, fn: Callable[..., stripe.StripeObject], *args: Any, **kwargs: Any) -> JsonObject:
        try:
            answer: JsonObject = breaker("stripe").attempt(lambda: fn(*args, **kwargs).to_dict(), failure=_outage)
            return answer
        except (
            stripe.InvalidRequestError,
            stripe.IdempotencyError,
            stripe.CardError,
            stripe.AuthenticationError,
            stripe.PermissionError,
        ) as exc:
            logger.warning("Stripe refused to %s: %s (%s)", what, exc.user_message or exc, exc.code)
            raise GatewayError(
                PaymentErrorCode.GATEWAY_REFUSED,
                f"Stripe refused to {what}: {exc.user_message or exc}",
                provider_code=exc.code or type(exc).__name__,
            ) from exc
        except (stripe.StripeError, CircuitOpen) as exc:  # connection, rate limit, Stripe's own 5xx, breaker open
            logger.warning("Stripe %s failed: %r", what, exc)
            raise GatewayError(
                PaymentErrorCode.GATEWAY_UNAVAILABLE, f"Stripe is not answering ({what}); try again shortly."
            ) from exc

    # --- create, retrieve, cancel
    def create(
        self,
        *,
        order: Order,
        amount_minor: int,
        currency: str | None = None,
        idempotency_key: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> JsonObject:
        """A PaymentIntent for `amount_minor` of `currency` (the order's own when not given). The parameters
        depend only on the order, the amount and the currency, so a retry with the same idempotency key
        sends the same request."""
        params = {
            "amount": amount_minor,
            "currency": (currency or order.currency).lower(),
            "automatic_payment_methods": {"enabled": True},
            "description": f"{settings.STORE_NAME} order {order.number}",
            "metadata": {"order_id": str(order.pk), "order_number": order.number, **(metadata or {})},
        }
        options = {"idempotency_key": idempotency_key} if idempotency_key else None
        return self._call("create a payment", self.client.v1.payment_intents.create, params, options)

    def retrieve(self, intent_id: str) -> JsonObject:
        return self._call("look up a payment", self.client.v1.payment_intents.retrieve, intent_id)

    def cancel(self, intent_id: str, *, idempotency_key: str | None = None) -> JsonObject:
        options = {"idempotency_key": idempotency_key} if idempotency_key else None
        return self._call(
            "cancel a payment",
            self.client.v1.payment_intents.cancel,
            intent_id,
            {"cancellation_reason": "duplicate"},
            options,
        )

    def verify(self, *, gateway_order_id: str, data: JsonObject | None = None) -> GatewayPayment:
        """Stripe's own word on an intent (the secret key authenticates the answer)."""
        return payment_from_intent(self.retrieve(gateway_order_id))

    # --- webhooks
    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        header = headers.get("Stripe-Signature", "")
        if not header:
            raise InvalidSignature(PaymentErrorCode.INVALID_SIGNATURE, "Stripe-Signature is missing.")
        try:
            text = body.decode("utf-8")
            stripe.WebhookSignature.verify_header(
                text, header, settings.STRIPE_WEBHOOK_SECRET, stripe.Webhook.DEFAULT_TOLERANCE
            )
        except UnicodeDecodeError:
            raise InvalidSignature(PaymentErrorCode.INVALID_SIGNATURE, "The webhook body is not UTF-8.") from None
        except stripe.SignatureVerificationError as exc:
            raise InvalidSignature(
                PaymentErrorCode.INVALID_SIGNATURE, f"The Stripe signature does not verify: {exc.user_message or exc}"
            ) from None
        try:
            payload = json.loads(text)
            event_id, event_type = str(payload["id"]), str(payload["type"])
            obj = payload["data"]["object"]
            payment = refund = None
            if event_type.startswith("payment_intent."):
                payment = payment_from_intent(obj)
            elif event_type == "charge.refunded":
                refund = refund_from_charge(obj)
        except (ValueError, KeyError, TypeError):
            raise InvalidSignature(
                PaymentErrorCode.INVALID_PAYLOAD, "The webhook body is not a Stripe event."
            ) from None
        return WebhookEvent(
            event_id=event_id[:100], event_type=event_type[:60], payload=payload, payment=payment, refund=refund
        )

    # --- refunds
    def refund(
        self, *, gateway_payment_id: str, amount_minor: int, currency: str, notes: dict[str, str]
    ) -> GatewayRefund:
        refund_ref = notes.get("refund_ref") or str(amount_minor)
        params = {
            "payment_intent": gateway_payment_id,
            "amount": amount_minor,
            "reason": "requested_by_customer",
            "metadata": {str(k): str(v) for k, v in notes.items()},
        }
        try:
            answer = self._call(
                "refund a payment",
                self.client.v1.refunds.create,
                params,
                # One key per refund: two partial refunds of the same amount (two units returned apart) are two.
                {"idempotency_key": f"phonestore-refund-{gateway_payment_id}-{refund_ref}"},
            )
        except GatewayError as exc:
            if exc.provider_code != "charge_already_refunded":
                raise
            # Refunded already (a retry after a lost answer, or from the Dashboard): the money is back.
            return GatewayRefund(
                refund_id=f"already:{gateway_payment_id}",
                gateway_payment_id=gateway_payment_id,
                amount_minor=amount_minor,
                currency=currency,
                status="processed",
            )
        return refund_from_object(answer)
