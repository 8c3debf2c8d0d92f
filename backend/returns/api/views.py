"""/api/orders/{id}/returns/: the shopper's returns of a delivered order, and their photos (streamed to the
owner; staff read them through the same URL)."""

from typing import TYPE_CHECKING, Any, cast

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ApplicationError, CommonErrorCode
from core.parsers import StrictJSONParser
from orders.models import Imei, Order
from orders.services import OrderNotFound
from returns import services
from returns.api.serializers import (
    OrderReturnsSerializer,
    ReturnRequestInputSerializer,
    ReturnRequestJsonSerializer,
    ReturnSerializer,
)
from returns.models import ReturnReason, ReturnRequest, ReturnUnit

if TYPE_CHECKING:
    from accounts.models import User

TAGS = ["returns"]


def returns_of(order: Order) -> QuerySet[ReturnRequest]:
    return ReturnRequest.objects.filter(order=order).prefetch_related(
        Prefetch(
            "units",
            queryset=ReturnUnit.objects.select_related("item", "unit").prefetch_related(
                Prefetch("unit__imeis", queryset=Imei.objects.order_by("slot"))
            ),
        ),
        "photos",
        "transitions",
    )


def _own_order(request: Request, order_id: int) -> Order:
    order = Order.objects.filter(pk=order_id, user=cast("User", request.user)).first()
    if order is None:
        raise OrderNotFound()
    return order


class OrderReturnsView(APIView):
    permission_classes = [IsAuthenticated]
    # Photos come as multipart; JSON (strict) still works for a request without them.
    parser_classes = [MultiPartParser, FormParser, StrictJSONParser]

    @extend_schema(tags=TAGS, responses={200: OrderReturnsSerializer, 404: OpenApiResponse(description="Not yours.")})
    def get(self, request: Request, pk: int) -> Response:
        order = _own_order(request, pk)
        can = services.returnable(order)
        rows = [
            {
                "unit": u.pk,
                "item": u.item_id,
                "title": u.item.product_title,
                "variant_label": u.item.variant_label,
                "imeis": [i.number for i in u.imeis.all()],
                "quantity": 1,
            }
            for u in can.units
        ] + [
            {
                "unit": None,
                "item": item.pk,
                "title": item.product_title,
                "variant_label": item.variant_label,
                "imeis": [],
                "quantity": n,
            }
            for item, n in can.lines
        ]
        body = {
            "window_closes_at": can.closes_at,
            "can_request": can.open and bool(rows),
            "needs_payout": services._gateway_payment(order) is None,
            "returnable": rows if can.open else [],
            "reasons": ReturnReason.values,
            "results": returns_of(order),
        }
        return Response(OrderReturnsSerializer(body).data)

    @extend_schema(
        tags=TAGS,
        request={"multipart/form-data": ReturnRequestInputSerializer, "application/json": ReturnRequestJsonSerializer},
        responses={
            201: ReturnSerializer,
            400: OpenApiResponse(description="return_window_closed (says until when), not_returnable, invalid_photo."),
            404: OpenApiResponse(description="No such order of yours."),
            409: OpenApiResponse(description="return_already_open: a unit already has an open return."),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        data: Any = request.data
        if hasattr(data, "getlist"):  # multipart: lists repeat their key
            data = {
                **{k: data.get(k) for k in data if k not in ("units", "items", "photos")},
                "units": data.getlist("units"),
                "items": data.getlist("items"),
                "photos": request.FILES.getlist("photos"),
            }
        serializer = (
            ReturnRequestInputSerializer if hasattr(request.data, "getlist") else ReturnRequestJsonSerializer
        )(data=data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        created = services.request_return(
            user=cast("User", request.user),
            order_id=pk,
            unit_ids=v.get("units", []),
            item_ids=v.get("items", []),
            reason=v["reason"],
            outcome=v["outcome"],
            details=v.get("details", ""),
            payout={
                "upi": v.get("payout_upi", ""),
                "account": v.get("payout_account", ""),
                "ifsc": v.get("payout_ifsc", ""),
            },
            photos=v.get("photos", []),
        )
        return Response(ReturnSerializer(returns_of(created.order).get(pk=created.pk)).data, status=201)


class ReturnPhotoView(APIView):
    """A return's photo, to the order's owner or staff with orders.view_order; 404 for anyone else."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=TAGS, responses={(200, "image/*"): OpenApiResponse(description="The photo."), 404: None})
    def get(self, request: Request, pk: int, rid: int, n: int) -> FileResponse:
        qs = ReturnRequest.objects.filter(pk=rid, order_id=pk)
        user = request.user
        if not (user.is_staff and user.has_perm("orders.view_order")):
            qs = qs.filter(order__user=cast("User", user))
        found = qs.first()
        photo = found.photos.filter(position=n).first() if found else None
        if photo is None:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such photo.")
        response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
        response["Content-Disposition"] = f'inline; filename="return-{rid}-{n}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
