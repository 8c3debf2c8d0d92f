from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from accounts.validators import mobile_validator, pincode_validator
from tax.states import STATE_CHOICES, code_for_name, state_name


def normalize_email(email: str | None) -> str:
    """The one stored spelling of an email address: trimmed and lowercased."""
    return (email or "").strip().lower()


def format_mobile(mobile: str) -> str:
    """A 10-digit number as shoppers read it: +91 98765 43210."""
    return f"+91 {mobile[:5]} {mobile[5:]}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email: str | None) -> "User":
        if not email:  # email__iexact=None would be "IS NULL": every account without an email
            raise self.model.DoesNotExist
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A shopper or a staff member. Signs in with their email address (and a password or a code), or with
    their verified mobile number and a code sent to it by SMS: every account has an email or a mobile, or both.

    `mobile` is the sign-in number, set only when a code sent to it was entered (accounts.otp): it is the proof
    that the number is this person's. `phone` is the contact number shoppers type in their profile, never
    checked, so several accounts may name the same one; it never signs anyone in."""

    email = models.EmailField(unique=True, null=True, blank=True, max_length=254)
    mobile = models.CharField(
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[mobile_validator],
        help_text="The verified 10-digit mobile number this account signs in with (a code sent to it was entered).",
    )
    full_name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=10, blank=True, validators=[mobile_validator])
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # OTP sign-in (optional): a 6-digit code by email or SMS instead of the password.
    otp_enabled = models.BooleanField(default=False, help_text="May sign in with a one-time code.")
    otp_channel = models.CharField(max_length=5, choices=[("email", "Email"), ("sms", "SMS")], default="email")
    # The shopper's choice of order updates by SMS (placed, shipped, delivered, ...); codes go whatever it is.
    sms_updates = models.BooleanField(default=True, help_text="Order updates by SMS to the delivery mobile number.")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(mobile__isnull=False),
                name="user_has_email_or_mobile",
            ),
        ]

    def __str__(self) -> str:
        if self.email:
            return self.email
        return format_mobile(self.mobile) if self.mobile else f"user {self.pk}"

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email) or None
        self.mobile = self.mobile or None

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Emails are case-insensitive: one spelling is stored, whichever path (API, admin, shell) saves it. No
        # email (or mobile) is NULL, never "": NULLs never collide in the unique index.
        self.email = normalize_email(self.email) or None
        self.mobile = self.mobile or None
        super().save(*args, **kwargs)


class Address(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses")
    full_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=10, validators=[mobile_validator])
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    landmark = models.CharField(max_length=120, blank=True)
    city = models.CharField(max_length=100)
    state_code = models.CharField(
        max_length=2,
        choices=STATE_CHOICES,
        blank=True,
        help_text="GST state code (tax.states): an order delivered here has it as its place of supply. Blank only "
        "on an address saved before codes whose state name matched none (checkout asks for the state).",
    )
    state = models.CharField(max_length=100, help_text="The state's official name, set from state_code on save.")
    pincode = models.CharField(max_length=6, validators=[pincode_validator])
    country = models.CharField(max_length=2, default="IN")
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_default=True), name="one_default_address_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.city} {self.pincode}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whichever path saves (API, admin, shell, factories), the name is the code's.
        self.sync_state()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"state", "state_code"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "state", "state_code"}
        super().save(*args, **kwargs)

    def sync_state(self) -> None:
        """The code decides and the name follows it. Without a code, a name tax.states recognises (any
        spelling, old names) gives the code; a name it does not recognise stays, with no code (legacy rows)."""
        if not self.state_code and self.state:
            self.state_code = code_for_name(self.state) or ""
        if self.state_code:
            self.state = state_name(self.state_code)  # a ValueError for a code that is not one: never stored


class OtpChallenge(models.Model):
    """One sign-in code sent to a user, or to a mobile number (signing in by number: `user` is empty, the
    account is found or made when the code is entered). Only a salted HMAC of the code is stored; it is valid for
    OTP_TTL_SECONDS and OTP_MAX_ATTEMPTS guesses, once, and a newer code replaces it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="otp_challenges"
    )
    channel = models.CharField(max_length=5)
    mobile = models.CharField(
        max_length=10, blank=True, default="", help_text="The number an SMS code went to (what entering it proves)."
    )
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="otp_user_latest"),
            models.Index(fields=["mobile", "-created_at"], name="otp_mobile_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(mobile=""), name="otp_challenge_has_recipient"
            ),
        ]

    def __str__(self) -> str:
        who = f"user {self.user_id}" if self.user_id else "a mobile number"
        return f"OTP for {who} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def recipient(self) -> str:
        """Where the code goes: the number for an SMS code, else the account's email ("" if it has none now)."""
        if self.channel == "sms":
            return self.mobile
        return (self.user.email if self.user is not None else None) or ""
