import hmac
import json
import logging

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ApplicationError, CommonErrorCode, error_body
from orders.models import Order
from shipping import services
from shipping.api.serializers import (
    EstimateQuerySerializer,
    EstimateSerializer,
    TrackingSerializer,
    WebhookAnswerSerializer,
)
from shipping.error_codes import ShippingErrorCode
from shipping.models import Shipment

logger = logging.getLogger(__name__)


class EstimateView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("pincode", str, required=True, description="6-digit Indian pincode, not starting with 0."),
            OpenApiParameter("variant", int, required=False, description="The phone variant, for the parcel's weight."),
        ],
        responses=EstimateSerializer,
    )
    def get(self, request):
        query = EstimateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = services.estimate(query.validated_data["pincode"], query.validated_data.get("variant"))
        return Response(EstimateSerializer(result).data)


class OrderTrackingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TrackingSerializer)
    def get(self, request, pk: int):
        order = Order.objects.filter(pk=pk, user=request.user).only("pk", "status").first()
        if order is None:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such order.")
        shipment = Shipment.objects.filter(order=order).exclude(awb="").first()
        events = list(shipment.events.all()) if shipment else []
        return Response(
            TrackingSerializer(
                {"order_id": order.pk, "status": order.status, "shipment": shipment, "events": events}
            ).data
        )


class ShippingWebhookView(APIView):
    """Shiprocket's tracking push. Shiprocket signs nothing: the only proof is the static token it
    sends in x-api-key (SHIPROCKET_WEBHOOK_TOKEN), compared in constant time before the body is read.
    A valid token always gets 200 (Shiprocket wants nothing else); what could not be applied is logged
    and the periodic sync brings it anyway."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("x-api-key", str, OpenApiParameter.HEADER, required=True)],
        responses={200: WebhookAnswerSerializer, 401: OpenApiResponse(description="Missing or wrong token.")},
    )
    def post(self, request):
        expected = settings.SHIPROCKET_WEBHOOK_TOKEN
        given = request.headers.get("x-api-key", "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            logger.warning(
                "Shipping webhook refused: %s token.", "no configured" if not expected else "wrong or missing"
            )
            return Response(
                error_body(ShippingErrorCode.INVALID_TOKEN.value, "Missing or wrong x-api-key."),
                status=ShippingErrorCode.INVALID_TOKEN.http_status,
                headers={"WWW-Authenticate": 'ApiKey header="x-api-key"'},
            )
        try:
            payload = json.loads(request.body or b"null")
        except ValueError:
            logger.warning("Shipping webhook body is not JSON; ignored.")
            return Response({"status": "ignored"})
        try:
            outcome = services.handle_shiprocket_push(payload)
        except Exception:
            logger.exception("Shipping webhook could not be applied")
            outcome = "error"
        return Response({"status": outcome})
