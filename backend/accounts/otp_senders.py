"""How a sign-in code reaches the user: `send(to, code)`, `to` being an email address or a 10-digit mobile
number (OtpChallenge.recipient). Email goes through Django's mail backend (EMAIL_BACKEND); SMS through the sms app
(its SIGN_IN_CODE template, the sender chosen by SMS_SENDER: MSG91, or the console in `make run`), sent whatever
the user's choice of SMS order updates."""

from abc import ABC, abstractmethod
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from sms import messages
from sms import services as sms
from sms.constants import SmsKind
from sms.errors import SmsRejected


def _minutes() -> str:
    return str(max(1, settings.OTP_TTL_SECONDS // 60))


def otp_message(code: str) -> str:
    return messages.render(SmsKind.SIGN_IN_CODE, {messages.CODE_VARIABLE: code, "minutes": _minutes()})


class OtpSender(ABC):
    @abstractmethod
    def send(self, to: str, code: str) -> None:
        """Send `code` to `to`: an email address, or a 10-digit mobile number for SMS."""


class EmailOtpSender(OtpSender):
    def send(self, to: str, code: str) -> None:
        send_mail("Your PhoneStore sign-in code", otp_message(code), settings.DEFAULT_FROM_EMAIL, [to])


class SmsOtpSender(OtpSender):
    def send(self, to: str, code: str) -> None:
        """The code by SMS to a 10-digit mobile number (one with no account yet, too), once the current
        transaction commits; a person waits for it: when it cannot be sent at all, 503 (deliver_on_commit)."""
        queued = sms.queue(
            SmsKind.SIGN_IN_CODE,
            to,
            {"minutes": _minutes()},
            code=code,
            expires_at=timezone.now() + timedelta(seconds=settings.OTP_TTL_SECONDS),
            urgent=True,
        )
        if queued is None:
            raise SmsRejected("The sign-in code cannot go by SMS: SMS is off or the number is not a mobile.")


def sender_for(channel: str) -> OtpSender:
    return SmsOtpSender() if channel == "sms" else EmailOtpSender()
