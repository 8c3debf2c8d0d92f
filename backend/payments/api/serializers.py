from django.conf import settings
from rest_framework import serializers

from core.openapi import SchemaConstraints
from core.serializers import StrictCharField, StrictInputMixin
from orders.models import OrderStatus
from payments.models import Payment


class OrderQuerySerializer(serializers.Serializer):
    """?order_id= of a GET (other query parameters, e.g. a cache buster, are no harm there)."""

    order_id = serializers.IntegerField(min_value=1)


class OrderRefSerializer(StrictInputMixin, OrderQuerySerializer):
    """A request body naming one of your orders."""


class RazorpayVerifySerializer(StrictInputMixin, serializers.Serializer):
    razorpay_order_id = StrictCharField(max_length=100)
    razorpay_payment_id = StrictCharField(max_length=100)
    razorpay_signature = StrictCharField(max_length=200)


class RazorpayPrefillSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    contact = serializers.CharField(allow_blank=True)


class RazorpayCheckoutSerializer(serializers.Serializer):
    key_id = serializers.CharField()
    razorpay_order_id = serializers.CharField()
    amount = serializers.IntegerField(help_text="In paise.")
    currency = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    prefill = RazorpayPrefillSerializer()
    notes = serializers.DictField(child=serializers.CharField())
    order_id = serializers.IntegerField()


class PaymentResultSerializer(serializers.ModelSerializer):
    order_id = serializers.IntegerField()
    order_status = serializers.ChoiceField(source="order.status", choices=OrderStatus.choices)

    class Meta:
        model = Payment
        fields = [
            "id",
            "order_id",
            "order_status",
            "gateway",
            "status",
            "amount",
            "currency",
            "gateway_order_id",
            "gateway_payment_id",
        ]


class WebhookResultSerializer(serializers.Serializer):
    status = serializers.CharField()


# --- Stripe


class StripeCurrencyField(SchemaConstraints, StrictCharField):
    """payments.stripe_services takes the currencies of STRIPE_CURRENCIES, in any letter case (anything
    else: 400 currency_not_supported); the schema names them."""

    def openapi_constraints(self):
        return {"enum": list(settings.STRIPE_CURRENCIES)}


class StripeCreateSerializer(StrictInputMixin, serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)
    currency = StripeCurrencyField(
        max_length=3,
        min_length=3,
        help_text="One of the checkout options' Stripe currencies, e.g. USD (one without a fresh exchange rate: "
        "409 exchange_rate_unavailable).",
    )


class StripeIntentSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    payment_id = serializers.IntegerField()
    payment_intent_id = serializers.CharField()
    client_secret = serializers.CharField(
        help_text="For Stripe.js (Payment Element); only ever shown to the order's owner."
    )
    publishable_key = serializers.CharField()
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=3, coerce_to_string=True, help_text="What is charged, in `currency`."
    )
    amount_minor = serializers.IntegerField(help_text="The same in the currency's minor units, as sent to Stripe.")
    currency = serializers.CharField()
    exchange_rate = serializers.CharField(allow_null=True, help_text="Units of `currency` per 1 INR, markup included.")
    base_amount = serializers.CharField(help_text="The order total in the store currency.")
    base_currency = serializers.CharField()
    rate_updated_at = serializers.DateTimeField(allow_null=True)
    status = serializers.CharField(help_text="The PaymentIntent's status at Stripe.")


class StripeQuoteOptionSerializer(serializers.Serializer):
    currency = serializers.CharField()
    amount = serializers.CharField()
    amount_minor = serializers.IntegerField()
    exchange_rate = serializers.CharField()
    rate_updated_at = serializers.DateTimeField(allow_null=True)


class StripeQuoteUnavailableSerializer(serializers.Serializer):
    currency = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class StripeQuoteSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    order_status = serializers.ChoiceField(choices=OrderStatus.choices)
    payable = serializers.BooleanField()
    amount = serializers.CharField()
    currency = serializers.CharField()
    publishable_key = serializers.CharField()
    options = StripeQuoteOptionSerializer(many=True)
    unavailable = StripeQuoteUnavailableSerializer(many=True)


class CodCodeSerializer(StrictInputMixin, serializers.Serializer):
    code = serializers.RegexField(r"^[0-9]{6}$", max_length=6, help_text="The 6-digit code sent to the order's mobile.")


class CodResendSerializer(serializers.Serializer):
    channel = serializers.CharField(help_text="sms or email: how the code goes out (empty until sent).")
    sends_left = serializers.IntegerField()
    expires_at = serializers.DateTimeField(help_text="The order is cancelled if not confirmed by then.")
