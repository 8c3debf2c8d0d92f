"""OTP sign-in: ask for a code, then trade it for tokens. Two ways in:

- By email, for accounts that turned codes on (`otp_enabled`, by email or SMS to their phone): request_code
  answers the same whether or not the email has such an account; a code is made and sent only when it does.
- By mobile number, for everyone: request_mobile_code sends a code to any Indian mobile number (except one
  whose account is closed), so the answer and the work are the same for a known and an unknown number. Nothing
  but the code's challenge row is written: the account is found, or made, only when the code is entered
  (verify_mobile_code). A made account has the number as its verified `mobile` and no email or password; the
  storefront asks for the name next (PATCH /api/auth/me/).

A new code replaces any earlier one of the same email or number. verify_*: the latest unused, unexpired code,
at most OTP_MAX_ATTEMPTS guesses. Every wrong or unusable code is a failed sign-in for the lockout (django-axes,
keyed on the email or on the number: accounts.lockout) and the audit log, with one neutral answer.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework.request import Request

from accounts.error_codes import AccountsErrorCode
from accounts.lockout import AccountLocked, is_locked, mobile_lockout_key, seconds_left
from accounts.models import OtpChallenge, User, normalize_email
from accounts.validators import normalize_mobile
from audit import services as audit
from audit.models import Action
from core import one_time_codes as codes
from core.errors import ApplicationError
from core.tasks import deliver_on_commit

INVALID_CODE = "The code is not valid or has expired. Ask for a new one."
INVALID_MOBILE = "Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9 (with or without +91)."
PURPOSE = "accounts.otp"  # the HMAC salt of sign-in codes (core.one_time_codes)


def _hash(salt: str, code: str) -> str:
    return codes.code_hash(PURPOSE, salt, code)


new_code = codes.new_code


def seal(code: str, challenge: OtpChallenge) -> str:
    """The code as it travels through the task broker: a reader of the queue (Redis) cannot sign in with it."""
    return codes.seal(PURPOSE, challenge.pk, challenge.salt, code)


def unseal(sealed: str, challenge: OtpChallenge) -> str:
    return codes.unseal(PURPOSE, challenge.pk, challenge.salt, sealed)


def parse_mobile(raw: str) -> str:
    """The 10-digit number in what the shopper typed (accounts.validators.normalize_mobile), else 400."""
    mobile = normalize_mobile(raw)
    if mobile is None:
        raise ApplicationError(AccountsErrorCode.INVALID_MOBILE, INVALID_MOBILE, fields={"mobile": [INVALID_MOBILE]})
    return mobile


def _otp_user(email: str) -> User | None:
    if not email:
        return None
    user = User.objects.filter(email__iexact=email, is_active=True, otp_enabled=True).first()
    if user is not None and user.otp_channel == "sms" and not user.phone:
        return None
    return user


def _issue(*, user: User | None, mobile: str, replaces: "QuerySet[OtpChallenge]") -> None:
    """Make a code for `user` (or for `mobile` alone), replace the earlier ones and send it once committed."""
    from accounts.tasks import send_otp_code

    code, salt, now = new_code(), codes.new_salt(), timezone.now()
    with transaction.atomic():
        if user is not None:
            User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()
        replaces.filter(used_at__isnull=True).update(used_at=now)
        challenge = OtpChallenge.objects.create(
            user=user,
            channel="sms" if mobile else "email",
            mobile=mobile,
            salt=salt,
            code_hash=_hash(salt, code),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.OTP_TTL_SECONDS),
        )
        sealed = seal(code, challenge)
        # Sent once committed; with the broker down, from this process; unsendable: 503, never a silent loss.
        deliver_on_commit(send_otp_code, challenge.pk, sealed)


def request_code(email: str) -> None:
    """Make and send a code if this email has an account that signs in by OTP; otherwise do nothing."""
    user = _otp_user(normalize_email(email))
    if user is None:
        return
    mobile = user.phone if user.otp_channel == "sms" else ""
    _issue(user=user, mobile=mobile, replaces=OtpChallenge.objects.filter(user=user))


def request_mobile_code(raw_mobile: str) -> None:
    """Send a sign-in code by SMS to this number, whether or not an account has it; not to a closed account's."""
    mobile = parse_mobile(raw_mobile)
    if User.objects.filter(mobile=mobile, is_active=False).exists():
        return
    _issue(user=None, mobile=mobile, replaces=OtpChallenge.objects.filter(user__isnull=True, mobile=mobile))


