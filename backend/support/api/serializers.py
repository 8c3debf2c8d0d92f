from django.core.validators import RegexValidator
from rest_framework import serializers

from accounts.validators import mobile_validator
from core.serializers import StrictCharField, StrictEmailField, StrictInputMixin
from support.models import Category, ComplaintStatus


class ComplaintSerializer(StrictInputMixin, serializers.Serializer):
    name = StrictCharField(max_length=150)
    email = StrictEmailField(max_length=254)
    phone = StrictCharField(
        max_length=10, required=False, allow_blank=True, validators=[mobile_validator], help_text="10-digit mobile."
    )
    order_number = StrictCharField(
        max_length=10,
        required=False,
        allow_blank=True,
        validators=[RegexValidator(r"^[Pp][Ss][0-9]{8}$", "An order number looks like PS00001234.")],
    )
    category = serializers.ChoiceField(choices=Category.choices)
    message = StrictCharField(min_length=10, max_length=5000)


class FiledComplaintSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text="Quote it when you write to us.")
    category = serializers.ChoiceField(choices=Category.choices)
    status = serializers.ChoiceField(choices=ComplaintStatus.choices)
    created_at = serializers.DateTimeField()
    due_by = serializers.DateTimeField(help_text="When it will be resolved by, at the latest (one month).")
    officer = serializers.CharField(help_text="The grievance officer who answers it.")
