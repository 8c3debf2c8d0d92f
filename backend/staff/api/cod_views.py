"""Staff API for cash on delivery: lift a shopper's COD block; remittances from the carrier and what it still owes."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ApplicationError
from core.parsers import StrictJSONParser
from payments import cod_services, selectors
from payments.error_codes import PaymentErrorCode
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


class RemittanceSerializer(serializers.Serializer):
    utr = serializers.CharField(max_length=40, help_text="The bank transfer's UTR.")
    awbs = serializers.ListField(child=serializers.CharField(max_length=40), min_length=1, max_length=5000)
    received_at = serializers.DateTimeField(required=False, help_text="When the money arrived (default: now).")


class RemittanceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV with the columns awb, amount, utr (a header row).")
    received_at = serializers.DateTimeField(required=False)


class RecordedRemittanceSerializer(serializers.Serializer):
    utr = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    received_at = serializers.DateTimeField()
    awbs = serializers.SerializerMethodField()

    def get_awbs(self, remittance) -> list[str]:
        return [line.awb for line in remittance.lines.all()]


class OutstandingParcelSerializer(serializers.Serializer):
    awb = serializers.CharField(allow_null=True)
    order_id = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    collected_at = serializers.DateTimeField()


class OutstandingSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Delivered COD parcels whose cash the carrier has not remitted.")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="What the carrier still owes.")
    oldest_collected_at = serializers.DateTimeField(allow_null=True)
    parcels = OutstandingParcelSerializer(many=True, help_text="The oldest 100 of them.")


MAX_CSV_BYTES = 2 * 1024 * 1024


@extend_schema(
    tags=TAGS,
    request={"application/json": RemittanceSerializer, "multipart/form-data": RemittanceUploadSerializer},
    responses={
        201: RecordedRemittanceSerializer(many=True),
        400: OpenApiResponse(description="cod_remittance_invalid: fields name each refused AWB, UTR or CSV row."),
        **ERRORS,
    },
)
class CodRemittanceView(StaffView, APIView):
    """Record a remittance from the carrier: JSON `{utr, awbs, received_at}` or a CSV upload (columns awb, amount,
    utr; one remittance per UTR). All or nothing: an unknown AWB, a parcel not COD, not delivered or already
    remitted, or an amount other than the one collected refuses the whole request, naming each entry."""

    required_permissions = perms([roles.VIEW_COD_REMITTANCE], [roles.RECORD_COD_REMITTANCE])
    http_method_names = ["post", "options"]
    parser_classes = [StrictJSONParser, MultiPartParser]

    def post(self, request):
        if request.content_type.startswith("multipart/"):
            upload = RemittanceUploadSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            file = upload.validated_data["file"]
            if file.size > MAX_CSV_BYTES:
                raise ApplicationError(
                    PaymentErrorCode.COD_REMITTANCE_INVALID, "The CSV is too large.", fields={"file": ["At most 2 MB."]}
                )
            try:
                text = file.read().decode("utf-8")
            except UnicodeDecodeError:
                raise ApplicationError(
                    PaymentErrorCode.COD_REMITTANCE_INVALID,
                    "The CSV is not UTF-8 text.",
                    fields={"file": ["Not UTF-8."]},
                ) from None
            entries = cod_services.parse_remittance_csv(text)
            received_at = upload.validated_data.get("received_at") or timezone.now()
        else:
            data = RemittanceSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            utr = data.validated_data["utr"].strip()
            entries = [cod_services.RemittanceEntry(awb=awb.strip(), utr=utr) for awb in data.validated_data["awbs"]]
            received_at = data.validated_data.get("received_at") or timezone.now()
        recorded = cod_services.record_remittances(
            entries, received_at=received_at, actor=request.user, request=request
        )
        return Response(RecordedRemittanceSerializer(recorded, many=True).data, status=201)


@extend_schema(tags=TAGS, responses={200: OutstandingSerializer, **ERRORS})
class CodOutstandingView(StaffView, APIView):
    """What the carrier still owes: delivered COD parcels whose cash is not remitted (sums in SQL)."""

    required_permissions = perms([roles.VIEW_COD_REMITTANCE], [])
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        return Response(OutstandingSerializer(selectors.cod_outstanding()).data)
