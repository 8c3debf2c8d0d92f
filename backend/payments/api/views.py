from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ratelimit import rate_limit
from payments import services
from payments.api.serializers import (OrderRefSerializer, PaymentResultSerializer, RazorpayCheckoutSerializer,
                                      RazorpayVerifySerializer, WebhookResultSerializer)


NO_ORDER = OpenApiResponse(description="No such order of yours.")
NO_PAYMENT = OpenApiResponse(description="No such payment of yours.")
NOT_PAYABLE = OpenApiResponse(description="The order is not awaiting payment.")

def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class RazorpayCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OrderRefSerializer, responses={200: RazorpayCheckoutSerializer, 404: NO_ORDER, 409: NOT_PAYABLE})
    @rate_limit("payment_create_user", key="user")
    def post(self, request):
        data = _valid(OrderRefSerializer, request)
        return Response(services.start_razorpay_payment(user=request.user, order_id=data["order_id"]))


class RazorpayVerifyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=RazorpayVerifySerializer, responses={200: PaymentResultSerializer, 404: NO_PAYMENT})
    def post(self, request):
        payment = services.verify_razorpay_payment(user=request.user, **_valid(RazorpayVerifySerializer, request))
        return Response(PaymentResultSerializer(payment).data)


class RazorpayWebhookView(APIView):
    """Razorpay calls this. Signed with the webhook secret over the raw body; no user."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses=WebhookResultSerializer)
    def post(self, request):
        body = request.body  # the raw bytes, before anything parses them
        return Response({"status": services.handle_razorpay_webhook(body=body, headers=request.headers)})


class DevConfirmView(APIView):
    """Dev gateway only (DEBUG or PAYMENTS_DEV_GATEWAY): pays the order with no money moving."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=OrderRefSerializer, responses={200: PaymentResultSerializer, 404: NO_ORDER, 409: NOT_PAYABLE})
    def post(self, request):
        data = _valid(OrderRefSerializer, request)
        return Response(PaymentResultSerializer(services.dev_confirm(user=request.user, order_id=data["order_id"])).data)
