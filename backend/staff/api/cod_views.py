"""Staff API for cash on delivery: lift a shopper's COD block; remittances from the carrier and what it still owes."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from payments import cod_services
from staff import roles
from staff.api.views import ERRORS, NOT_FOUND, TAGS, StaffView
from staff.permissions import perms


class CodUnblockSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CodStandingSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    rto_count = serializers.IntegerField()
    blocked = serializers.BooleanField()
    lifted_at = serializers.DateTimeField(allow_null=True)
    lifted_by = serializers.EmailField(source="lifted_by.email", allow_null=True, default=None)


@extend_schema(
    tags=TAGS,
    request=CodUnblockSerializer,
    responses={200: CodStandingSerializer, 404: NOT_FOUND, 409: OpenApiResponse(description="Not blocked."), **ERRORS},
)
class CodUnblockView(StaffView, APIView):
    """Offer cash on delivery again to a shopper blocked after COD_MAX_RTO refused parcels (audited
    cod_unblocked). The refusals stay counted; COD_MAX_RTO more block again."""

    required_permissions = perms([roles.VIEW_COD_STANDING], [roles.LIFT_COD_BLOCK])
    http_method_names = ["post", "options"]

    def post(self, request, pk: int):
        data = CodUnblockSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        standing = cod_services.unblock(pk, actor=request.user, request=request, note=data.validated_data["note"])
        return Response(CodStandingSerializer(standing).data)
