"""What orders knows of payments: which payment methods checkout offers, and what an order's shopper was charged.
Orders does not know the gateways (payments depends on orders, not the other way round): the payments app
registers its providers here when it loads."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orders.models import Order

_providers: list[Callable[[], list[dict]]] = []
_charge_providers: list[Callable[["Order"], Any]] = []


@dataclass(frozen=True)
class Condition:
    """A payment method offered only when its rules hold for this shopper, order total and pincode (cash on
    delivery): `check(user, total, pincode)` → (offered, [{"code", "message"}]), `fee()` what it adds to the
    order, `unpaid_status` the status its orders are placed in instead of PENDING_PAYMENT, `hold_minutes()` how
    long an order stays there before the expiry sweep cancels it, `on_placed(order)` what follows the order's
    creation in checkout's transaction (cash on delivery: the confirmation code is sent once it commits)."""

    check: Callable[[Any, Decimal, str], tuple[bool, list[dict[str, str]]]]
    fee: Callable[[], Decimal]
    unpaid_status: str
    hold_minutes: Callable[[], int]
    on_placed: Callable[["Order"], object]


_conditions: dict[str, Condition] = {}


def register_condition(code: str, condition: Condition) -> None:
    _conditions[code] = condition


def condition_of(code: str) -> Condition | None:
    """The rules of a conditional payment method (None for a gateway that is simply offered or not)."""
    return _conditions.get(code)


def register(provider: Callable[[], list[dict]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def offered() -> list[dict]:
    """[{"code": "razorpay", "label": "...", ...}] for every configured gateway."""
    return [method for provider in _providers for method in provider()]


def offered_codes() -> set[str]:
    return {method["code"] for method in offered()}


def register_charge(provider: Callable[["Order"], Any]) -> None:
    """provider(order) → the order's charge (gateway, status, currency, amount, exchange_rate, created_at), or None."""
    if provider not in _charge_providers:
        _charge_providers.append(provider)


def charge_of(order: "Order") -> Any:
    """What took the shopper's money for `order`, as the payments app answers; None when nothing did."""
    for provider in _charge_providers:
        charge = provider(order)
        if charge is not None:
            return charge
    return None
