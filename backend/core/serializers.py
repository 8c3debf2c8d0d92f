"""Strict request input, for every serializer that reads a request body: strings are JSON strings,
booleans are JSON booleans, and a key the serializer does not take is refused (400) instead of being
silently dropped, so a client's typo ("quantiy") never passes for a request that did what it asked."""

from collections.abc import Mapping
from typing import Any

from django.db import models
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """A CharField that takes only JSON strings (DRF's own turns numbers into strings)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false only (DRF's own also takes 0, 1, "yes", "off" ...)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictUUIDField(serializers.UUIDField):
    """A UUID written as a JSON string only (DRF's own also takes an integer and makes a UUID of it)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only, as the API writes ids (DRF's own also takes "12", 12.0 and true)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIdField(StrictIntegerField):
    """The id of a row (BigAutoField): a JSON integer from 1 to 2**63 - 1, so no lookup meets a number the
    database cannot hold (SQLite raises OverflowError on an `in` lookup with one)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


class StrictInputMixin:
    """Refuse keys the serializer does not take, instead of silently dropping them."""

    refuses_unknown_fields = True  # the OpenAPI description says additionalProperties: false

    def to_internal_value(self, data):
        extra = {}
        if isinstance(data, Mapping):
            for key in data:
                field = self.fields.get(key)
                if field is None:
                    extra[key] = ["Unknown field."]
                elif field.read_only:
                    extra[key] = ["This field cannot be changed here."]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if extra and isinstance(exc.detail, Mapping):
                raise serializers.ValidationError({**exc.detail, **extra}) from exc
            raise
        if extra:
            raise serializers.ValidationError(extra)
        return value


class StrictModelSerializer(StrictInputMixin, serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.EmailField: StrictEmailField,
        models.BooleanField: StrictBooleanField,
    }
