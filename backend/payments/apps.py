import logging
from importlib import import_module

from django.apps import AppConfig

logger = logging.getLogger(__name__)


class PaymentsConfig(AppConfig):
    name = "payments"

    def ready(self) -> None:
        from cart import estimates
        from orders import payment_methods

        import_module("payments.checks")  # registers the system checks
        import_module("payments.receivers")  # order_cancelled → refund
        from payments.gateways import (
            offered_methods,
            razorpay_missing_settings,
            stripe_estimates,
            stripe_missing_settings,
        )
        from payments.selectors import charge_of

        payment_methods.register(offered_methods)
        from payments import cod_services

        payment_methods.register(cod_services.offered_methods)
        payment_methods.register_condition(
            cod_services.COD,
            payment_methods.Condition(
                check=cod_services.cod_offer,
                fee=cod_services.cod_fee,
                unpaid_status=cod_services.UNPAID_STATUS,
                hold_minutes=cod_services.hold_minutes,
                on_placed=cod_services.start_confirmation,
            ),
        )
        payment_methods.register_charge(charge_of)
        estimates.register(stripe_estimates)
        missing = razorpay_missing_settings()
        if missing:
            logger.info("Razorpay is not offered: %s not set.", ", ".join(missing))
        missing = stripe_missing_settings()
        if missing:
            logger.info("Stripe is not offered: %s not set.", ", ".join(missing))
