from rest_framework import serializers

from payments.models import Payment


class OrderRefSerializer(serializers.Serializer):
    order_id = serializers.IntegerField(min_value=1)


class RazorpayVerifySerializer(serializers.Serializer):
    razorpay_order_id = serializers.CharField(max_length=100)
    razorpay_payment_id = serializers.CharField(max_length=100)
    razorpay_signature = serializers.CharField(max_length=200)


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
    order_status = serializers.CharField(source="order.status")

    class Meta:
        model = Payment
        fields = ["id", "order_id", "order_status", "gateway", "status", "amount", "currency", "gateway_order_id",
                  "gateway_payment_id"]


class WebhookResultSerializer(serializers.Serializer):
    status = serializers.CharField()
