import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class ShippingConfig(AppConfig):
    name = "shipping"

    def ready(self):
        from shipping import checks, receivers  # noqa: F401  (system checks; order_status_changed → shipment)
        from shipping.providers import shiprocket_configured

        if not shiprocket_configured():
            logger.info("Shipping uses the mock provider: SHIPROCKET_EMAIL / SHIPROCKET_PASSWORD not set.")
