import logging

from sms.providers.base import OutgoingSms, SmsSender

logger = logging.getLogger(__name__)


class ConsoleSmsSender(SmsSender):
    """Development SMS (`make run`, tests): the message goes to the log, nothing is sent. The line's shape is
    read by the end-to-end tests, which sign in with the code it shows."""

    name = "console"

    def send(self, sms: OutgoingSms) -> str:
        logger.warning("SMS to +91%s: %s", sms.phone, sms.text)
        return ""
