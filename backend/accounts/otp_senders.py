"""How a sign-in code reaches the user: `send(to, code)`, `to` being an email address or a 10-digit mobile
number (OtpChallenge.recipient). Email goes through Django's mail backend (EMAIL_BACKEND); SMS goes through an
SmsSender chosen by OTP_SMS_SENDER (ConsoleSmsSender prints it: plug a real provider in by writing a subclass
and naming it there)."""

import logging
from abc import ABC, abstractmethod

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def otp_message(code: str) -> str:
    minutes = max(1, settings.OTP_TTL_SECONDS // 60)
    return f"Your PhoneStore sign-in code is {code}. It expires in {minutes} minutes. Never share it with anyone."


class SmsSender(ABC):
    @abstractmethod
    def send_sms(self, phone: str, message: str) -> None:
        """Send one text message to a 10-digit Indian mobile number."""


class ConsoleSmsSender(SmsSender):
    """Development SMS: the message goes to the log (stdout), nothing is sent."""

    def send_sms(self, phone: str, message: str) -> None:
        logger.warning("SMS to +91%s: %s", phone, message)


class OtpSender(ABC):
    @abstractmethod
    def send(self, to: str, code: str) -> None:
        """Send `code` to `to`: an email address, or a 10-digit mobile number for SMS."""


class EmailOtpSender(OtpSender):
    def send(self, to: str, code: str) -> None:
        send_mail("Your PhoneStore sign-in code", otp_message(code), settings.DEFAULT_FROM_EMAIL, [to])


class SmsOtpSender(OtpSender):
    def __init__(self, sms: SmsSender | None = None) -> None:
        self.sms = sms or import_string(settings.OTP_SMS_SENDER)()

    def send(self, to: str, code: str) -> None:
        self.sms.send_sms(to, otp_message(code))


def sender_for(channel: str) -> OtpSender:
    return SmsOtpSender() if channel == "sms" else EmailOtpSender()
