from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.observability import tracing
from core.ratelimit import rate_limit
from orders import selectors as order_selectors
from orders.api.serializers import OrderSerializer
from payments import cod_services, dev_services, razorpay_services, stripe_services
from payments.api.serializers import (
    CodCodeSerializer,
    CodResendSerializer,
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
    tracing.set_order(serializer.validated_data.get("order_id"))  # the payment's order on the request's trace
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


RAZORPAY_SIGNATURE = OpenApiParameter(
    "X-Razorpay-Signature",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="HMAC-SHA256 of the raw body with the webhook secret, hex; without a match: 400 invalid_signature.",
)
STRIPE_SIGNATURE = OpenApiParameter(
    "Stripe-Signature",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="t=<unix time>,v1=<HMAC-SHA256 of t.body with the endpoint secret>; without a fresh match: 400 "
    "invalid_signature.",
)


class RazorpayWebhookView(APIView):
    """Razorpay calls this. Signed with the webhook secret over the raw body; no user."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=None, parameters=[RAZORPAY_SIGNATURE], responses=WebhookResultSerializer)
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
        parameters=[OrderQuerySerializer],
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

    @extend_schema(request=None, parameters=[STRIPE_SIGNATURE], responses=WebhookResultSerializer)
    def post(self, request):
        body = request.body  # the raw bytes, before anything parses them
        return Response({"status": stripe_services.handle_stripe_webhook(body=body, headers=request.headers)})


NOT_AWAITING_CODE = OpenApiResponse(description="Not a COD order awaiting its code (confirmed, cancelled or expired).")


class CodConfirmView(APIView):
    """Cash on delivery: the shopper confirms their order with the code sent to its mobile number."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CodCodeSerializer,
        responses={
            200: OrderSerializer,
            400: OpenApiResponse(
                description="Wrong code (cod_invalid_code): the message says how many tries are left."
            ),
            404: NO_ORDER,
            409: NOT_AWAITING_CODE,
        },
    )
    @rate_limit("cod_confirm_user", key="user")
    def post(self, request, pk: int):
        data = _valid(CodCodeSerializer, request)
        cod_services.confirm(request.user, pk, data["code"])
        return Response(OrderSerializer(order_selectors.order_for(request.user, pk)).data)


class CodResendView(APIView):
    """Cash on delivery: a new code (the previous one stops working)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: CodResendSerializer, 404: NO_ORDER, 409: NOT_AWAITING_CODE})
    @rate_limit("cod_resend_user", key="user")
    def post(self, request, pk: int):
        confirmation = cod_services.resend(request.user, pk)
        return Response(
            CodResendSerializer(
                {
                    "channel": confirmation.channel,
                    "sends_left": cod_services.MAX_SENDS - confirmation.sends,
                    "expires_at": confirmation.order.reserved_until,
                }
            ).data
        )
