"""What the accounts endpoints refuse with: registration, passwords, addresses, OTP (email or mobile) and JWT
sign-in."""

from core.errors import ErrorCode


class AccountsErrorCode(ErrorCode):
    REGISTRATION_REFUSED = "registration_refused", 400  # one neutral answer: never says the email is taken
    WRONG_PASSWORD = "wrong_password", 400
    PASSWORD_UNCHANGED = "password_unchanged", 400
    INVALID_RESET_LINK = "invalid_reset_link", 400
    ADDRESS_LIMIT = "address_limit", 400
    DEFAULT_REQUIRED = "default_required", 400
    INVALID_MOBILE = "invalid_mobile", 400  # not a 10-digit Indian mobile number starting 6-9 (+91 optional)
    INVALID_CODE = "invalid_code", 401  # a wrong, used or expired OTP code
    LOCKED_OUT = "locked_out", 429  # too many failed sign-ins for the email (django-axes); with Retry-After

    # JWT sessions. simplejwt answers all but TOKEN_NOT_VALID on logout itself (its sign-in and refresh
    # serializers, JWTAuthentication on every endpoint); they are part of what the API answers all the same.
    TOKEN_NOT_VALID = "token_not_valid", 401
    NO_ACTIVE_ACCOUNT = "no_active_account", 401  # wrong email or password (one answer for both)
    BAD_AUTHORIZATION_HEADER = "bad_authorization_header", 401
    USER_NOT_FOUND = "user_not_found", 401
    USER_INACTIVE = "user_inactive", 401
    PASSWORD_CHANGED = "password_changed", 401  # a token issued before the password changed
