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
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A shopper or a staff member; signs in with their email address."""

    email = models.EmailField(unique=True, max_length=254)
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

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Emails are case-insensitive: one spelling is stored, whichever path (API, admin, shell) saves it.
        self.email = normalize_email(self.email)
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
    """One sign-in code sent to a user. Only a salted HMAC of the code is stored; it is valid for
    OTP_TTL_SECONDS and OTP_MAX_ATTEMPTS guesses, once, and a newer code replaces it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="otp_challenges")
    channel = models.CharField(max_length=5)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="otp_user_latest")]

    def __str__(self) -> str:
        return f"OTP for user {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"
