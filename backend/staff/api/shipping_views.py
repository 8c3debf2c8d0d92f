"""Staff API for the parcels' paperwork: an order's shipping label, and the day's pickup manifests
(shipping.documents does the work; these views read the request and shape the answer)."""

import io

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core import private_files
from core.serializers import StrictInputMixin
from core.views import FileAnswerView
from shipping import documents
from shipping.models import Manifest, Shipment
from shipping.providers.base import cod_to_collect
from staff import roles
from staff.api.views import ERRORS, INVALID, NOT_FOUND, TAGS, StaffView
from staff.permissions import perms

PDF = OpenApiResponse(OpenApiTypes.BINARY, description="The PDF, as an attachment; its SHA-256 in X-Content-SHA256.")
CARRIER = {
    502: OpenApiResponse(description="carrier_refused: the carrier answered without the document."),
    503: OpenApiResponse(description="carrier_unavailable: the carrier cannot be reached now (Retry-After)."),
}


def pdf_attachment(body: bytes, filename: str) -> FileResponse:
    response = FileResponse(io.BytesIO(body), content_type="application/pdf", as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = private_files.sha256_of(body)
    return response


class PdfView(StaffView, FileAnswerView):
    http_method_names = ["get", "head", "options"]


class OrderLabelView(PdfView):
    """The order's shipping label (PDF attachment label-<AWB>.pdf): the carrier's, asked for once and then reprinted
    from the stored copy. 404 awb_not_assigned while the order has no booked shipment."""

    required_permissions = perms([roles.VIEW_ORDER, roles.VIEW_SHIPMENT], [])

    @extend_schema(
        tags=TAGS,
        operation_id="staff_order_label",
        responses={
            (200, "application/pdf"): PDF,
            404: OpenApiResponse(description="not_found (no such order) or awb_not_assigned (not booked yet)."),
            409: OpenApiResponse(description="shipment_cancelled: a cancelled parcel has no label."),
            **CARRIER,
            **ERRORS,
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        shipment, body = documents.order_label(pk, actor=request.user, request=request)
        return pdf_attachment(body, documents.label_file_name(shipment))


class ManifestShipmentSerializer(serializers.ModelSerializer):
    order_id = serializers.IntegerField()
    order_number = serializers.CharField(source="order.number")
    cod_amount = serializers.SerializerMethodField(help_text="Cash the courier collects (0.00 when prepaid).")

    class Meta:
        model = Shipment
        fields = ["id", "order_id", "order_number", "awb", "courier", "weight_kg", "cod_amount"]

    def get_cod_amount(self, shipment: Shipment) -> str:
        return f"{cod_to_collect(shipment.order):.2f}"


class ManifestSerializer(serializers.ModelSerializer):
    created_by = serializers.EmailField(source="created_by.email", allow_null=True, default=None)

    class Meta:
        model = Manifest
        fields = [
            "id",
            "provider",
            "date",
            "shipment_count",
            "cod_count",
            "cod_total",
            "file_sha256",
            "carrier_url",
            "created_by",
            "created_at",
        ]


class ManifestDetailSerializer(ManifestSerializer):
    shipments = ManifestShipmentSerializer(many=True, read_only=True)

    class Meta(ManifestSerializer.Meta):
        fields = [*ManifestSerializer.Meta.fields, "shipments"]


class ManifestCreateSerializer(StrictInputMixin, serializers.Serializer):
    date = serializers.DateField(
        required=False, input_formats=["%Y-%m-%d"], help_text="The pickup day (default today, Asia/Kolkata)."
    )


class PendingPickupsSerializer(serializers.Serializer):
    date = serializers.DateField()
    provider = serializers.CharField()
    count = serializers.IntegerField(help_text="Booked parcels awaiting pickup in no manifest yet.")
    cod_count = serializers.IntegerField()
    cod_total = serializers.DecimalField(max_digits=14, decimal_places=2)
    manifest_id = serializers.IntegerField(allow_null=True, help_text="The day's manifest, when it is made.")


def _manifests():
    return Manifest.objects.select_related("created_by")


@extend_schema_view(
    get=extend_schema(tags=TAGS, responses={200: ManifestSerializer(many=True), 400: INVALID, **ERRORS}),
    post=extend_schema(
        tags=TAGS,
        request=ManifestCreateSerializer,
        responses={
            201: ManifestDetailSerializer,
            400: INVALID,
            409: OpenApiResponse(description="manifest_exists (one per carrier and day) or nothing_to_manifest."),
            **CARRIER,
            **ERRORS,
        },
    ),
)
class ManifestListView(StaffView, generics.ListAPIView):
    """The pickup manifests, newest day first. POST makes the day's manifest with the configured carrier (audited
    manifest_created): its parcels booked by that day and awaiting pickup in no manifest yet."""

    required_permissions = perms([roles.VIEW_MANIFEST], [roles.ADD_MANIFEST])
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = ManifestSerializer

    def get_queryset(self):
        return _manifests()

    def post(self, request: Request) -> Response:
        data = ManifestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        manifest = documents.create_manifest(data.validated_data.get("date"), actor=request.user, request=request)
        return Response(ManifestDetailSerializer(_detail(manifest.pk)).data, status=201)


def _detail(pk: int) -> Manifest:
    return get_object_or_404(_manifests().prefetch_related("shipments__order"), pk=pk)


@extend_schema(tags=TAGS, responses={200: PendingPickupsSerializer, **ERRORS})
class PendingPickupsView(StaffView, APIView):
    """Today's pickups (Asia/Kolkata) with the configured carrier: what a manifest made now would hold."""

    required_permissions = perms([roles.VIEW_MANIFEST], [])
    http_method_names = ["get", "head", "options"]

    def get(self, request: Request) -> Response:
        return Response(PendingPickupsSerializer(documents.pending_pickups()).data)


@extend_schema(tags=TAGS, responses={200: ManifestDetailSerializer, 404: NOT_FOUND, **ERRORS})
class ManifestDetailView(StaffView, APIView):
    """One manifest with its parcels (order, AWB, courier, weight, cash to collect)."""

    required_permissions = perms([roles.VIEW_MANIFEST], [])
    http_method_names = ["get", "head", "options"]

    def get(self, request: Request, pk: int) -> Response:
        return Response(ManifestDetailSerializer(_detail(pk)).data)


class ManifestFileView(PdfView):
    """The manifest's PDF (attachment manifest-<carrier>-<date>.pdf), served while it matches its hash."""

    required_permissions = perms([roles.VIEW_MANIFEST], [])

    @extend_schema(
        tags=TAGS,
        operation_id="staff_manifest_file",
        responses={
            (200, "application/pdf"): PDF,
            404: NOT_FOUND,
            500: OpenApiResponse(description="The stored file no longer matches its hash."),
            **ERRORS,
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        manifest = get_object_or_404(Manifest, pk=pk)
        return pdf_attachment(documents.manifest_pdf(manifest), documents.manifest_file_name(manifest))
