import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self):
        from orders import payment_methods
        from payments import checks, receivers  # noqa: F401  (system checks, order_cancelled → refund)
        from payments.gateways import offered_methods, razorpay_missing_settings, stripe_missing_settings

        payment_methods.register(offered_methods)
        missing = razorpay_missing_settings()
        if missing:
            logger.info("Razorpay is not offered: %s not set.", ", ".join(missing))
        missing = stripe_missing_settings()
        if missing:
            logger.info("Stripe is not offered: %s not set.", ", ".join(missing))
