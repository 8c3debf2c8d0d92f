"""Account lockout (django-axes): after LOGIN_LOCKOUT_FAILURES failed sign-ins for one email, that email
is refused for LOGIN_LOCKOUT_MINUTES. Unknown emails are counted and locked exactly like real ones, so the
answers never tell whether an account exists. Attempts are rows in the database shared by every worker.

Signing in with a mobile number is locked the same way, keyed on the number: "+91" and its 10 digits
(mobile_lockout_key), a key no email can be, whether or not an account has the number."""

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

from accounts.error_codes import AccountsErrorCode
from accounts.models import normalize_email
from core.errors import ApplicationError, error_body

LOCKED_MESSAGE = "Too many failed sign-in attempts. Try again later."


def username_from_credentials(request: HttpRequest | None, credentials: Mapping[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the email as the store keeps it, from the credentials given to
    authenticate() (API and admin alike) or else from the request body."""
    value = None
    if credentials:
        value = credentials.get("email") or credentials.get("username")
    if value is None and request is not None:
        data: Any = getattr(request, "data", None)
        if not hasattr(data, "get"):
            data = getattr(request, "POST", {})
        value = data.get("email") or data.get("username")
    return normalize_email(value)[:254] if isinstance(value, str) else None


MOBILE_KEY_PREFIX = "+91"


def mobile_lockout_key(mobile: str) -> str:
    """The lockout's key (django-axes' username) for a 10-digit mobile number: +919876543210."""
    return MOBILE_KEY_PREFIX + mobile


def seconds_left(email: str | None) -> int:
    """Seconds until the lock on this email (or mobile_lockout_key) ends (at least 1)."""
    from axes.models import AccessAttempt

    cooloff: timedelta = settings.AXES_COOLOFF_TIME
    last: datetime | None = (
        AccessAttempt.objects.filter(username=email)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    if last is None:
        return int(cooloff.total_seconds())
    return max(1, math.ceil((last + cooloff - timezone.now()).total_seconds()))


def is_locked(request: HttpRequest, key: str) -> bool:
    """Whether sign-in for this email (or mobile_lockout_key) is locked now (OTP verification asks before
    checking a code)."""
    from axes.handlers.proxy import AxesProxyHandler

    return not AxesProxyHandler.is_allowed(request, {"username": key})


class AccountLocked(ApplicationError):
    """Sign-in refused for `wait` more seconds (sent as Retry-After)."""

    def __init__(self, wait: int) -> None:
        super().__init__(AccountsErrorCode.LOCKED_OUT, LOCKED_MESSAGE, retry_after=wait)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> JsonResponse:
    """AXES_LOCKOUT_CALLABLE, for sign-ins outside DRF (the admin's login form)."""
    locked = AccountLocked(seconds_left(username_from_credentials(request, credentials)))
    response = JsonResponse(error_body(locked.code, locked.message), status=locked.http_status)
    response["Retry-After"] = str(locked.retry_after)
    return response
