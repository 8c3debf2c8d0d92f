from datetime import date
from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.roles import ROLE_NAMES
from audit.models import Action, AuditLog
from catalog.models import ProductVariant
from core.money import from_minor_units
from core.openapi import SchemaConstraints
from core.serializers import StrictCharField, StrictIdField, StrictInputMixin, StrictIntegerField
from invoicing.gstr1 import MonthError, parse_month
from orders import lifecycle
from orders.api.serializers import OrderItemSerializer, OrderSerializer
from orders.models import OrderStatus
from orders.selectors import missing_units_prefetched
from orders.units import MAX_IMEIS_PER_UNIT
from staff import selectors, variant_edits
from staff.variant_edits import MAX_BULK, MAX_STOCK, PERCENT_MAX, PERCENT_MIN, PRICE_LIMITS


class StaffVariantSerializer(serializers.ModelSerializer):
    product_slug = serializers.CharField(source="product.slug")
    product_title = serializers.CharField(source="product.title")
    brand = serializers.CharField(source="product.brand.name")
    sellable = serializers.SerializerMethodField(help_text="The variant and its phone are both on sale.")

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
            "brand",
            "sellable",
            "version",
        ]
        read_only_fields = fields

    def get_sellable(self, variant: ProductVariant) -> bool:
        return variant.is_active and variant.product.is_active


