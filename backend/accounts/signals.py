"""Failed sign-ins and lockouts go to the audit log (actor: anonymous, object: the account if it exists)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from accounts.lockout import username_from_credentials
from accounts.models import User
from audit import services as audit


def _account_id(email):
    if not email:
        return ""
    return User.objects.filter(email__iexact=email).values_list("pk", flat=True).first() or ""


@receiver(user_login_failed)
def record_failed_sign_in(sender, credentials=None, request=None, **kwargs):
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
def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
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
