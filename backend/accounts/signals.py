"""Failed sign-ins and lockouts go to the audit log (actor: anonymous, object: the account if it exists)."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.lockout import MOBILE_KEY_PREFIX, username_from_credentials
from accounts.models import User
from audit import services as audit


def _account_id(key: str | None) -> int | str:
    """The account an email or a mobile lockout key (accounts.lockout) names, if any."""
    if not key:
        return ""
    if key.startswith(MOBILE_KEY_PREFIX):
        accounts = User.objects.filter(mobile=key.removeprefix(MOBILE_KEY_PREFIX))
    else:
        accounts = User.objects.filter(email__iexact=key)
    return accounts.values_list("pk", flat=True).first() or ""


@receiver(user_login_failed)
def record_failed_sign_in(
    sender: Any, credentials: dict[str, Any] | None = None, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = username_from_credentials(request, credentials)
    method = (credentials or {}).get("method", "password")
    audit.record(
        "login_failed",
        object_type="accounts.user",
        object_id=_account_id(email),
        new={"method": method, "known_account": bool(_account_id(email))},
        actor="anonymous",
        request=request,
        source="api",
        standalone=True,
    )


@receiver(user_locked_out)
def record_lockout(
    sender: Any,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    audit.record(
        "account_locked",
        object_type="accounts.user",
        object_id=_account_id(username),
        new={"known_account": bool(_account_id(username))},
        actor="anonymous",
        request=request,
        source="api",
        standalone=True,
    )
