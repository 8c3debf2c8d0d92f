from django.core.validators import RegexValidator
from rest_framework import serializers

from accounts.api.serializers import password_field
from core.serializers import StrictCharField, StrictInputMixin
from privacy.models import Channel, Purpose


class ConsentChoiceSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # the wire name (a declared field, not Field.label)
    text = serializers.CharField(help_text="The exact words to show; agreeing records them.")
    text_version = serializers.CharField(help_text="Send it back with POST to say this wording was shown.")
    given = serializers.BooleanField()
    given_at = serializers.DateTimeField(allow_null=True)
    current_wording = serializers.BooleanField(help_text="False: given to an earlier wording (still valid).")


class ConsentRecordSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    text = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the wire name (a declared field, not Field.source)
    given_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class ConsentsSerializer(serializers.Serializer):
    choices = ConsentChoiceSerializer(many=True)
    history = ConsentRecordSerializer(many=True, help_text="Every consent given, newest first (never rewritten).")


class GiveConsentSerializer(StrictInputMixin, serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    text_version = StrictCharField(min_length=16, max_length=16, help_text="The text_version of the wording shown.")


class BlockerSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ErasureInfoSerializer(serializers.Serializer):
    allowed = serializers.BooleanField(help_text="Whether the account can be deleted now.")
    blockers = BlockerSerializer(many=True, help_text="Why not (staff_account, orders_in_progress).")
    confirm_with = serializers.ListField(
        child=serializers.ChoiceField(choices=["password", "code"]),
        help_text="How the deletion may be confirmed: the password (accounts that have one) or a code sent by email "
        "(by SMS to an account without email).",
    )
    erased = serializers.ListField(child=serializers.CharField())
    kept = serializers.ListField(child=serializers.CharField())


class ErasureCodeSentSerializer(serializers.Serializer):
    sent_to = serializers.CharField(help_text="The account's email, partly hidden (without one: its mobile).")
    expires_in_minutes = serializers.IntegerField()


class EraseSerializer(StrictInputMixin, serializers.Serializer):
    password = password_field(required=False)
    code = StrictCharField(
        required=False,
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^[0-9]{6}$", "Enter the 6-digit code.")],
        help_text="From POST /api/account/erasure/code/.",
    )

    def validate(self, attrs: dict) -> dict:
        if ("password" in attrs) == ("code" in attrs):
            message = "Confirm with your password or with the emailed code (one of them)."
            raise serializers.ValidationError({"password": [message], "code": [message]})
        return attrs


class ErasedSerializer(serializers.Serializer):
    erased = serializers.ListField(child=serializers.CharField())
    kept = serializers.ListField(child=serializers.CharField())
