"""Gateways by code; only the configured ones are offered."""

from decimal import Decimal
from typing import Any

from django.conf import settings

from payments.gateways.base import PaymentGateway, method_unavailable
from payments.gateways.dev import DevGateway
from payments.gateways.razorpay_gateway import RazorpayGateway
from payments.gateways.stripe_gateway import StripeGateway

GATEWAYS: dict[str, type[PaymentGateway]] = {"razorpay": RazorpayGateway, "stripe": StripeGateway, "dev": DevGateway}


def get_gateway(code: str) -> PaymentGateway:
    """An enabled gateway; refused (400 payment_method_unavailable) otherwise."""
    gateway = GATEWAYS.get(code)
    if gateway is None:
        raise method_unavailable(code)
    return gateway.enabled()


def offered_methods() -> list[dict[str, Any]]:
    offered = []
    for gateway_class in GATEWAYS.values():
        if gateway_class.is_enabled():
            gateway = gateway_class()
            if gateway.is_offered():
                offered.append(gateway.public_method())
    return offered


def stripe_estimates(amount: Decimal) -> dict[str, str]:
    """The amount in each currency Stripe could charge now (checkout's "about …"), or {} without Stripe."""
    return StripeGateway().estimates(amount) if StripeGateway.is_enabled() else {}


def razorpay_missing_settings() -> list[str]:
    return [
        name
        for name in ("RAZORPAY_KEY_ID", "RAZORPAY_KEY_SECRET", "RAZORPAY_WEBHOOK_SECRET")
        if not getattr(settings, name, "")
    ]


def stripe_missing_settings() -> list[str]:
    return [
        name
        for name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET")
        if not getattr(settings, name, "")
    ]