class PriceField(SchemaConstraints, serializers.DecimalField):
    """A price in PRICE_LIMITS. The schema of a decimal is a string, which minimum and maximum cannot bound:
    its pattern does (exact for limits from 1.00 to 9...9.99)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **PRICE_LIMITS, **kwargs)

    def openapi_constraints(self):
        whole_digits = len(str(int(self.max_value)))
        return {"pattern": rf"^[1-9][0-9]{{0,{whole_digits - 1}}}(?:\.[0-9]{{1,{self.decimal_places}}})?$"}


class VariantUpdateSerializer(SchemaConstraints, StrictInputMixin, serializers.Serializer):
    """Any of price, MRP (INR, GST included, 2 decimals) and stock (units on hand, absolute), with the `version`
    of the variant they were edited from. The price may not exceed the MRP (the new one, or the stored one): 400
    price_above_mrp. A variant changed since that version: 409 stale_version with the variant as it is now."""

    version = StrictIntegerField(min_value=1, max_value=2**31 - 1, help_text="The variant's version as read.")
    price = PriceField()
    mrp = PriceField()
    stock = serializers.IntegerField(required=False, min_value=0, max_value=MAX_STOCK)

    def validate(self, attrs):
        if len(attrs) < 2:
            raise serializers.ValidationError("Send at least one of price, mrp, stock.")
        return attrs

    def openapi_constraints(self):
        return {"minProperties": 2, "required": ["version"]}  # the version and at least one change (validate())


class StaleVariantSerializer(serializers.Serializer):
    """409 stale_version: the error, and the variant as it is now (its values and version), so nothing is lost."""

    error = serializers.DictField(help_text='{"code": "stale_version", "message", "fields"}')
    current = StaffVariantSerializer()


class VariantRefSerializer(StrictInputMixin, serializers.Serializer):
    id = StrictIdField()
    version = StrictIntegerField(min_value=1, max_value=2**31 - 1)


class VariantBulkSerializer(StrictInputMixin, serializers.Serializer):
    """The selected variants (each with the version it was read at) and one operation: set_stock with `stock`,
    or price_percent with `percent` (-90 to 100; each new price rounded to the paisa, half up)."""

    variants = serializers.ListField(child=VariantRefSerializer(), min_length=1, max_length=MAX_BULK)
    operation = serializers.ChoiceField(choices=[variant_edits.SET_STOCK, variant_edits.PRICE_PERCENT])
    stock = StrictIntegerField(required=False, min_value=0, max_value=MAX_STOCK)
    percent = serializers.DecimalField(
        required=False, max_digits=5, decimal_places=2, min_value=PERCENT_MIN, max_value=PERCENT_MAX
    )

    def validate(self, attrs):
        needs = "stock" if attrs["operation"] == variant_edits.SET_STOCK else "percent"
        other = "percent" if needs == "stock" else "stock"
        if needs not in attrs:
            raise serializers.ValidationError({needs: [f"Required with {attrs['operation']}."]})
        if other in attrs:
            raise serializers.ValidationError({other: [f"Not taken with {attrs['operation']}."]})
        return attrs

    def value(self) -> Any:
        data = self.validated_data
        return data["stock"] if data["operation"] == variant_edits.SET_STOCK else data["percent"]


class VariantBulkResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField(help_text="Variants whose values changed (others already had them).")
    variants = StaffVariantSerializer(many=True)


class CatalogImportSerializer(StrictInputMixin, serializers.Serializer):
    """multipart/form-data: the CSV `file` (as exported) and `dry_run` (true: report only, write nothing)."""

    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)


class FieldChangeSerializer(serializers.Serializer):
    old = serializers.CharField()
    new = serializers.CharField()


class ImportChangeSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    id = serializers.IntegerField()
    sku = serializers.CharField()
    diff = serializers.DictField(child=FieldChangeSerializer(), help_text="{field: {old, new}} of what changes.")


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    id = serializers.IntegerField(allow_null=True)
    reasons = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class CatalogImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    changed = serializers.IntegerField()
    changes = ImportChangeSerializer(many=True)
    refused = ImportErrorSerializer(many=True)


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
    email = serializers.EmailField(allow_null=True, help_text="Null for an account that signs in by mobile.")
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


class StaffUnitSerializer(serializers.Serializer):
    """One unit sold: its IMEIs (slot 1, then 2), who recorded them and when, and whether it came back."""

    id = serializers.IntegerField()
    imeis = serializers.SerializerMethodField()
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.SerializerMethodField(help_text="The staff member's email; null for the demo's.")
    returned_at = serializers.DateTimeField(allow_null=True)

    def get_imeis(self, unit) -> list[str]:
        return [imei.number for imei in unit.imeis.all()]

    def get_recorded_by(self, unit) -> str | None:
        return unit.recorded_by.email if unit.recorded_by is not None else None


class StaffOrderItemSerializer(OrderItemSerializer):
    imei_required = serializers.BooleanField(read_only=True, help_text="Each unit needs its IMEI before packing.")
    units = StaffUnitSerializer(many=True, read_only=True)

    class Meta(OrderItemSerializer.Meta):
        fields = [*OrderItemSerializer.Meta.fields, "hsn_code", "imei_required", "units"]


class StaffOrderSerializer(OrderSerializer):
    """The customer's view of an order, plus who ordered, whether it needs a look, and its units sold."""

    customer_email = serializers.EmailField(
        source="user.email", read_only=True, allow_null=True, help_text="Null for a customer who signs in by mobile."
    )
    customer_mobile = serializers.CharField(
        source="user.mobile", read_only=True, allow_null=True, help_text="The number the customer signs in with."
    )
    needs_review = serializers.BooleanField(read_only=True)
    review_reason = serializers.CharField(read_only=True)
    items = StaffOrderItemSerializer(many=True, read_only=True)
    units_missing = serializers.SerializerMethodField(help_text="Units whose IMEIs are not recorded yet.")
    awaiting_imei = serializers.SerializerMethodField(
        help_text="Paid, and packing waits for staff to record IMEIs (POST .../units/)."
    )

    actor = lifecycle.Actor.STAFF  # next_steps: the statuses staff may move the order to

    class Meta(OrderSerializer.Meta):
        fields = [
            *OrderSerializer.Meta.fields,
            "customer_email",
            "customer_mobile",
            "needs_review",
            "review_reason",
            "units_missing",
            "awaiting_imei",
        ]

    def get_units_missing(self, order) -> int:
        return missing_units_prefetched(order)

    def get_awaiting_imei(self, order) -> bool:
        return order.status == OrderStatus.PAID and missing_units_prefetched(order) > 0


class StaffTrackingEventSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="Our status (ShipmentStatus), or the carrier's label when unmapped.")
    label = serializers.CharField()  # type: ignore[assignment]
    description = serializers.CharField()
    location = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    source = serializers.CharField(help_text="booking, webhook, sync or staff.")  # type: ignore[assignment]

    def to_representation(self, event):
        data = super().to_representation(event)
        data["status"] = event.status or event.label
        return data


