"""/api/staff/returns/: the returns queue and each step staff take (approve, reject, book the pickup again, mark
received, inspect, record a payout). Every step is audited by returns.services."""

from typing import TYPE_CHECKING, cast

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ApplicationError, CommonErrorCode
from returns import services
from returns.api.serializers import StaffReturnSerializer, StaffReturnStepInputSerializer
from returns.api.views import returns_of
from returns.models import ReturnRequest
from staff import roles
from staff.api.views import ERRORS, NOT_FOUND, StaffView
from staff.permissions import perms

if TYPE_CHECKING:
    from accounts.models import User

TAGS = ["staff"]
STEPS = ("approve", "reject", "book-pickup", "received", "inspect", "payout")


def _all() -> QuerySet[ReturnRequest]:
    return ReturnRequest.objects.all().prefetch_related("units__item", "units__unit__imeis", "photos", "transitions")


@extend_schema(
    tags=TAGS,
    parameters=[OpenApiParameter("status", str, description="Only returns in this status.")],
    responses={200: StaffReturnSerializer(many=True), **ERRORS},
)
class StaffReturnListView(StaffView, generics.ListAPIView):
    serializer_class = StaffReturnSerializer
    required_permissions = perms([roles.VIEW_ORDER])

    def get_queryset(self) -> QuerySet[ReturnRequest]:
        qs = _all().order_by("-created_at", "-id")
        status = self.request.query_params.get("status")
        return qs.filter(status=status) if status else qs


@extend_schema(tags=TAGS, responses={200: StaffReturnSerializer, 404: NOT_FOUND, **ERRORS})
class StaffReturnDetailView(StaffView, generics.RetrieveAPIView):
    serializer_class = StaffReturnSerializer
    required_permissions = perms([roles.VIEW_ORDER])

    def get_queryset(self) -> QuerySet[ReturnRequest]:
        return _all()


class StaffReturnStepView(StaffView, APIView):
    required_permissions = perms([roles.VIEW_ORDER], [roles.CHANGE_ORDER, roles.REFUND_ORDER])
    http_method_names = ["post", "options"]

    @extend_schema(
        tags=TAGS,
        request=StaffReturnStepInputSerializer,
        parameters=[OpenApiParameter("step", str, OpenApiParameter.PATH, enum=list(STEPS))],
        responses={
            200: StaffReturnSerializer,
            400: OpenApiResponse(description="invalid (a reason, a disposition, IMEIs or a reference missing)."),
            404: NOT_FOUND,
            409: OpenApiResponse(description="return_step_not_allowed: the return's status does not allow it."),
            **ERRORS,
        },
    )
    def post(self, request: Request, pk: int, step: str) -> Response:
        serializer = StaffReturnStepInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        v, user = serializer.validated_data, cast("User", request.user)
        if not ReturnRequest.objects.filter(pk=pk).exists():
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such return.")
        if step == "approve":
            services.approve(pk, actor=user, note=v["note"])
        elif step == "reject":
            services.reject(pk, actor=user, note=v["note"])
        elif step == "book-pickup":
            services.book_pickup(pk, actor=user)
        elif step == "received":
            services.mark_received(pk, actor=user, note=v["note"])
        elif step == "inspect":
            if "disposition" not in v:
                raise ApplicationError(
                    CommonErrorCode.INVALID, "Restock or write off.", fields={"disposition": ["Required."]}
                )
            services.inspect(
                pk,
                actor=user,
                disposition=v["disposition"],
                note=v["note"],
                replacement_imeis=v["replacement_imeis"],
            )
        elif step == "payout":
            services.record_payout(pk, actor=user, reference=v["reference"])
        else:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No such step.")
        return Response(StaffReturnSerializer(returns_of(ReturnRequest.objects.get(pk=pk).order).get(pk=pk)).data)
