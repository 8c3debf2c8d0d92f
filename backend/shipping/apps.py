import logging
from importlib import import_module

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


class ShippingConfig(AppConfig):
    name = "shipping"

    def ready(self):
        import_module("shipping.checks")  # registers the system checks
        import_module("shipping.receivers")  # order_status_changed → shipment
        from shipping.providers import configured_provider_name, provider_class

        if provider_class(configured_provider_name()).simulated:
            # The documented fallback, not an error: louder when it is not the demo (shipments get mock AWBs).
            logger.log(
                logging.INFO if settings.DEBUG else logging.WARNING,
                "Shipping uses the mock provider: SHIPROCKET_EMAIL / SHIPROCKET_PASSWORD not set.",
            )