class StaffShipmentSerializer(serializers.Serializer):
    """The order's parcel at the carrier and its tracking, oldest event first."""

    awb = serializers.CharField(help_text="Blank until the carrier assigns one.")
    courier = serializers.CharField()
    provider = serializers.CharField(help_text="mock or shiprocket.")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    tracking_url = serializers.CharField()
    eta_date = serializers.DateField(allow_null=True)
    awb_assigned_at = serializers.DateTimeField(allow_null=True)
    shipped_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    attempts = serializers.IntegerField(help_text="Booking attempts with the carrier.")
    last_error = serializers.CharField(help_text="Why the last booking failed; blank otherwise.")
    events = StaffTrackingEventSerializer(many=True, source="events.all")


class StaffRefundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    amount = serializers.SerializerMethodField(help_text="In the payment's currency (major units).")
    status = serializers.CharField()
    reason = serializers.CharField()
    reference = serializers.CharField(help_text='What asked for it ("return:12"); blank for a full refund.')
    gateway_refund_id = serializers.CharField()
    created_at = serializers.DateTimeField()
    processed_at = serializers.DateTimeField(allow_null=True)

    def get_amount(self, refund) -> Decimal:
        return from_minor_units(refund.amount_minor, refund.payment.currency)


class StaffPaymentSerializer(serializers.Serializer):
    """One attempt to collect the order's money, and its refunds."""

    id = serializers.IntegerField()
    gateway = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    gateway_payment_id = serializers.CharField()
    created_at = serializers.DateTimeField()
    refunds = StaffRefundSerializer(many=True, source="refunds.all")


class OrderAuditSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditLog
        fields = ["id", "created_at", "actor_label", "action", "source", "old_values", "new_values"]
        read_only_fields = fields


class OrderActionsSerializer(serializers.Serializer):
    """What staff may do now besides next_steps (the lifecycle's moves); each the rule of the app that does it."""

    record_units = serializers.BooleanField(help_text="POST .../units/: the order is PAID and has phone lines.")
    book_shipment = serializers.BooleanField(help_text="POST .../shipment/: bookable and no AWB yet.")
    refund = serializers.BooleanField(help_text="POST .../refund/: delivered (returned) or cancelled, money online.")


class StaffOrderDetailSerializer(StaffOrderSerializer):
    """One order for the console's order page: the list's fields, and its parcel with tracking, its payments and
    refunds, its audit trail, and what staff may do to it now (next_steps for its moves, actions for the rest)."""

    shipment = serializers.SerializerMethodField()
    payments = serializers.SerializerMethodField()
    audit = serializers.SerializerMethodField(help_text="The audit rows about this order, oldest first.")
    actions = serializers.SerializerMethodField()

    class Meta(StaffOrderSerializer.Meta):
        fields = [*StaffOrderSerializer.Meta.fields, "shipment", "payments", "audit", "actions"]

    def _shipment(self, order):
        if not hasattr(order, "_console_shipment"):
            order._console_shipment = selectors.order_shipment(order)
        return order._console_shipment

    @extend_schema_field(StaffShipmentSerializer(allow_null=True))
    def get_shipment(self, order) -> dict | None:
        shipment = self._shipment(order)
        return None if shipment is None else StaffShipmentSerializer(shipment).data

    @extend_schema_field(StaffPaymentSerializer(many=True))
    def get_payments(self, order) -> list[dict]:
        return list(StaffPaymentSerializer(selectors.order_payments(order), many=True).data)

    @extend_schema_field(OrderAuditSerializer(many=True))
    def get_audit(self, order) -> list[dict]:
        return list(OrderAuditSerializer(selectors.order_audit(order), many=True).data)

    @extend_schema_field(OrderActionsSerializer)
    def get_actions(self, order) -> dict:
        actions = selectors.order_actions(order, self._shipment(order))
        return OrderActionsSerializer(actions).data


IMEI_INPUT_MAX_LENGTH = 32
MAX_LIST_LENGTH = 100  # lines of an order, units of a line: far above any order, a bound on the body


# 15 digits, spaces and hyphens around them (orders.imei.validate_imei); its check digit no schema can say.
IMEI_SCHEMA = {
    "type": "string",
    "minLength": 15,
    "maxLength": IMEI_INPUT_MAX_LENGTH,
    "pattern": r"^[\s-]*(?:[0-9][\s-]*){15}$",
}


class ImeiInputField(SchemaConstraints, StrictCharField):
    """An IMEI as typed or scanned: 15 digits, spaces and hyphens between them allowed. orders.units checks
    it (the Luhn check digit too) and answers 400 invalid_imei naming the field."""

    def __init__(self, **kwargs):
        super().__init__(max_length=IMEI_INPUT_MAX_LENGTH, **kwargs)

    def openapi_constraints(self):
        return IMEI_SCHEMA


