"""Accounts API serializers: input is strict (strings are strings, every string has a max length,
unknown or read-only keys are refused), output is what the storefront shows."""

from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.validators import RegexValidator
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer

from accounts.error_codes import AccountsErrorCode
from accounts.models import Address, User
from accounts.validators import mobile_validator
from core.openapi import SchemaConstraints
from core.serializers import StrictCharField, StrictEmailField, StrictInputMixin, StrictModelSerializer

PASSWORD_MAX_LENGTH = 128
TOKEN_MAX_LENGTH = 2048


PASSWORD_INPUT: dict[str, Any] = {
    "max_length": PASSWORD_MAX_LENGTH,
    "write_only": True,
    "trim_whitespace": False,
    "style": {"input_type": "password"},
}


def password_field(**kwargs) -> StrictCharField:
    return StrictCharField(**PASSWORD_INPUT, **kwargs)


class NewPasswordField(SchemaConstraints, StrictCharField):
    """A password being chosen. The services check the policy (AUTH_PASSWORD_VALIDATORS), answering every
    broken rule of it at once; the schema states the rules it can: the minimum length, not only digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "The password policy: at least minLength characters, not a common password, not only digits, not "
            "like the email, name or phone.",
        )
        super().__init__(**PASSWORD_INPUT, **kwargs)

    def openapi_constraints(self):
        policy = password_validation.get_default_password_validators()
        constraints = {}
        lengths = [v.min_length for v in policy if isinstance(v, password_validation.MinimumLengthValidator)]
        if lengths:
            constraints["minLength"] = max(lengths)
        if any(isinstance(v, password_validation.NumericPasswordValidator) for v in policy):
            constraints["pattern"] = r"\D"  # not only digits
        return constraints


def token_field(**kwargs) -> StrictCharField:
    return StrictCharField(max_length=TOKEN_MAX_LENGTH, **kwargs)


# --- Users


class UserSerializer(StrictModelSerializer):
    """The signed-in shopper. The name, phone and OTP sign-in choice can be changed; the email is read-only."""

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "phone", "date_joined", "otp_enabled", "otp_channel"]
        read_only_fields = ["id", "email", "date_joined"]
        extra_kwargs = {
            "full_name": {"allow_blank": False},
            "otp_enabled": {"help_text": "Allow signing in with a one-time code (POST /api/auth/otp/request/)."},
            "otp_channel": {"help_text": "Where codes go: email, or sms to the phone number."},
        }

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance
        channel = attrs.get("otp_channel", getattr(instance, "otp_channel", "email"))
        phone = attrs.get("phone", getattr(instance, "phone", ""))
        if channel == "sms" and not phone:
            raise serializers.ValidationError({"otp_channel": ["Add a mobile number before choosing SMS codes."]})
        return attrs


class RegisterSerializer(StrictInputMixin, serializers.Serializer):
    email = StrictEmailField(max_length=254)
    password = NewPasswordField()
    full_name = StrictCharField(max_length=150)
    phone = StrictCharField(max_length=10, required=False, allow_blank=True, validators=[mobile_validator])


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class RegisterResponseSerializer(TokenPairSerializer):
    user = UserSerializer(read_only=True)


class SignInSerializer(StrictInputMixin, TokenObtainPairSerializer):
    """simplejwt's sign-in ({email, password} → access + refresh) with bounded, string-only input.
    Unknown email and wrong password get the same 401."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.username_field] = StrictCharField(max_length=254, write_only=True)
        self.fields["password"] = password_field()


class RefreshSerializer(StrictInputMixin, TokenRefreshSerializer):
    """simplejwt's refresh with rotation: the refresh sent is blacklisted, a new pair comes back."""

    refresh = token_field()

    def validate(self, attrs):
        try:
            return super().validate(attrs)
        except get_user_model().DoesNotExist:  # simplejwt looks the user up with .get(): a deleted user
            raise AuthenticationFailed(
                self.error_messages["no_active_account"], AccountsErrorCode.NO_ACTIVE_ACCOUNT
            ) from None


class OtpRequestSerializer(StrictInputMixin, serializers.Serializer):
    email = StrictEmailField(max_length=254)


class OtpVerifySerializer(StrictInputMixin, serializers.Serializer):
    email = StrictEmailField(max_length=254)
    code = StrictCharField(
        min_length=6,
        max_length=6,
        trim_whitespace=True,
        validators=[RegexValidator(r"^[0-9]{6}$", "Enter the 6-digit code.")],
    )


class OtpRequestedSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)


class LogoutSerializer(StrictInputMixin, serializers.Serializer):
    refresh = token_field(help_text="The refresh token of the session to end.")


class PasswordChangeSerializer(StrictInputMixin, serializers.Serializer):
    old_password = password_field()
    new_password = NewPasswordField()


class PasswordResetRequestSerializer(StrictInputMixin, serializers.Serializer):
    email = StrictEmailField(max_length=254)


class PasswordResetConfirmSerializer(StrictInputMixin, serializers.Serializer):
    uid = StrictCharField(max_length=64, help_text="From the emailed link.")
    token = StrictCharField(max_length=128, help_text="From the emailed link.")
    new_password = NewPasswordField()


class PasswordResetDoneSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)


# --- Addresses


class AddressSerializer(StrictModelSerializer):
    class Meta:
        model = Address
        fields = [
            "id",
            "full_name",
            "phone",
            "line1",
            "line2",
            "landmark",
            "city",
            "state",
            "pincode",
            "country",
            "is_default",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "country", "created_at", "updated_at"]
        extra_kwargs = {
            "phone": {"help_text": "10-digit Indian mobile number starting with 6-9, without +91."},
            "pincode": {"help_text": "6-digit Indian pincode, not starting with 0."},
            "is_default": {"help_text": "Setting true makes this the default and unsets the previous one."},
            "country": {"help_text": "Always IN for now."},
        }
