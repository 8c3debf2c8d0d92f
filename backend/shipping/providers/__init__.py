"""Shipping providers: one interface (base.ShippingProvider), the mock for the embedded mode and
Shiprocket for production.

    estimate(order_or_variant, pincode) -> Estimate      (unpacks as min_days, max_days, eta_date)
    create_shipment(order) -> Shipment                    (fills order.shipment; the caller saves)
    track(shipment, now=None) -> TrackingReport           (unsaved events; the caller stores each once)
    cancel(shipment)

get_provider() picks Shiprocket when SHIPROCKET_EMAIL and SHIPROCKET_PASSWORD are set and the mock
otherwise; a shipment is always tracked by the provider that booked it (get_provider(shipment.provider)).
"""

from shipping.providers.base import ProviderUnavailable, ShippingProvider
from shipping.providers.mock import MockShippingProvider
from shipping.providers.shiprocket import ShiprocketProvider

PROVIDERS: dict[str, type[ShippingProvider]] = {p.name: p for p in (MockShippingProvider, ShiprocketProvider)}


def provider_class(name: str) -> type[ShippingProvider]:
    """The provider called `name` (a shipment's own), configured or not: for what it can tell without a call."""
    try:
        return PROVIDERS[name]
    except KeyError:
        raise ValueError(f"Unknown shipping provider {name!r}") from None


def configured_provider_name() -> str:
    return ShiprocketProvider.name if ShiprocketProvider.is_configured() else MockShippingProvider.name


def get_provider(name: str | None = None) -> ShippingProvider:
    """The configured provider, or the one named (a shipment's own); ProviderUnavailable when that one
    lacks its settings."""
    provider = provider_class(name or configured_provider_name())
    if not provider.is_configured():
        raise ProviderUnavailable(provider.not_configured_reason())
    return provider()
