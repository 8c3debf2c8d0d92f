from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ratelimit import rate_limit
from payments import dev_services, razorpay_services, stripe_services
from payments.api.serializers import (
    OrderQuerySerializer,
    OrderRefSerializer,
    PaymentResultSerializer,
    RazorpayCheckoutSerializer,
    RazorpayVerifySerializer,
    StripeCreateSerializer,
    StripeIntentSerializer,
    StripeQuoteSerializer,
    WebhookResultSerializer,
)

NO_ORDER = OpenApiResponse(description="No such order of yours.")
NO_PAYMENT = OpenApiResponse(description="No such payment of yours.")
NOT_PAYABLE = OpenApiResponse(description="The order is not awaiting payment.")


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class RazorpayCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=OrderRefSerializer, responses={200: RazorpayCheckoutSerializer, 404: NO_ORDER, 409: NOT_PAYABLE}
    )
    @rate_limit("payment_create_user", key="user")
    def post(self, request):
        data = _valid(OrderRefSerializer, request)
        return Response(razorpay_services.start_razorpay_payment(user=request.user, order_id=data["order_id"]))


class RazorpayVerifyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=RazorpayVerifySerializer, responses={200: PaymentResultSerializer, 404: NO_PAYMENT})
    def post(self, request):
        payment = razorpay_services.verify_razorpay_payment(
            user=request.user, **_valid(RazorpayVerifySerializer, request)
        )
        return Response(PaymentResultSerializer(payment).data)


class RazorpayWebhookView(APIView):
    """Razorpay calls this. Signed with the webhook secret over the raw body; no user."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses=WebhookResultSerializer)
    def post(self, request):
        body = request.body  # the raw bytes, before anything parses them
        return Response({"status": razorpay_services.handle_razorpay_webhook(body=body, headers=request.headers)})


class DevConfirmView(APIView):
    """Dev gateway only (DEBUG or PAYMENTS_DEV_GATEWAY): pays the order with no money moving."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=OrderRefSerializer, responses={200: PaymentResultSerializer, 404: NO_ORDER, 409: NOT_PAYABLE}
    )
    def post(self, request):
        data = _valid(OrderRefSerializer, request)
        return Response(
            PaymentResultSerializer(dev_services.dev_confirm(user=request.user, order_id=data["order_id"])).data
        )


class StripeCreateView(APIView):
    """Open (or reuse) the order's PaymentIntent in the chosen currency: what Stripe.js needs."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=StripeCreateSerializer, responses={200: StripeIntentSerializer, 404: NO_ORDER, 409: NOT_PAYABLE}
    )
    @rate_limit("payment_create_user", key="user")
    def post(self, request):
        data = _valid(StripeCreateSerializer, request)
        return Response(
            stripe_services.start_stripe_payment(
                user=request.user, order_id=data["order_id"], currency=data["currency"]
            )
        )


class StripeQuoteView(APIView):
    """The order's total in each Stripe currency at the current rates (for the currency picker)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("order_id", int, required=True)],
        responses={200: StripeQuoteSerializer, 404: NO_ORDER},
    )
    def get(self, request):
        query = OrderQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return Response(stripe_services.stripe_quote(user=request.user, order_id=data["order_id"]))


class StripeWebhookView(APIView):
    """Stripe calls this. Stripe-Signature verified over the raw body with the endpoint secret; no user."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=None, responses=WebhookResultSerializer)
    def post(self, request):
        body = request.body  # the raw bytes, before anything parses them
        return Response({"status": stripe_services.handle_stripe_webhook(body=body, headers=request.headers)})
