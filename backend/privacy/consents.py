"""The words a shopper is shown when asked to agree to each use of their data, and how a text is told apart from an
earlier wording. The consent record keeps the text itself (privacy.models.Consent.text), so a later change of these
words never changes what someone agreed to."""

import hashlib

from django.conf import settings

from privacy.models import Channel, Purpose

_TEXTS = {
    (Purpose.MARKETING, Channel.EMAIL): (
        "Email me offers, new launches and price news from {store}. I can stop these emails at any time from my "
        "account page."
    ),
    (Purpose.MARKETING, Channel.SMS): (
        "Send me offers, new launches and price news from {store} by SMS to my mobile number. I can stop these "
        "messages at any time from my account page."
    ),
}

CHOICES: tuple[tuple[str, str], ...] = tuple(_TEXTS)


def text_for(purpose: str, channel: str) -> str:
    return _TEXTS[(Purpose(purpose), Channel(channel))].format(store=settings.STORE_NAME)


def version_of(text: str) -> str:
    """A short fingerprint of a wording: what the storefront sends back to say which text it showed."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]
