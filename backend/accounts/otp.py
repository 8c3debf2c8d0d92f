"""OTP sign-in: ask for a code, then trade it for tokens.

- request_code: the same answer whether or not the email has an account with OTP on; a code is made and
  sent only when it does. A new code replaces any earlier one.
- verify_code: the latest unused, unexpired code of the account, at most OTP_MAX_ATTEMPTS guesses. Every
  wrong or unusable code is a failed sign-in for the account lockout (django-axes) and the audit log, with
  one neutral answer.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from rest_framework.request import Request

from accounts.error_codes import AccountsErrorCode
from accounts.lockout import AccountLocked, is_locked, seconds_left
from accounts.models import OtpChallenge, User, normalize_email
from core import one_time_codes as codes
from core.errors import ApplicationError
from core.tasks import deliver_on_commit

INVALID_CODE = "The code is not valid or has expired. Ask for a new one."
PURPOSE = "accounts.otp"  # the HMAC salt of sign-in codes (core.one_time_codes)


def _hash(salt: str, code: str) -> str:
    return codes.code_hash(PURPOSE, salt, code)


new_code = codes.new_code


def seal(code: str, challenge: OtpChallenge) -> str:
    """The code as it travels through the task broker: a reader of the queue (Redis) cannot sign in with it."""
    return codes.seal(PURPOSE, challenge.pk, challenge.salt, code)


def unseal(sealed: str, challenge: OtpChallenge) -> str:
    return codes.unseal(PURPOSE, challenge.pk, challenge.salt, sealed)


def _otp_user(email: str) -> User | None:
    user = User.objects.filter(email__iexact=email, is_active=True, otp_enabled=True).first()
    if user is not None and user.otp_channel == "sms" and not user.phone:
        return None
    return user


def request_code(email: str) -> None:
    """Make and send a code if this email has an account that signs in by OTP; otherwise do nothing."""
    from accounts.tasks import send_otp_code

    user = _otp_user(normalize_email(email))
    if user is None:
        return
    code, salt, now = new_code(), codes.new_salt(), timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
        OtpChallenge.objects.filter(user=user, used_at__isnull=True).update(used_at=now)  # replaced
        challenge = OtpChallenge.objects.create(
            user=user,
            channel=user.otp_channel,
            salt=salt,
            code_hash=_hash(salt, code),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.OTP_TTL_SECONDS),
        )
        sealed = seal(code, challenge)
        # Sent once committed; with the broker down, from this process; unsendable: 503, never a silent loss.
        deliver_on_commit(send_otp_code, challenge.pk, sealed)


def _failed(request: Request, email: str) -> ApplicationError:
    user_login_failed.send(sender=__name__, credentials={"email": email, "method": "otp"}, request=request)
    if getattr(request, "axes_locked_out", False):
        return AccountLocked(seconds_left(email))
    return ApplicationError(AccountsErrorCode.INVALID_CODE, INVALID_CODE)


def verify_code(request: Request, email: str, code: str) -> User:
    """The user whose latest code this is; refused with invalid_code (401) or AccountLocked (429) otherwise."""
    email = normalize_email(email)
    if is_locked(request, email):
        raise AccountLocked(seconds_left(email))
    user = _otp_user(email)
    matched = False
    if user is not None:
        with transaction.atomic():
            challenge = (
                OtpChallenge.objects.select_for_update()
                .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
                .order_by("-created_at", "-id")
                .first()
            )
            if challenge is not None and challenge.attempts < settings.OTP_MAX_ATTEMPTS:
                challenge.attempts += 1
                matched = codes.matches(PURPOSE, challenge.salt, challenge.code_hash, code)
                if matched or challenge.attempts >= settings.OTP_MAX_ATTEMPTS:
                    challenge.used_at = timezone.now()  # used, or burnt by too many guesses
                challenge.save(update_fields=["attempts", "used_at"])
    else:
        _hash(codes.new_salt(), code)  # the same work as a real check
    if user is None or not matched:
        raise _failed(request, email)
    return user
