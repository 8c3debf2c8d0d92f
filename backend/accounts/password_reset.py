"""A forgotten password: a link by email, then a new password.

- request_reset(email): the same answer whether or not the email has an account. For an active account a
  task emails a link to the storefront's /reset-password page carrying the user id and a token. The token
  is Django's PasswordResetTokenGenerator, made by the task itself (the broker carries only the user id):
  valid PASSWORD_RESET_TIMEOUT seconds, and void as soon as the password changes or the user signs in (it
  hashes both), so a link works once.
- reset_password(uid, token, new_password): a valid token, the password policy, then the new password,
  every session of the account revoked and its failed sign-ins forgotten (whoever locked the account by
  guessing did not know the new password; the owner, who proved the mailbox, can sign in at once).
"""

from axes.utils import reset as reset_attempts
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.error_codes import AccountsErrorCode
from accounts.models import User, normalize_email
from accounts.services import revoke_all_refresh_tokens, validate_password_policy
from core.errors import ApplicationError
from core.tasks import deliver_on_commit

INVALID_LINK = "This reset link is not valid or has expired. Ask for a new one."


def request_reset(email: str) -> None:
    from accounts.tasks import send_password_reset

    user = User.objects.filter(email__iexact=normalize_email(email), is_active=True).first()
    if user is not None:
        deliver_on_commit(send_password_reset, user.pk)  # the broker down: sent from here; unsendable: 503


def reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{settings.STOREFRONT_URL}/reset-password?uid={uid}&token={default_token_generator.make_token(user)}"


def send_reset_email(user: User) -> None:
    if not user.email:  # an account that signs in by mobile has no mailbox (and no password) to reset
        return
    minutes = max(1, settings.PASSWORD_RESET_TIMEOUT // 60)
    send_mail(
        "Reset your PhoneStore password",
        f"Hello {user.full_name or user.email},\n\nSomeone (we hope you) asked to reset the password of your "
        f"PhoneStore account. Choose a new one here:\n\n{reset_link(user)}\n\nThe link works once, for "
        f"{minutes} minutes. If you did not ask, ignore this email: your password stays as it is.\n",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def _user_for(uid: str, token: str) -> User:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))), is_active=True)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        raise ApplicationError(AccountsErrorCode.INVALID_RESET_LINK, INVALID_LINK, fields={"token": [INVALID_LINK]})
    return user


def reset_password(*, uid: str, token: str, new_password: str) -> User:
    user = _user_for(uid, token)
    validate_password_policy(new_password, user, field="new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        revoke_all_refresh_tokens(user)  # a stolen session ends with the password it came from
        reset_attempts(username=normalize_email(user.email))  # the account lockout (django-axes)
    return user


def send_invitation_email(user: User) -> None:
    """A staff member's invitation (staff.users.invite): the reset link sets the first password of an account made
    without one. No password ever goes by email; the link works once, and "Forgot your password?" sends a new one."""
    if not user.email:  # invitations go to an email only
        return
    minutes = max(1, settings.PASSWORD_RESET_TIMEOUT // 60)
    send_mail(
        "You are invited to the PhoneStore staff console",
        f"Hello {user.full_name or user.email},\n\nAn administrator of PhoneStore gave you a staff account. Choose "
        f"your password here, then sign in and open {settings.STOREFRONT_URL}/staff:\n\n{reset_link(user)}\n\n"
        f'The link works once, for {minutes} minutes; after that, ask for a new one with "Forgot your password?" '
        f"on the sign-in page. If you did not expect this, ignore this email.\n",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
