"""Alert messages: what one batched message to a shopper says (AlertDigest, one line per variant, each with
the alerts that fired for it), and `deliver()`, the one function that sends it by whichever channels the
shopper has. Email goes through Django's mail backend (text and HTML from templates/wishlist/email/); a text
goes through the sms app to the account's mobile while the shopper keeps SMS updates on. The batch
(wishlist.alert_services) never changes for a new channel."""

import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from catalog.models import ProductVariant, variant_label
from core.money import indian_digits
from sms import services as sms
from sms.constants import SmsKind
from wishlist.models import AlertKind

logger = logging.getLogger(__name__)


def inr(amount: Decimal) -> str:
    return f"₹{indian_digits(amount)}"


@dataclass(frozen=True)
class FiredAlert:
    kind: str  # an AlertKind
    text: str  # "It is back in stock.", "Now ₹18,999.00: down from ₹20,000.00."
    unsubscribe_url: str  # stops this alert; "" for one that ends once told (back in stock)

    @property
    def headline(self) -> str:
        return AlertKind(self.kind).label


@dataclass(frozen=True)
class DigestLine:
    variant: ProductVariant
    alerts: list[FiredAlert]

    @property
    def title(self) -> str:
        return self.variant.product.title

    @property
    def label(self) -> str:
        return variant_label(self.variant)

    @property
    def price(self) -> str:
        return inr(self.variant.price)

    @property
    def in_stock(self) -> bool:
        return self.variant.stock > 0

    @property
    def url(self) -> str:
        return f"{settings.STOREFRONT_URL}/product/{quote(self.variant.product.slug)}?variant={quote(self.variant.sku)}"


@dataclass(frozen=True)
class AlertDigest:
    """Everything one shopper is told in one run of the batch."""

    user: User
    lines: list[DigestLine]
    unsubscribe_all_url: str  # stops every alert of the shopper

    @property
    def subject(self) -> str:
        if len(self.lines) == 1:
            line = self.lines[0]
            news = " and ".join(alert.headline for alert in line.alerts)
            return f"{news}: {line.title} ({line.label})"
        return f"{len(self.lines)} phones you are watching: prices and stock at {settings.STORE_NAME}"


def deliver(digest: AlertDigest) -> list[str]:
    """THE seam for alert channels: send one digest to its shopper by every channel they can be reached on
    and return the channels used ([] when none: the batch records the message as due but untold). A channel's
    failure raises, and the batch tries the whole message again on its next run.

    The text is queued in the batch's transaction and leaves when it commits (sms.services), once per shopper,
    Indian day and set of phones."""
    channels: list[str] = []
    if digest.user.email:
        send_email(digest, digest.user.email)
        channels.append("email")
    # The number the shopper signs in with (verified), else the contact number of their profile.
    mobile = digest.user.mobile or digest.user.phone
    if mobile and digest.user.sms_updates and send_sms(digest, mobile):
        channels.append("sms")
    return channels


def send_sms(digest: AlertDigest, mobile: str) -> bool:
    if len(digest.lines) == 1:
        news, link = digest.subject, digest.lines[0].url
    else:
        news = f"{len(digest.lines)} phones you are watching changed"
        link = f"{settings.STOREFRONT_URL}/account/wishlist"
    told = hashlib.sha256(",".join(str(line.variant.pk) for line in digest.lines).encode()).hexdigest()[:16]
    once = f"alert:{digest.user.pk}:{timezone.localdate().isoformat()}:{told}"
    return sms.queue(SmsKind.ALERT, mobile, {"news": news, "link": link}, once_key=once) is not None


def send_email(digest: AlertDigest, to: str) -> None:
    context = {
        "store_name": settings.STORE_NAME,
        "customer_name": digest.user.full_name or "there",
        "lines": digest.lines,
        "unsubscribe_all_url": digest.unsubscribe_all_url,
        "account_url": f"{settings.STOREFRONT_URL}/account/wishlist",
    }
    message = EmailMultiAlternatives(
        digest.subject,
        render_to_string("wishlist/email/alerts.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [to],
        # Mail programs show their own "unsubscribe" for it (RFC 2369).
        headers={"List-Unsubscribe": f"<{digest.unsubscribe_all_url}>"},
    )
    message.attach_alternative(render_to_string("wishlist/email/alerts.html", context), "text/html")
    message.send()
    logger.info("Alert message about %d variant(s) sent to user %s by email.", len(digest.lines), digest.user.pk)
