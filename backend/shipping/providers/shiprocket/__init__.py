"""Shiprocket: the production carrier. client (HTTP, login, token cache), statuses (its codes → ours),
webhook (its tracking push), timestamps (its date spellings), provider (the ShippingProvider)."""

from shipping.providers.shiprocket.provider import ShiprocketProvider
from shipping.providers.shiprocket.webhook import WebhookPush, parse_push

__all__ = ["ShiprocketProvider", "WebhookPush", "parse_push"]