class ImeiListField(SchemaConstraints, serializers.ListField):
    """One or two IMEIs (the schema of its items is ImeiInputField's, which a list's items do not get)."""

    def __init__(self, **kwargs):
        super().__init__(child=ImeiInputField(), min_length=1, max_length=MAX_IMEIS_PER_UNIT, **kwargs)

    def openapi_constraints(self):
        return {"items": IMEI_SCHEMA}


class UnitInputSerializer(StrictInputMixin, serializers.Serializer):
    """One unit: its IMEI(s)."""

    imeis = ImeiListField(help_text="The unit's IMEI, or both of a dual-SIM phone (slot 1, then 2).")


class LineUnitsInputSerializer(StrictInputMixin, serializers.Serializer):
    """A line of the order and its units, in the order they are packed."""

    item_id = serializers.IntegerField(min_value=1, help_text="A line of the order (items[].id) that needs IMEIs.")
    units = serializers.ListField(
        child=UnitInputSerializer(),
        min_length=1,
        max_length=MAX_LIST_LENGTH,
        help_text="Exactly the line's quantity of units.",
    )


class RecordUnitsSerializer(StrictInputMixin, serializers.Serializer):
    """The units of one or more lines of a PAID order. A line named again replaces its units (before
    packing); lines not named keep theirs."""

    items = serializers.ListField(child=LineUnitsInputSerializer(), min_length=1, max_length=MAX_LIST_LENGTH)

    def lines(self) -> list[tuple[int, list[list[str]]]]:
        return [(line["item_id"], [unit["imeis"] for unit in line["units"]]) for line in self.validated_data["items"]]


class SoldUnitOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    packed_at = serializers.DateTimeField(allow_null=True)
    shipped_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    invoice_number = serializers.CharField(allow_null=True, help_text="The tax invoice's number, once issued.")


class BuyerSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField(allow_null=True, help_text="Null for a customer who signs in by mobile.")
    phone = serializers.CharField(help_text="The delivery address's mobile number.")


class SoldUnitSerializer(serializers.Serializer):
    """A unit sold, found by an IMEI (staff.selectors.SoldUnit)."""

    id = serializers.IntegerField(source="unit.id")
    imeis = serializers.ListField(child=serializers.CharField(), help_text="All of the unit's IMEIs (slot 1, 2).")
    in_circulation = serializers.BooleanField(help_text="False once the unit came back (a return).")
    product_title = serializers.CharField(source="unit.item.product_title")
    variant_label = serializers.CharField(source="unit.item.variant_label")
    sku = serializers.CharField(source="unit.item.sku")
    hsn_code = serializers.CharField(source="unit.item.hsn_code")
    recorded_at = serializers.DateTimeField(source="unit.recorded_at")
    recorded_by = serializers.SerializerMethodField(help_text="The staff member's email; null for the demo's.")
    returned_at = serializers.DateTimeField(source="unit.returned_at", allow_null=True)
    order = serializers.SerializerMethodField()
    buyer = serializers.SerializerMethodField()

    def get_recorded_by(self, sold) -> str | None:
        return sold.unit.recorded_by.email if sold.unit.recorded_by is not None else None

    @extend_schema_field(SoldUnitOrderSerializer)
    def get_order(self, sold) -> dict:
        order = sold.order
        return SoldUnitOrderSerializer(
            {
                "id": order.pk,
                "number": order.number,
                "status": order.status,
                "created_at": order.created_at,
                "paid_at": order.paid_at,
                "packed_at": sold.packed_at,
                "shipped_at": sold.shipped_at,
                "delivered_at": sold.delivered_at,
                "invoice_number": sold.invoice_number,
            }
        ).data

    @extend_schema_field(BuyerSerializer)
    def get_buyer(self, sold) -> dict:
        order, address = sold.order, sold.order.shipping_address or {}
        name = order.user.full_name or address.get("full_name", "")
        return BuyerSerializer({"name": name, "email": order.user.email, "phone": address.get("phone", "")}).data


class UnitLookupSerializer(StrictInputMixin, serializers.Serializer):
    imei = ImeiInputField(help_text="The IMEI of the unit (either of a dual-SIM phone's).")


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
