"""Which payment methods checkout offers. Orders does not know the gateways (payments depends on
orders, not the other way round): the payments app registers a provider here when it loads."""

from collections.abc import Callable

_providers: list[Callable[[], list[dict]]] = []


def register(provider: Callable[[], list[dict]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def offered() -> list[dict]:
    """[{"code": "razorpay", "label": "...", ...}] for every configured gateway."""
    return [method for provider in _providers for method in provider()]


def offered_codes() -> set[str]:
    return {method["code"] for method in offered()}
