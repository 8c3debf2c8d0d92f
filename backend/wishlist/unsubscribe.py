"""The unsubscribe links of alert messages: they work without signing in, so the token itself says whose
alerts it stops, signed with SECRET_KEY (Django's signing, its own salt) and dated. One alert's link stops
that alert; the message's footer link stops every alert of the shopper."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing

from core.errors import ApplicationError
from wishlist.error_codes import WishlistErrorCode

SALT = "wishlist.alerts.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    alert_id: int | None  # None: every alert of the shopper


def make_token(user_id: int, alert_id: int | None = None) -> str:
    return signing.dumps({"u": user_id, "a": alert_id}, salt=SALT)


def link(user_id: int, alert_id: int | None = None) -> str:
    """The storefront page that shows the link's outcome and asks the API to stop the alerts."""
    return f"{settings.STOREFRONT_URL}/alerts/unsubscribe?{urlencode({'token': make_token(user_id, alert_id)})}"


def read_token(token: str) -> Unsubscribe:
    """What a token stops; a token older than ALERTS_UNSUBSCRIBE_DAYS, altered or not ours is refused."""
    try:
        data: Any = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.ALERTS_UNSUBSCRIBE_DAYS))
    except signing.SignatureExpired:
        raise ApplicationError(
            WishlistErrorCode.EXPIRED_UNSUBSCRIBE_LINK,
            "This unsubscribe link has expired. Sign in to stop your alerts from your account.",
        ) from None
    except signing.BadSignature:
        data = None
    if not (
        isinstance(data, dict) and type(data.get("u")) is int and (data.get("a") is None or type(data.get("a")) is int)
    ):
        raise ApplicationError(
            WishlistErrorCode.INVALID_UNSUBSCRIBE_LINK,
            "This unsubscribe link is not valid. Open it from the message again, or sign in to stop your alerts.",
        )
    return Unsubscribe(user_id=data["u"], alert_id=data["a"])