def _failed(request: Request, key: str) -> ApplicationError:
    user_login_failed.send(sender=__name__, credentials={"username": key, "method": "otp"}, request=request)
    if getattr(request, "axes_locked_out", False):
        return AccountLocked(seconds_left(key))
    return ApplicationError(AccountsErrorCode.INVALID_CODE, INVALID_CODE)


def _use_latest(challenges: "QuerySet[OtpChallenge]", code: str) -> OtpChallenge | None:
    """One guess at the latest live code of `challenges` (inside the caller's transaction): the challenge if the
    code is its code, else None. A matched code is used; the last allowed wrong guess burns it."""
    challenge = (
        challenges.select_for_update()
        .filter(used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at", "-id")
        .first()
    )
    if challenge is None or challenge.attempts >= settings.OTP_MAX_ATTEMPTS:
        _hash(codes.new_salt(), code)  # the same work as a real check
        return None
    challenge.attempts += 1
    matched = codes.matches(PURPOSE, challenge.salt, challenge.code_hash, code)
    if matched or challenge.attempts >= settings.OTP_MAX_ATTEMPTS:
        challenge.used_at = timezone.now()  # used, or burnt by too many guesses
    challenge.save(update_fields=["attempts", "used_at"])
    return challenge if matched else None


def verify_code(request: Request, email: str, code: str) -> User:
    """The user whose latest code this is; refused with invalid_code (401) or AccountLocked (429) otherwise.
    A code that went by SMS proves the number it went to: it becomes the account's sign-in mobile."""
    email = normalize_email(email)
    if is_locked(request, email):
        raise AccountLocked(seconds_left(email))
    user = _otp_user(email)
    matched = None
    with transaction.atomic():
        if user is not None:
            matched = _use_latest(OtpChallenge.objects.filter(user=user), code)
        else:
            _hash(codes.new_salt(), code)  # the same work as a real check
        if user is not None and matched is not None and matched.mobile:
            _link_mobile(request, user, matched.mobile)
    if user is None or matched is None:
        raise _failed(request, email)
    return user


def verify_mobile_code(request: Request, raw_mobile: str, code: str) -> User:
    """The account of this number, made now if it has none, when `code` is the number's latest code; refused
    with invalid_code (401) or AccountLocked (429, the lockout keyed on the number) otherwise."""
    mobile = parse_mobile(raw_mobile)
    key = mobile_lockout_key(mobile)
    if is_locked(request, key):
        raise AccountLocked(seconds_left(key))
    user = None
    with transaction.atomic():
        if _use_latest(OtpChallenge.objects.filter(user__isnull=True, mobile=mobile), code) is not None:
            user = _account_for_mobile(mobile)
    if user is None:
        raise _failed(request, key)
    return user


def _account_for_mobile(mobile: str) -> User | None:
    """The account signing in with this (just proven) number; a new one, with no email or password, when none
    has it. None for a closed account."""
    user = User.objects.filter(mobile=mobile).first()
    if user is None:
        user = User(mobile=mobile, phone=mobile)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the number became another account's sign-in meanwhile (verified by email code)
            user = User.objects.get(mobile=mobile)
    return user if user.is_active else None


def _link_mobile(request: Request, user: User, mobile: str) -> None:
    """Make a number the account just proved (an SMS code to it was entered) its sign-in mobile, unless it is
    already, or another account signs in with it."""
    if user.mobile == mobile or User.objects.filter(mobile=mobile).exists():
        return
    previous = user.mobile
    user.mobile = mobile
    try:
        with transaction.atomic():
            user.save(update_fields=["mobile"])
            audit.record(
                Action.MOBILE_VERIFIED,
                obj=user,
                old={"mobile": _masked(previous)},
                new={"mobile": _masked(mobile)},
                actor=user,
                request=request,
                source="api",
            )
    except IntegrityError:  # taken by another account meanwhile: this one keeps what it had
        user.mobile = previous


def _masked(mobile: str | None) -> str | None:
    """The last 4 digits of a number, for the audit log (full numbers are not logged)."""
    return f"******{mobile[-4:]}" if mobile else None
