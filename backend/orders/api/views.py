from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ApplicationError, CommonErrorCode
from core.ratelimit import rate_limit
from orders import selectors, services
from orders.api.serializers import (
    CheckoutOptionsQuerySerializer,
    CheckoutOptionsSerializer,
    CheckoutSerializer,
    OrderSerializer,
    checkout_options,
)
from orders.error_codes import OrdersErrorCode
from orders.models import OrderStatus

IDEMPOTENCY_KEY_MAX_LENGTH = 255
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH},
    OpenApiParameter.HEADER,
    required=False,
    description="Repeat a checkout safely: the same key returns the same order.",
)


class CheckoutOptionsView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses=CheckoutOptionsSerializer,
        parameters=[CheckoutOptionsQuerySerializer],
    )
    def get(self, request):
        query = CheckoutOptionsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)  # a pincode longer than one is a 400, never cut to size
        methods = services.checkout_methods(request.user, query.validated_data.get("pincode", ""))
        return Response(CheckoutOptionsSerializer(checkout_options(methods)).data)


class CheckoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CheckoutSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: OrderSerializer,
            200: OpenApiResponse(OrderSerializer, description="The same Idempotency-Key again: the order it made."),
            409: OpenApiResponse(
                description="Some phones in the cart are out of stock or no longer sold (fields say which)."
            ),
            422: OpenApiResponse(description="This Idempotency-Key was used for a different checkout."),
        },
    )
    @rate_limit("checkout_user", key="user")
    def post(self, request):
        data = CheckoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "").strip() or None
        if key and len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
            raise ApplicationError(
                OrdersErrorCode.INVALID_IDEMPOTENCY_KEY,
                f"Idempotency-Key is at most {IDEMPOTENCY_KEY_MAX_LENGTH} characters.",
            )
        order, created = services.checkout(
            user=request.user,
            payment_method=data.validated_data["payment_method"],
            address_id=data.validated_data.get("address_id"),
            address=data.validated_data.get("address"),
            buyer_gstin=data.validated_data["buyer_gstin"],
            idempotency_key=key,
        )
        if not created:  # a replay: the order as it is now (a new one comes with what the answer shows)
            order = selectors.order_for(request.user, order.pk)
        return Response(OrderSerializer(order).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class OrderListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer
    filter_backends: list = []

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=OrderStatus.values)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        wanted = self.request.query_params.get("status")
        if wanted and wanted not in OrderStatus.values:
            raise ApplicationError(
                CommonErrorCode.INVALID,
                "Unknown order status.",
                fields={"status": [f"One of {', '.join(OrderStatus.values)}."]},
            )
        return selectors.orders_for(self.request.user, wanted, documents=True)


class OrderDetailView(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = OrderSerializer

    def get_queryset(self):
        return selectors.orders_for(self.request.user)


class OrderCancelView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: OrderSerializer,
            404: OpenApiResponse(description="No such order of yours."),
            409: OpenApiResponse(description="Shipped orders can no longer be cancelled."),
        },
    )
    def post(self, request, pk: int):
        services.cancel_order(order_id=pk, user=request.user)
        return Response(OrderSerializer(selectors.order_for(request.user, pk)).data)
