from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.validators import mobile_validator, pincode_validator
from core.openapi import SchemaConstraints
from core.serializers import StrictCharField, StrictInputMixin
from orders.models import Order, OrderItem, OrderTransition
from orders.services import ADDRESS_FIELDS
from orders.state import CANCELLABLE
from payments.models import CHARGED_STATUSES


class AddressInputSerializer(StrictInputMixin, serializers.Serializer):
    full_name = StrictCharField(max_length=150)
    phone = StrictCharField(max_length=10, validators=[mobile_validator])
    line1 = StrictCharField(max_length=200)
    line2 = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    landmark = StrictCharField(max_length=120, required=False, allow_blank=True, default="")
    city = StrictCharField(max_length=100)
    state = StrictCharField(max_length=100)
    pincode = StrictCharField(max_length=6, validators=[pincode_validator])
    country = serializers.ChoiceField(choices=["IN"], default="IN")


class CheckoutSerializer(SchemaConstraints, StrictInputMixin, serializers.Serializer):
    """The cart becomes an order paid by payment_method, delivered to a saved address (address_id) or to
    one given inline (address): exactly one of the two."""

    address_id = serializers.IntegerField(required=False, min_value=1, help_text="A saved address of yours.")
    address = AddressInputSerializer(required=False, help_text="Or an address given inline.")
    payment_method = StrictCharField(max_length=20, help_text="One of GET /api/checkout/options/ payment_methods.")

    ADDRESS_SOURCES = ("address_id", "address")  # exactly one of them

    def validate(self, attrs):
        if sum(name in attrs for name in self.ADDRESS_SOURCES) != 1:
            raise serializers.ValidationError(
                {"address_id": ["Give either address_id or address, not both or neither."]}
            )
        return attrs

    def openapi_constraints(self):
        return {"oneOf": [{"required": [name]} for name in self.ADDRESS_SOURCES]}


class OrderItemSerializer(serializers.ModelSerializer):
    imeis = serializers.SerializerMethodField(
        help_text="The IMEIs of the units sent to you (for warranty claims), once recorded at packing; "
        "empty for accessories and until then."
    )

    class Meta:
        model = OrderItem
        fields = [
            "id",
            "variant",
            "product_title",
            "sku",
            "variant_label",
            "quantity",
            "unit_price",
            "unit_mrp",
            "line_total",
            "gst_rate",
            "tax_amount",
            "imeis",
            "discount",
        ]

    def get_imeis(self, item) -> list[str]:
        """From the prefetched units (orders.selectors.units_prefetch); a returned unit is no longer yours."""
        return [imei.number for unit in item.units.all() if unit.returned_at is None for imei in unit.imeis.all()]


class OrderTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderTransition
        fields = ["from_status", "to_status", "source", "note", "created_at"]


class ChargeSerializer(serializers.Serializer):
    """What the shopper's card or account was charged: in a Stripe currency this differs from the order's INR."""

    gateway = serializers.CharField()
    status = serializers.CharField()
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    exchange_rate = serializers.DecimalField(
        max_digits=20,
        decimal_places=10,
        allow_null=True,
        help_text="Units of `currency` per 1 INR, markup included; null for INR.",
    )
    created_at = serializers.DateTimeField()


class ShippingAddressSerializer(serializers.Serializer):
    """The address an order ships to, as it was at checkout (orders.services.ADDRESS_FIELDS, all strings)."""

    def get_fields(self):
        return {name: serializers.CharField() for name in ADDRESS_FIELDS}


@extend_schema_field(ShippingAddressSerializer)
class ShippingAddressField(serializers.JSONField):
    """The snapshot as stored (a JSON object), with its shape in the schema."""


class OrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    shipping_address = ShippingAddressField(read_only=True, help_text="Snapshot of the address at checkout.")
    items = OrderItemSerializer(many=True, read_only=True)
    history = OrderTransitionSerializer(source="transitions", many=True, read_only=True)
    can_cancel = serializers.SerializerMethodField()
    charge = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "status",
            "payment_method",
            "currency",
            "subtotal",
            "mrp_total",
            "savings",
            "shipping_fee",
            "tax_total",
            "total",
            "shipping_address",
            "reserved_until",
            "created_at",
            "paid_at",
            "cancelled_at",
            "can_cancel",
            "charge",
            "items",
            "history",
            "discount_total",
            "coupon_code",
        ]

    def get_can_cancel(self, order) -> bool:
        return order.status in CANCELLABLE

    @extend_schema_field(ChargeSerializer(allow_null=True))
    def get_charge(self, order) -> dict | None:
        """The payment that took the money (the newest, should a shopper have paid twice), else null."""
        charged = [p for p in order.payments.all() if p.status in CHARGED_STATUSES]
        if not charged:
            return None
        return ChargeSerializer(max(charged, key=lambda p: (p.created_at, p.pk))).data


class PaymentMethodSerializer(serializers.Serializer):
    code = serializers.CharField()
    # The stubs see Field.label; DRF's metaclass moves declared fields off the class, so nothing clashes.
    label = serializers.CharField()  # type: ignore[assignment]
    description = serializers.CharField(required=False)
    key_id = serializers.CharField(required=False, help_text="Razorpay only: the public key id for checkout.js.")
    publishable_key = serializers.CharField(required=False, help_text="Stripe only: the publishable key for Stripe.js.")
    currencies = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Stripe only: the currencies that can be charged now (a fresh rate).",
    )
    exchange_rates = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Stripe only: units of each currency per 1 INR, markup included.",
    )


class CheckoutOptionsSerializer(serializers.Serializer):
    payment_methods = PaymentMethodSerializer(many=True)
    currency = serializers.CharField()
    shipping_fee = serializers.DecimalField(max_digits=12, decimal_places=2)
    free_shipping_threshold = serializers.DecimalField(max_digits=12, decimal_places=2)
    reservation_minutes = serializers.IntegerField()
    max_quantity_per_item = serializers.IntegerField()


def checkout_options(methods) -> dict:
    return {
        "payment_methods": methods,
        "currency": settings.STORE_CURRENCY,
        "shipping_fee": settings.SHIPPING_FEE,
        "free_shipping_threshold": settings.FREE_SHIPPING_THRESHOLD,
        "reservation_minutes": settings.ORDER_RESERVATION_MINUTES,
        "max_quantity_per_item": settings.CART_MAX_QUANTITY_PER_ITEM,
    }
