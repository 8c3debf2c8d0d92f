import logging

from django.conf import settings

from core.observability.scrub import mask_phone
from sms.providers.base import OutgoingSms, SmsSender

logger = logging.getLogger(__name__)


class ConsoleSmsSender(SmsSender):
    """Development SMS (`make run`, tests): the message goes to the log, nothing is sent. The line's shape is
    read by the end-to-end tests, which sign in with the code it shows. Without SMS_CONSOLE_SHOW_TEXT (its
    default with DEBUG off: a misconfigured production, check sms.W003) neither the number nor the text (a
    sign-in code) reaches the log."""

    name = "console"

    def send(self, sms: OutgoingSms) -> str:
        if settings.SMS_CONSOLE_SHOW_TEXT:
            logger.warning("SMS to +91%s: %s", sms.phone, sms.text)
        else:
            logger.warning("SMS to %s not sent (console sender): %d characters.", mask_phone(sms.phone), len(sms.text))
        return ""
