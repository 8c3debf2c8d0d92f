from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.validators import mobile_validator, pincode_validator
from core.serializers import StrictCharField, StrictInputMixin
from orders.models import Order, OrderItem, OrderTransition
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


class CheckoutSerializer(StrictInputMixin, serializers.Serializer):
    address_id = serializers.IntegerField(required=False, min_value=1, help_text="A saved address of yours.")
    address = AddressInputSerializer(required=False, help_text="Or an address given inline.")
    payment_method = StrictCharField(max_length=20, help_text="One of GET /api/checkout/options/ payment_methods.")

    def validate(self, attrs):
        if ("address_id" in attrs) == ("address" in attrs):
            raise serializers.ValidationError(
                {"address_id": ["Give either address_id or address, not both or neither."]}
            )
        return attrs


class OrderItemSerializer(serializers.ModelSerializer):
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
        ]


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


class OrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
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
    label = serializers.CharField()
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
