"""Cash on delivery: whether it is offered (cod_offer), the shopper's standing (RTO count, block) and what checkout
asks of it through orders.payment_methods' Condition. The courier collects the cash: no gateway is called."""

from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings

from core.money import quantize
from orders.models import OrderStatus
from payments.models import CodStanding

if TYPE_CHECKING:
    from accounts.models import User

COD = "cod"


class CodReason(StrEnum):
    """Why cash on delivery is not offered (each one the storefront can put into words)."""

    SIGN_IN_REQUIRED = "sign_in_required"
    ORDER_VALUE_TOO_HIGH = "order_value_too_high"
    PINCODE_REQUIRED = "pincode_required"
    INVALID_PINCODE = "invalid_pincode"
    PINCODE_NOT_SERVICEABLE = "pincode_not_serviceable"
    CARRIER_UNAVAILABLE = "carrier_unavailable"
    CUSTOMER_BLOCKED = "customer_blocked"


Reason = dict[str, str]


def _reason(code: CodReason, message: str) -> Reason:
    return {"code": str(code), "message": message}


def cod_fee() -> Decimal:
    return quantize(settings.COD_FEE, settings.STORE_CURRENCY)


def offered_methods() -> list[dict[str, Any]]:
    """The method as checkout lists it (offered or not is decided per shopper, total and pincode: cod_offer)."""
    if not settings.COD_ENABLED:
        return []
    fee = cod_fee()
    return [
        {
            "code": COD,
            "label": "Cash on delivery",
            "description": f"Pay in cash when it arrives{f' (₹{fee} fee)' if fee else ''}.",
            "fee": fee,
        }
    ]


def is_blocked(user: "User") -> bool:
    return CodStanding.objects.filter(user=user, blocked=True).exists()


def _carrier_reason(pincode: str) -> Reason | None:
    from shipping import services as shipping
    from shipping.providers.base import InvalidPincode, ShippingProviderError

    try:
        if shipping.cod_serviceable(pincode):
            return None
    except InvalidPincode:
        return _reason(CodReason.INVALID_PINCODE, "Enter a valid 6-digit pincode.")
    except ShippingProviderError:  # the carrier cannot answer (its breaker open, a timeout): never guessed
        return _reason(CodReason.CARRIER_UNAVAILABLE, "We cannot check cash on delivery for this pincode right now.")
    return _reason(CodReason.PINCODE_NOT_SERVICEABLE, f"Cash on delivery is not available at {pincode}.")


def cod_offer(user: "User | Any", total: Decimal, pincode: str) -> tuple[bool, list[Reason]]:
    """Is cash on delivery offered for an order of `total` (before the COD fee) to `pincode`, to `user`? Every
    reason it is not, not only the first: the storefront says them all."""
    reasons: list[Reason] = []
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    if not signed_in:
        reasons.append(_reason(CodReason.SIGN_IN_REQUIRED, "Sign in to pay cash on delivery."))
    limit = settings.COD_MAX_ORDER_VALUE
    if total + cod_fee() > limit:
        reasons.append(_reason(CodReason.ORDER_VALUE_TOO_HIGH, f"Cash on delivery is for orders up to ₹{limit:,.0f}."))
    pincode = (pincode or "").strip()
    if not pincode:
        reasons.append(_reason(CodReason.PINCODE_REQUIRED, "Enter the delivery pincode to check cash on delivery."))
    else:
        carrier = _carrier_reason(pincode)
        if carrier is not None:
            reasons.append(carrier)
    if signed_in and is_blocked(user):
        reasons.append(
            _reason(CodReason.CUSTOMER_BLOCKED, "Cash on delivery is not available on your account; pay online.")
        )
    return not reasons, reasons


def hold_minutes() -> int:
    return int(settings.COD_CONFIRM_MINUTES)


UNPAID_STATUS = OrderStatus.CONFIRMATION_PENDING
