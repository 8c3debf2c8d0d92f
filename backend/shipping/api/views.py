import hmac
import json
import logging

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import ProductVariant
from core.errors import ApiError, error_body
from orders.models import Order
from shipping import services
from shipping.api.serializers import (
    EstimateQuerySerializer,
    EstimateSerializer,
    TrackingSerializer,
    WebhookAnswerSerializer,
)
from shipping.models import Shipment
from shipping.providers import InvalidPincode, PincodeNotServiceable

logger = logging.getLogger(__name__)


class EstimateView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[EstimateQuerySerializer], responses=EstimateSerializer)
    def get(self, request):
        query = EstimateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        pincode, variant_id = query.validated_data["pincode"], query.validated_data.get("variant")
        variant = None
        if variant_id is not None:
            variant = (
                ProductVariant.objects.select_related("product")
                .filter(pk=variant_id, is_active=True, product__is_active=True)
                .first()
            )
            if variant is None:
                raise ApiError("No such phone.", code="invalid", fields={"variant": ["No such variant on sale."]})
        try:
            result = services.estimate(pincode, variant)
        except InvalidPincode as exc:
            raise ApiError("Enter a valid 6-digit pincode.", code="invalid_pincode", fields={"pincode": [str(exc)]})
        except PincodeNotServiceable:
            raise ApiError(
                f"We don’t deliver to {pincode} yet.",
                code="pincode_not_serviceable",
                fields={"pincode": ["No courier delivers to this pincode."]},
            )
        return Response(
            EstimateSerializer(
                {
                    "pincode": result.pincode,
                    "min_days": result.min_days,
                    "max_days": result.max_days,
                    "eta_date": result.eta_date,
                    "provider": result.provider,
                    "zone": result.zone,
                    "courier": result.courier,
                }
            ).data
        )


class OrderTrackingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TrackingSerializer)
    def get(self, request, pk: int):
        order = Order.objects.filter(pk=pk, user=request.user).only("pk", "status").first()
        if order is None:
            raise ApiError("No such order.", code="not_found", status_code=404)
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
                error_body("invalid_token", "Missing or wrong x-api-key."),
                status=401,
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
