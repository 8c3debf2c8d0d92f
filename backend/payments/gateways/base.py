"""The gateway interface: create, confirm/verify, handle a webhook, refund. Gateways speak their
provider's wire format and hand the services normalised facts; the services change our state."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from core.errors import ApplicationError
from payments.error_codes import PaymentErrorCode

if TYPE_CHECKING:
    from orders.models import Order

# A provider's JSON object, as its client library hands it over.
JsonObject = dict[str, Any]


class GatewayError(ApplicationError):
    """The gateway is not offered here, refused, could not be reached, or answered wrongly.
    `provider_code` keeps the provider's own reason (Stripe's "charge_already_refunded") for the
    gateway's code that decides what a refusal means."""

    def __init__(self, code: PaymentErrorCode, message: str, *, provider_code: str = "") -> None:
        super().__init__(code, message)
        self.provider_code = provider_code


def method_unavailable(code: str) -> GatewayError:
    return GatewayError(PaymentErrorCode.PAYMENT_METHOD_UNAVAILABLE, f"The {code} payment method is not available.")


class InvalidSignature(ApplicationError):
    """What the browser or a webhook sent does not verify (signature, payload, or another order's payment)."""


@dataclass
class GatewayPayment:
    """What the provider says about one payment. amount_minor is in the currency's minor units."""

    gateway_order_id: str
    gateway_payment_id: str
    amount_minor: int
    currency: str
    status: str  # created | authorized | captured | failed | refunded
    raw: JsonObject = field(default_factory=dict)
    error: str = ""


@dataclass
class GatewayRefund:
    refund_id: str
    gateway_payment_id: str
    amount_minor: int
    currency: str
    status: str  # pending | processed | failed
    raw: JsonObject = field(default_factory=dict)
    # amount_minor is the payment's refunded total so far (Stripe's charge.refunded), not this refund's own.
    cumulative: bool = False


@dataclass
class WebhookEvent:
    event_id: str
    event_type: str
    payload: JsonObject
    payment: GatewayPayment | None = None
    refund: GatewayRefund | None = None


class PaymentGateway(ABC):
    code: str = ""
    label: str = ""
    description: str = ""

    @classmethod
    @abstractmethod
    def is_enabled(cls) -> bool:
        """Configured and allowed in this deployment."""

    def is_offered(self) -> bool:
        """Checkout may offer it right now (an enabled gateway can still have nothing to offer, e.g.
        Stripe with no currency that has a fresh exchange rate)."""
        return True

    @classmethod
    def enabled(cls) -> Self:
        """The gateway, refused (400 payment_method_unavailable) where it is not enabled."""
        if not cls.is_enabled():
            raise method_unavailable(cls.code)
        return cls()

    def public_method(self) -> dict[str, Any]:
        """How checkout offers this gateway (GET /api/checkout/options/)."""
        return {"code": self.code, "label": self.label, "description": self.description}

    @abstractmethod
    def create(self, *, order: "Order", amount_minor: int) -> JsonObject:
        """Open a payment at the provider for `amount_minor`; returns the provider's answer."""

    @abstractmethod
    def verify(self, *, gateway_order_id: str, data: JsonObject) -> GatewayPayment:
        """Check the browser's confirmation and return the provider's view of the payment."""

    @abstractmethod
    def parse_webhook(self, *, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
        """Verify the signature over the raw body, then parse. Raises InvalidSignature."""

    @abstractmethod
    def refund(
        self, *, gateway_payment_id: str, amount_minor: int, currency: str, notes: dict[str, str]
    ) -> GatewayRefund:
        """Return `amount_minor` of a payment (several partial refunds may follow each other up to the charge).
        notes["refund_ref"], when given, names this one refund (Stripe's idempotency key is made from it)."""
