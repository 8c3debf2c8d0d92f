"""What the cart's total would come to in the other currencies a gateway can charge now (checkout's "about …").
The cart does not know the gateways (payments depends on orders, orders on the cart): the payments app registers
its estimator here when it loads."""

from collections.abc import Callable
from decimal import Decimal

Estimator = Callable[[Decimal], dict[str, str]]

_estimators: list[Estimator] = []


def register(estimator: Estimator) -> None:
    if estimator not in _estimators:
        _estimators.append(estimator)


def in_other_currencies(amount: Decimal) -> dict[str, str]:
    """{"USD": "12.34", …}: every registered estimator's answer; {} with none (payments not installed)."""
    estimates: dict[str, str] = {}
    for estimator in _estimators:
        estimates.update(estimator(amount))
    return estimates
