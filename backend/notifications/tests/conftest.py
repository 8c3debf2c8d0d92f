"""Emails follow a paid order through shipping: shipping's fixtures (the mock carrier's settings, a paid order)."""

from shipping.tests.conftest import paid_order, pay, place, shipping_settings

__all__ = ["paid_order", "pay", "place", "shipping_settings"]
