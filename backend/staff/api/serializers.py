from datetime import date
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from audit.models import Action, AuditLog
from catalog.models import ProductVariant
from core.openapi import SchemaConstraints
from core.serializers import StrictCharField, StrictInputMixin
from invoicing.gstr1 import MonthError, parse_month
from orders.api.serializers import OrderSerializer
from staff.roles import ROLE_NAMES

PRICE_LIMITS: dict[str, Any] = {
    "max_digits": 10,
    "decimal_places": 2,
    "min_value": Decimal("1.00"),
    "max_value": Decimal("9999999.99"),
}
MAX_STOCK = 1_000_000


class StaffVariantSerializer(serializers.ModelSerializer):
    product_slug = serializers.CharField(source="product.slug")
    product_title = serializers.CharField(source="product.title")

    class Meta:
        model = ProductVariant
        fields = [
            "id",
            "sku",
            "product_slug",
            "product_title",
            "ram_gb",
            "storage_gb",
            "color",
            "price",
            "mrp",
            "stock",
            "is_active",
            "updated_at",
        ]
        read_only_fields = fields


class PriceField(SchemaConstraints, serializers.DecimalField):
    """A price in PRICE_LIMITS. The schema of a decimal is a string, which minimum and maximum cannot bound:
    its pattern does (exact for limits from 1.00 to 9...9.99)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **PRICE_LIMITS, **kwargs)

    def openapi_constraints(self):
        whole_digits = len(str(int(self.max_value)))
        return {"pattern": rf"^[1-9][0-9]{{0,{whole_digits - 1}}}(?:\.[0-9]{{1,{self.decimal_places}}})?$"}


class VariantUpdateSerializer(SchemaConstraints, StrictInputMixin, serializers.Serializer):
    """Any of price, MRP (INR, GST included, 2 decimals) and stock (units on hand, absolute). The price may
    not exceed the MRP (the new one, or the stored one): 400 price_above_mrp."""

    price = PriceField()
    mrp = PriceField()
    stock = serializers.IntegerField(required=False, min_value=0, max_value=MAX_STOCK)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one of price, mrp, stock.")
        return attrs

    def openapi_constraints(self):
        return {"minProperties": 1}  # validate(): at least one


class AuditLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditLog
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "old_values",
            "new_values",
            "source",
            "ip_address",
            "user_agent",
        ]
        read_only_fields = fields


class RoleSerializer(StrictInputMixin, serializers.Serializer):
    role = serializers.ChoiceField(choices=ROLE_NAMES)


class UserRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    role = serializers.CharField(allow_null=True)
    is_staff = serializers.BooleanField()


AUDIT_ACTIONS = [choice for choice, _label in Action.choices]
SEARCH_MAX_LENGTH = 100


class SearchField(StrictCharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=SEARCH_MAX_LENGTH, required=False, allow_blank=True, **kwargs)


class OrderMoveSerializer(StrictInputMixin, serializers.Serializer):
    """Where to move the order. SHIPPED needs a booked shipment (POST .../shipment/ first)."""

    to = serializers.ChoiceField(choices=["PACKED", "SHIPPED", "DELIVERED", "CANCELLED"])
    note = StrictCharField(max_length=300, required=False, allow_blank=True, default="")


class RefundSerializer(StrictInputMixin, serializers.Serializer):
    reason = StrictCharField(max_length=300, required=False, allow_blank=True, default="")


class StaffOrderSerializer(OrderSerializer):
    """The customer's view of an order, plus who ordered and whether it needs a look."""

    customer_email = serializers.EmailField(source="user.email", read_only=True)
    needs_review = serializers.BooleanField(read_only=True)
    review_reason = serializers.CharField(read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "customer_email", "needs_review", "review_reason"]


class Gstr1QuerySerializer(serializers.Serializer):
    month = serializers.RegexField(
        r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        help_text="The return's month, YYYY-MM (documents issued in it, Indian time); not a month still to come.",
        error_messages={"invalid": "A month is YYYY-MM, e.g. 2026-11."},
    )

    def validate_month(self, value: str) -> date:
        try:
            return parse_month(value)
        except MonthError as exc:
            raise serializers.ValidationError(str(exc)) from None


class Gstr1Serializer(serializers.Serializer):
    """For the schema only: the top level of the GST portal's GSTR-1 JSON (invoicing/gstr1.py). Amounts
    are JSON numbers with up to 2 decimals; a section with nothing in it is left out."""

    gstin = serializers.CharField(help_text="The seller's GSTIN.")
    fp = serializers.CharField(help_text="The return period, MMYYYY: 112026 for November 2026.")
    b2b = serializers.ListField(
        child=serializers.DictField(), required=False, help_text="Invoices to buyers with a GSTIN, by buyer (ctin)."
    )
    b2cl = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Inter-state invoices above ₹1,00,000 to buyers without a GSTIN, by place of supply.",
    )
    b2cs = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text="Other sales to buyers without a GSTIN, by supply type, place of supply and rate, net of their "
        "credit notes.",
    )
    cdnr = serializers.ListField(
        child=serializers.DictField(), required=False, help_text="Credit notes of B2B invoices, by buyer."
    )
    cdnur = serializers.ListField(
        child=serializers.DictField(), required=False, help_text="Credit notes of B2CL invoices."
    )
    hsn = serializers.DictField(required=False, help_text="Table 12, net of credit notes: hsn_b2b and hsn_b2c.")
    doc_issue = serializers.DictField(required=False, help_text="Table 13: the number ranges issued (doc_det).")
