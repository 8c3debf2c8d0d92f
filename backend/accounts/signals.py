"""Failed sign-ins and lockouts go to the audit log (actor: anonymous, object: the account if it exists).

Also the signals other apps answer about a person's data (privacy.services sends them):

- account_erasing(user): the account is being erased, inside the erasure's transaction and before its own rows
  go (the user still has their email). Each app erases or reduces what it holds of the person; a receiver that
  raises rolls the whole erasure back.
- account_exporting(user): the shopper downloads their data. Each receiver returns {section: JSON-able data} for the
  download (a section name is the app's, e.g. "wishlist"); the built-in sections cannot be replaced.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import Signal, receiver
from django.http import HttpRequest

from accounts.lockout import MOBILE_KEY_PREFIX, username_from_credentials
from accounts.models import User
from audit import services as audit

account_erasing = Signal()  # sender=User, user=<the account>
account_exporting = Signal()  # sender=User, user=<the account>; receivers return {section: data}


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
