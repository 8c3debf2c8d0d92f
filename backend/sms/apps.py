import logging
from importlib import import_module

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


class SmsConfig(AppConfig):
    name = "sms"
    verbose_name = "Text messages (SMS)"

    def ready(self) -> None:
        import_module("sms.checks")  # registers the system checks of SMS_SENDER and the templates
        if not settings.SMS_SENDER:
            logger.info("SMS is off (SMS_SENDER empty): cash on delivery codes go by email, no order updates by SMS.")
        elif settings.SMS_SENDER.rsplit(".", 1)[-1] == "ConsoleSmsSender":
            # The documented fallback, not an error: louder when it is not the demo (no shopper gets a text).
            logger.log(
                logging.INFO if settings.DEBUG else logging.WARNING,
                "SMS go to the console: MSG91_AUTH_KEY not set.",
            )
