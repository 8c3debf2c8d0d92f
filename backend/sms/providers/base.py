"""What every SMS provider offers. A provider speaks its own wire format and never writes to the database:
sms.services records each message and decides on retries from the errors a provider raises (sms.errors)."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class OutgoingSms:
    """One message to one Indian mobile number."""

    phone: str  # 10 digits, without the country code
    kind: str  # sms.constants.SmsKind
    template_id: str  # the kind's registered template ('' when not configured)
    variables: Mapping[str, str]  # the template's variables, filled in
    text: str  # the template rendered with them: what the shopper reads


class SmsSender(ABC):
    name: ClassVar[str]

    @abstractmethod
    def send(self, sms: OutgoingSms) -> str:
        """Hand the message to the provider; its request id ('' when it has none). Raises sms.errors.SmsRejected
        when the provider refuses it and SmsUnavailable when it could not be reached or failed."""


def configured_sender() -> SmsSender | None:
    """The sender named by SMS_SENDER, or None when SMS is off (empty)."""
    path = settings.SMS_SENDER
    if not path:
        return None
    sender = import_string(path)()
    if not isinstance(sender, SmsSender):
        raise TypeError(f"SMS_SENDER={path} is not an sms.providers.base.SmsSender")
    return sender
