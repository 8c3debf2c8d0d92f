"""Accounts API serializers: input is strict (strings are strings, every string has a max length,
unknown or read-only keys are refused), output is what the storefront shows."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer

from accounts.error_codes import AccountsErrorCode
from accounts.models import Address, User
from accounts.roles import ROLE_NAMES, role_of
from accounts.validators import mobile_validator
from core.openapi import SchemaConstraints
from core.serializers import StrictCharField, StrictEmailField, StrictInputMixin, StrictModelSerializer
from tax.states import STATES, code_for_name, is_state_code

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
    """The signed-in shopper. The name, phone, OTP sign-in and SMS choices can be changed; the email, the sign-in
    mobile and the role are read-only. An account made by signing in with a mobile number has no email (null) and
    no name until it gives one."""

    role = serializers.SerializerMethodField(
        help_text="customer, staff or admin (null: no role). The storefront opens its staff console (/staff) to "
        "staff and admin; the staff API checks the role's permissions on every call all the same."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "mobile",
            "full_name",
            "phone",
            "date_joined",
            "otp_enabled",
            "otp_channel",
            "sms_updates",
            "role",
        ]
        read_only_fields = ["id", "email", "mobile", "date_joined"]
        extra_kwargs = {
            "email": {"help_text": "Null for an account made by signing in with a mobile number."},
            "mobile": {
                "help_text": "The verified mobile number this account signs in with (POST /api/auth/otp/request/ "
                "{mobile}), or null. Set only by entering a code sent to it."
            },
            "phone": {"help_text": "A contact number (10 digits, without +91); it does not sign anyone in."},
            "full_name": {"allow_blank": False},
            "otp_enabled": {"help_text": "Allow signing in with a one-time code (POST /api/auth/otp/request/)."},
            "otp_channel": {"help_text": "Where codes go: email, or sms to the phone number."},
            "sms_updates": {
                "help_text": "Order updates (placed, shipped, out for delivery, delivered, cancelled, refunded) by SMS "
                "to the order's delivery mobile number. Sign-in and cash on delivery codes are sent either way."
            },
        }

    @extend_schema_field(serializers.ChoiceField(choices=ROLE_NAMES, allow_null=True))
    def get_role(self, user: User) -> str | None:
        return role_of(user)

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


class OtpIdentityMixin(SchemaConstraints):
    """Who asks: an email (an account with one-time codes on) or a mobile number (anyone), exactly one.
    The number is checked and normalised by accounts.otp (400 invalid_mobile)."""

    IDENTITIES = ("email", "mobile")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        given = [name for name in self.IDENTITIES if attrs.get(name)]
        if len(given) != 1:
            message = "Give a mobile number or an email, not both." if given else "Give your mobile number."
            raise serializers.ValidationError({"mobile": [message]})
        return attrs

    def openapi_constraints(self):
        return {"oneOf": [{"required": [name]} for name in self.IDENTITIES]}


class MobileInputField(SchemaConstraints, StrictCharField):
    """A mobile number as a shopper types it. accounts.validators.normalize_mobile decides (400 invalid_mobile);
    the schema's pattern states the common spellings it accepts, a subset of them."""

    PATTERN = r"^ *(?:\+91|0091|91|0)?[ \-.()]*[6-9](?:[ \-.()]?[0-9]){9} *$"

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "A 10-digit Indian mobile number starting with 6-9, as typed: +91, 0091, 91 or 0 in front and spaces or "
            "dashes between digits are fine (+91 98765 43210, 098765-43210).",
        )
        super().__init__(max_length=20, required=False, **kwargs)

    def openapi_constraints(self):
        return {"pattern": self.PATTERN}


def identity_email_field() -> StrictEmailField:
    return StrictEmailField(max_length=254, required=False)


class OtpRequestSerializer(OtpIdentityMixin, StrictInputMixin, serializers.Serializer):
    email = identity_email_field()
    mobile = MobileInputField()


class OtpVerifySerializer(OtpIdentityMixin, StrictInputMixin, serializers.Serializer):
    email = identity_email_field()
    mobile = MobileInputField()
    code = StrictCharField(
        min_length=6,
        max_length=6,
        trim_whitespace=True,
        validators=[RegexValidator(r"^[0-9]{6}$", "Enter the 6-digit code.")],
    )


class OtpRequestedSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)


class OtpSignedInSerializer(TokenPairSerializer):
    name_required = serializers.BooleanField(
        read_only=True,
        help_text="The account has no name yet (it was just made by signing in with a mobile number): ask for it "
        "and send it with PATCH /api/auth/me/ {full_name}.",
    )


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

STATE_LIST = "GET /api/states/ lists the codes and names of every state and union territory."
STATE_REQUIRED = f"Choose the state: send state_code (or the state's name as state). {STATE_LIST}"


class StateCodeField(SchemaConstraints, StrictCharField):
    """A GST state or union-territory code (tax.states), e.g. "29" for Karnataka."""

    default_error_messages = {"unknown": "{code} is not a state code. " + STATE_LIST, "blank": STATE_REQUIRED}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"The GST state code, e.g. 29 for Karnataka. {STATE_LIST}")
        super().__init__(max_length=2, required=False, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        code = super().to_internal_value(data)
        if not is_state_code(code):
            self.fail("unknown", code=code)
        return code

    def openapi_constraints(self):
        # The codes as one pattern, not an enum: "08" and "09" would be written unquoted in the YAML schema,
        # which YAML 1.2 readers (openapi-typescript among them) take for the numbers 8 and 9.
        return {"pattern": f"^(?:{'|'.join(STATES)})$"}


def state_name_field() -> StrictCharField:
    return StrictCharField(
        max_length=100,
        required=False,
        help_text="The state's name (any usual spelling), for clients that do not send state_code; answers carry "
        "the official name of state_code.",
    )


def resolve_state(attrs: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """state_code and the official state name from what was sent: state_code, or a state name tax.states
    recognises, or both when they agree. A partial update that sends neither leaves the address's state as
    it is."""
    code: str | None = attrs.get("state_code")
    name: str | None = attrs.get("state")
    if name is not None:
        named = code_for_name(name)
        if named is None:
            raise serializers.ValidationError(
                {"state": [f"{name} is not a state or union territory of India."], "state_code": [STATE_REQUIRED]}
            )
        if code is not None and named != code:
            raise serializers.ValidationError(
                {"state": [f"state_code {code} is {STATES[code]}, not {name}. Send state_code alone."]}
            )
        code = named
    if code is None:
        if partial:
            return attrs
        raise serializers.ValidationError({"state_code": [STATE_REQUIRED]})
    return {**attrs, "state_code": code, "state": STATES[code]}


class StateInputMixin(SchemaConstraints):
    """An address's state, given as state_code or as a name (resolve_state). Neither is a field error
    reported with the others, so a form learns every missing field at once."""

    def to_internal_value(self, data):
        partial = getattr(self.root, "partial", False)
        missing = not partial and isinstance(data, Mapping) and "state_code" not in data and "state" not in data
        try:
            attrs = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if missing and isinstance(exc.detail, Mapping) and not {"state_code", "state"} & set(exc.detail):
                raise serializers.ValidationError({**exc.detail, "state_code": [STATE_REQUIRED]}) from exc
            raise
        return resolve_state(attrs, partial=partial)

    def openapi_constraints(self):
        # One of the two is required when the whole address is sent (not in a PATCH).
        if getattr(self, "partial", False):
            return {}
        # Inside allOf: a bare anyOf next to the properties becomes a union with `unknown` in the storefront's
        # generated types (openapi-typescript), which would erase them.
        return {"allOf": [{"anyOf": [{"required": ["state_code"]}, {"required": ["state"]}]}]}


class AddressSerializer(StateInputMixin, StrictModelSerializer):
    """A delivery address. The state is sent as state_code (preferred) or as a state name the server
    recognises, or both when they agree; answers carry both, the name being the code's official one.
    state_code is blank only on an address saved before codes whose state matched none: checkout refuses it
    until the state is chosen."""

    state_code = StateCodeField()
    state = state_name_field()

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
            "state_code",
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


class StateSerializer(serializers.Serializer):
    """A state or union territory: its GST state code (an address's state_code) and official name."""

    code = serializers.CharField()
    name = serializers.CharField()
