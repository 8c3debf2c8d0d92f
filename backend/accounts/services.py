"""Accounts domain operations: registration, passwords, JWT sessions, addresses.

Plain functions; transactions live here. Views parse input, call one of these, serialize the answer.
"""

from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.models import update_last_login
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.error_codes import AccountsErrorCode
from accounts.models import Address, User, normalize_email
from core.errors import FIELDS_NOT_VALID, ApplicationError, CommonErrorCode

MAX_ADDRESSES_PER_USER = 20

# One answer for every refused registration, so the form never tells a stranger which emails have accounts.
REGISTRATION_REFUSED = (
    "We could not create an account with these details. If you already have an account, sign in instead."
)


# --- Passwords and registration


def validate_password_policy(password: str, user: User, *, field: str = "password") -> None:
    """Django's AUTH_PASSWORD_VALIDATORS (length, common, numeric, similarity to the user's details);
    every failure is reported under `field`."""
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise ApplicationError(CommonErrorCode.INVALID, FIELDS_NOT_VALID, fields={field: exc.messages}) from exc


def _registration_refused() -> ApplicationError:
    return ApplicationError(
        AccountsErrorCode.REGISTRATION_REFUSED, REGISTRATION_REFUSED, fields={"email": [REGISTRATION_REFUSED]}
    )


def register_user(*, email: str, password: str, full_name: str, phone: str = "") -> User:
    """Create a shopper account. A taken email (in any letter case) gets the same neutral refusal as
    any other refused registration."""
    user = User(email=normalize_email(email), full_name=full_name, phone=phone)
    validate_password_policy(password, user)
    # Hash before looking the email up, so a taken email does not answer measurably faster.
    user.set_password(password)
    if User.objects.filter(email__iexact=user.email).exists():
        raise _registration_refused()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # a concurrent registration of the same email won the race
        raise _registration_refused() from None
    return user


def update_profile(user: User, **changes: Any) -> User:
    """Change the shopper's own name, phone, OTP sign-in or SMS updates choice (the email is not changed here)."""
    allowed = {"full_name", "phone", "otp_enabled", "otp_channel", "sms_updates"}
    unexpected = set(changes) - allowed
    if unexpected:
        raise ValueError(f"update_profile cannot change {sorted(unexpected)}")
    for name, value in changes.items():
        setattr(user, name, value)
    if changes:
        user.save(update_fields=sorted(changes))
    return user


# --- JWT sessions


def issue_tokens(user: User) -> dict[str, str]:
    """A fresh access + refresh pair; the refresh is recorded as outstanding so it can be revoked later."""
    refresh = RefreshToken.for_user(user)
    update_last_login(User, user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def blacklist_refresh_token(raw_refresh: str) -> None:
    """Sign one session out: the refresh token can no longer be used. An invalid, expired or already
    revoked token is refused with token_not_valid (401), as simplejwt refuses it elsewhere."""
    try:
        RefreshToken(raw_refresh).blacklist()  # type: ignore[arg-type]  # simplejwt decodes the str it is typed against
    except TokenError as exc:
        raise ApplicationError(AccountsErrorCode.TOKEN_NOT_VALID, str(exc.args[0])) from exc


def revoke_all_refresh_tokens(user: User) -> int:
    """Blacklist every unexpired refresh token of the user (every session on every device).
    Returns how many were revoked."""
    pending = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    ).values_list("pk", flat=True)
    created = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token_id=pk) for pk in pending], ignore_conflicts=True
    )
    return len(created)


def change_password(user: User, *, old_password: str, new_password: str) -> dict[str, str]:
    """Check the current password, apply the policy to the new one, revoke every other session and
    return a fresh token pair for the caller."""
    if not user.check_password(old_password):
        message = "Your current password is not correct."
        raise ApplicationError(AccountsErrorCode.WRONG_PASSWORD, message, fields={"old_password": [message]})
    if old_password == new_password:
        message = "Choose a password different from your current one."
        raise ApplicationError(AccountsErrorCode.PASSWORD_UNCHANGED, message, fields={"new_password": [message]})
    validate_password_policy(new_password, user, field="new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        revoke_all_refresh_tokens(user)
        return issue_tokens(user)


# --- Addresses: at most MAX_ADDRESSES_PER_USER each; a user with any address has exactly one default.


def _lock_user(user_id: int) -> None:
    """Serialize address changes of one user (limit and single-default checks) on a row lock."""
    User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()


def _unset_default(user_id: int, *, keep: int | None = None) -> None:
    defaults = Address.objects.filter(user_id=user_id, is_default=True)
    if keep is not None:
        defaults = defaults.exclude(pk=keep)
    defaults.update(is_default=False)


def ensure_default_address(user_id: int) -> Address | None:
    """If the user has addresses but none is the default, make the newest one the default."""
    if Address.objects.filter(user_id=user_id, is_default=True).exists():
        return None
    newest = Address.objects.filter(user_id=user_id).order_by("-id").first()
    if newest is not None:
        newest.is_default = True
        newest.save(update_fields=["is_default", "updated_at"])
    return newest


@transaction.atomic
def create_address(user: User, **data: Any) -> Address:
    """Save a new address. The first one becomes the default; `is_default=True` moves the default here."""
    _lock_user(user.pk)
    existing = Address.objects.filter(user=user)
    if existing.count() >= MAX_ADDRESSES_PER_USER:
        raise ApplicationError(
            AccountsErrorCode.ADDRESS_LIMIT,
            f"You can keep at most {MAX_ADDRESSES_PER_USER} addresses. Delete one to add another.",
        )
    make_default = bool(data.pop("is_default", False)) or not existing.filter(is_default=True).exists()
    if make_default:
        _unset_default(user.pk)
    return Address.objects.create(user=user, is_default=make_default, **data)


@transaction.atomic
def update_address(address: Address, **data: Any) -> Address:
    """Change an address. `is_default=True` makes it the default (the old default is unset in the same
    transaction); the default cannot be unset directly, another address must be made the default."""
    _lock_user(address.user_id)
    address = Address.objects.select_for_update().get(pk=address.pk)
    wants_default = data.pop("is_default", None)
    if wants_default is False and address.is_default:
        message = "This is your default address. Make another address the default instead."
        raise ApplicationError(AccountsErrorCode.DEFAULT_REQUIRED, message, fields={"is_default": [message]})
    for name, value in data.items():
        setattr(address, name, value)
    if wants_default and not address.is_default:
        _unset_default(address.user_id, keep=address.pk)
        address.is_default = True
    address.save()
    return address


def set_default_address(address: Address) -> Address:
    """Make this address its owner's default (and no other)."""
    return update_address(address, is_default=True)


@transaction.atomic
def delete_address(address: Address) -> None:
    """Delete an address; if it was the default, the newest remaining address becomes the default."""
    _lock_user(address.user_id)
    user_id = address.user_id
    address.delete()
    ensure_default_address(user_id)
