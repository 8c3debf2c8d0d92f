"""/api/staff/...: role-checked endpoints for running the shop. Anonymous 401, customers 403."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.roles import role_of
from audit.models import AuditLog
from catalog.models import ProductVariant
from core.errors import ApplicationError, CommonErrorCode, error_body
from core.views import FileAnswerView
from invoicing import gstr1
from invoicing import selectors as invoices
from invoicing.http import pdf_response
from invoicing.models import DocumentKind
from orders import units
from orders.models import Order, OrderTransition
from orders.selectors import units_prefetch
from staff import catalog_csv, roles, selectors, services, variant_edits
from staff.api.serializers import (
    AuditLogSerializer,
    CatalogImportReportSerializer,
    CatalogImportSerializer,
    Gstr1QuerySerializer,
    Gstr1Serializer,
    OrderMoveSerializer,
    RecordUnitsSerializer,
    RefundSerializer,
    RoleSerializer,
    SoldUnitSerializer,
    StaffOrderDetailSerializer,
    StaffOrderSerializer,
    StaffVariantSerializer,
    StaleVariantSerializer,
    UnitLookupSerializer,
    UserRoleSerializer,
    VariantBulkResultSerializer,
    VariantBulkSerializer,
    VariantUpdateSerializer,
)
from staff.error_codes import StaffErrorCode
from staff.filters import AuditLogFilter, OrderFilter, VariantFilter
from staff.permissions import StaffPermission, perms

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass  # the stubs' name for what a view may list

INVALID = OpenApiResponse(description='Invalid input: {"error": {"code", "message", "fields"}}.')
UNAUTHENTICATED = OpenApiResponse(description="No valid access token.")
FORBIDDEN = OpenApiResponse(description="Signed in without the staff role or permission this needs.")
NOT_FOUND = OpenApiResponse(description="No such object.")
ERRORS = {401: UNAUTHENTICATED, 403: FORBIDDEN}
TAGS = ["staff"]


class StaffView:
    # Declared as APIView declares it: mypy wants one type for an attribute both bases of a view define.
    permission_classes: "Sequence[_PermissionClass]" = [StaffPermission]
    required_permissions: dict[str, list[str]] = {}


@extend_schema_view(
    get=extend_schema(tags=TAGS, responses={200: StaffVariantSerializer(many=True), 400: INVALID, **ERRORS})
)
class VariantListView(StaffView, generics.ListAPIView):
    """Variants with price, MRP and stock; filter by SKU/title, product, low stock."""

    required_permissions = perms([roles.VIEW_VARIANT])
    serializer_class = StaffVariantSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = VariantFilter
    queryset = ProductVariant.objects.select_related("product__brand").order_by("product__title", "id")


STALE = OpenApiResponse(
    response=StaleVariantSerializer,
    description="stale_version: the variant changed since the version sent; `current` is the variant as it is now.",
)


def _variants():
    return ProductVariant.objects.select_related("product__brand")


@extend_schema_view(
    get=extend_schema(tags=TAGS, responses={200: StaffVariantSerializer, 404: NOT_FOUND, **ERRORS}),
    patch=extend_schema(
        tags=TAGS,
        request=VariantUpdateSerializer,
        responses={200: StaffVariantSerializer, 400: INVALID, 404: NOT_FOUND, 409: STALE, **ERRORS},
    ),
)
class VariantDetailView(StaffView, APIView):
    """One variant. PATCH changes its price, MRP and/or stock, from the version read (optimistic concurrency);
    every change is in the audit log."""

    required_permissions = perms([roles.VIEW_VARIANT], [roles.CHANGE_VARIANT])

    def get(self, request, pk: int):
        variant = get_object_or_404(_variants(), pk=pk)
        return Response(StaffVariantSerializer(variant).data)

    def patch(self, request, pk: int):
        serializer = VariantUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        try:
            variant_edits.update_variant(pk, version, actor=request.user, request=request, **changes)
        except variant_edits.StaleVersion as stale:
            current = StaffVariantSerializer(_variants().get(pk=stale.variant.pk)).data
            return Response({**error_body(stale.code, stale.message, stale.fields), "current": current}, status=409)
        return Response(StaffVariantSerializer(_variants().get(pk=pk)).data)


@extend_schema(
    tags=TAGS,
    request=VariantBulkSerializer,
    responses={
        200: VariantBulkResultSerializer,
        400: OpenApiResponse(
            description="Invalid body, or rows refused (price_above_mrp, invalid): nothing changed; `fields` names "
            "each row as variants.<id>[.<field>]."
        ),
        409: OpenApiResponse(description="stale_version: some variants changed since their version; nothing changed."),
        **ERRORS,
    },
)
class VariantBulkView(StaffView, APIView):
    """Set the stock of the selected variants, or change their prices by a percentage (rounded to the paisa, half
    up), in one transaction: all or nothing, each refused row named. At most 500 variants; audited per variant plus
    one variant_bulk_edit entry."""

    required_permissions = perms([roles.CHANGE_VARIANT])
    http_method_names = ["post", "options"]

    def post(self, request):
        serializer = VariantBulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        targets = [(row["id"], row["version"]) for row in serializer.validated_data["variants"]]
        operation = serializer.validated_data["operation"]
        outcomes = variant_edits.bulk_edit(targets, operation, serializer.value(), actor=request.user, request=request)
        variants = _variants().filter(pk__in=[variant_id for variant_id, _ in targets]).order_by("id")
        result = {"changed": sum(1 for outcome in outcomes if outcome.changed), "variants": variants}
        return Response(VariantBulkResultSerializer(result).data)


@extend_schema(
    tags=TAGS,
    responses={(200, "text/csv"): OpenApiTypes.STR, **ERRORS},
)
class CatalogExportView(StaffView, FileAnswerView):
    """Every variant as CSV (id, sku, phone, variant, price, mrp, stock, version): the file the import takes back."""

    required_permissions = perms([roles.VIEW_VARIANT], [])
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        response = HttpResponse(catalog_csv.export_csv(), content_type="text/csv; charset=utf-8")
        name = f"catalog-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


@extend_schema(
    tags=TAGS,
    request={"multipart/form-data": CatalogImportSerializer},
    responses={
        200: CatalogImportReportSerializer,
        400: OpenApiResponse(
            description="import_invalid: an unreadable file, columns missing, too many rows, or (a real run) rows "
            "refused: nothing was imported; `fields` names each as rows.<line>.<field>."
        ),
        413: OpenApiResponse(description="The file is larger than 4 MB."),
        **ERRORS,
    },
)
class CatalogImportView(StaffView, APIView):
    """Import price, MRP and stock from a CSV as exported (at most 20,000 rows, 4 MB). dry_run=true: each row's
    changes (field: old -> new) and errors, nothing written. Otherwise one transaction, all or nothing, by the same
    rules and version checks as an edit; audited per variant plus one catalog_import entry."""

    required_permissions = perms([roles.VIEW_VARIANT], [roles.CHANGE_VARIANT])
    http_method_names = ["post", "options"]
    parser_classes = [MultiPartParser]

    def post(self, request):
        upload = CatalogImportSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        if file.size > catalog_csv.MAX_IMPORT_BYTES:
            message = "The file is larger than 4 MB."
            raise ApplicationError(StaffErrorCode.IMPORT_INVALID, message, fields={"file": [message]})
        try:
            text = file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ApplicationError(
                StaffErrorCode.IMPORT_INVALID, "The file is not UTF-8 text.", fields={"file": ["Not UTF-8."]}
            ) from None
        report = catalog_csv.import_csv(
            text, dry_run=upload.validated_data["dry_run"], actor=request.user, request=request, filename=file.name
        )
        return Response(CatalogImportReportSerializer(report).data)


@extend_schema_view(
    get=extend_schema(tags=TAGS, responses={200: AuditLogSerializer(many=True), 400: INVALID, **ERRORS})
)
class AuditLogListView(StaffView, generics.ListAPIView):
    """The audit log, newest first (admin only). Read-only: there is no way to change or delete a row."""

    required_permissions = perms([roles.VIEW_AUDIT], [])
    http_method_names = ["get", "head", "options"]
    serializer_class = AuditLogSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditLogFilter
    queryset = AuditLog.objects.order_by("-created_at", "-id")


@extend_schema(
    tags=TAGS, request=RoleSerializer, responses={200: UserRoleSerializer, 400: INVALID, 404: NOT_FOUND, **ERRORS}
)
class UserRoleView(StaffView, APIView):
    """Give a user one role (customer, staff or admin); admin only, audited as role_change."""

    required_permissions = perms([roles.MANAGE_ROLES])
    http_method_names = ["get", "put", "head", "options"]

    def _body(self, user):
        return UserRoleSerializer(
            {"id": user.pk, "email": user.email, "role": role_of(user), "is_staff": user.is_staff}
        ).data

    @extend_schema(request=None, responses={200: UserRoleSerializer, 404: NOT_FOUND, **ERRORS})
    def get(self, request, pk: int):
        return Response(self._body(get_object_or_404(User, pk=pk)))

    def put(self, request, pk: int):
        serializer = RoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.set_role(pk, serializer.validated_data["role"], actor=request.user, request=request)
        return Response(self._body(user))


def _orders():
    return (
        Order.objects.select_related("user")
        .prefetch_related(
            "items",
            units_prefetch(),
            "payments",
            "tax_documents",
            Prefetch("transitions", queryset=OrderTransition.objects.order_by("created_at", "id")),
        )
        .order_by("-created_at", "-id")
    )


CONFLICT = OpenApiResponse(
    description="Not a legal move from the order's state (409 illegal_transition), or PACKED before every "
    "unit's IMEI is recorded (409 imei_required)."
)


@extend_schema_view(
    get=extend_schema(tags=TAGS, responses={200: StaffOrderSerializer(many=True), 400: INVALID, **ERRORS})
)
class OrderListView(StaffView, generics.ListAPIView):
    """Every order, newest first, a page at a time; filter by state(s), payment method, review flag, customer, the
    days placed (India) or times, total, and search (q) by number, email, mobile, AWB or IMEI. A bad value is a 400."""

    required_permissions = perms([roles.VIEW_ORDER], [])
    http_method_names = ["get", "head", "options"]
    serializer_class = StaffOrderSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = OrderFilter

    def get_queryset(self):
        return _orders()


@extend_schema_view(get=extend_schema(tags=TAGS, responses={200: StaffOrderDetailSerializer, 404: NOT_FOUND, **ERRORS}))
class OrderDetailView(StaffView, generics.RetrieveAPIView):
    """One order as the console's order page shows it: the list's fields with its parcel and tracking, payments
    and refunds, audit trail, the moves staff may make (next_steps) and the other actions open now (actions)."""

    required_permissions = perms([roles.VIEW_ORDER], [])
    http_method_names = ["get", "head", "options"]
    serializer_class = StaffOrderDetailSerializer

    def get_queryset(self):
        return _orders()


@extend_schema(
    tags=TAGS,
    request=OrderMoveSerializer,
    responses={200: StaffOrderSerializer, 400: INVALID, 404: NOT_FOUND, 409: CONFLICT, **ERRORS},
)
class OrderMoveView(StaffView, APIView):
    """Move an order on: PACKED, SHIPPED (its booked shipment is reported picked up), DELIVERED, CANCELLED
    (stock back, a paid order refunded). Illegal moves are a 409; every move is audited."""

    required_permissions = perms([roles.CHANGE_ORDER])
    http_method_names = ["post", "options"]

    def post(self, request, pk: int):
        serializer = OrderMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.move_order(pk, data["to"], actor=request.user, request=request, note=data["note"])
        return Response(StaffOrderSerializer(_orders().get(pk=pk)).data)


@extend_schema(
    tags=TAGS,
    request=RefundSerializer,
    responses={
        202: StaffOrderSerializer,
        400: INVALID,
        404: NOT_FOUND,
        409: OpenApiResponse(description="Not refundable, or nothing collected."),
        **ERRORS,
    },
)
class OrderRefundView(StaffView, APIView):
    """Refund a delivered (returned) or cancelled order's collected payments through their gateway. The
    order turns REFUNDED when the gateway confirms."""

    required_permissions = perms([roles.VIEW_ORDER], [roles.CHANGE_ORDER, roles.REFUND_ORDER])
    http_method_names = ["post", "options"]

    def post(self, request, pk: int):
        serializer = RefundSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.refund_order(pk, actor=request.user, request=request, reason=serializer.validated_data["reason"])
        return Response(StaffOrderSerializer(_orders().get(pk=pk)).data, status=202)


@extend_schema(
    tags=TAGS,
    request=None,
    responses={
        201: StaffOrderSerializer,
        404: NOT_FOUND,
        409: OpenApiResponse(
            description="Not paid yet, already shipped, IMEIs still to record (imei_required), or the carrier refused."
        ),
        **ERRORS,
    },
)
class OrderShipmentView(StaffView, APIView):
    """Book the order's shipment with the carrier (Shiprocket, or the mock provider): an AWB is assigned
    and a paid order becomes PACKED. Audited as shipment_booked."""

    required_permissions = perms([roles.VIEW_ORDER], [roles.CHANGE_ORDER, roles.ADD_SHIPMENT])
    http_method_names = ["post", "options"]

    def post(self, request, pk: int):
        services.book_shipment(pk, actor=request.user, request=request)
        return Response(StaffOrderSerializer(_orders().get(pk=pk)).data, status=201)


@extend_schema(
    tags=TAGS,
    request=RecordUnitsSerializer,
    responses={
        200: StaffOrderSerializer,
        400: OpenApiResponse(
            description="Invalid body, a wrong number of units or IMEIs (invalid), an IMEI that is not one "
            "(invalid_imei) or is given twice or already sold (duplicate_imei); `fields` names each, e.g. "
            "items.0.units.1.imeis.0."
        ),
        404: NOT_FOUND,
        409: OpenApiResponse(
            description="The order is not PAID (or COD CONFIRMED): IMEIs are recorded before packing "
            "(units_not_editable)."
        ),
        **ERRORS,
    },
)
class OrderUnitsView(StaffView, APIView):
    """Record the units of a paid (or COD confirmed) order's phone lines, each with its IMEI(s), before packing. A
    line named again replaces its units. Once every unit has its IMEIs the order is booked with the carrier and
    packed (as after payment). Audited as imei_recorded."""

    required_permissions = perms([roles.VIEW_ORDER], [roles.CHANGE_ORDER])
    http_method_names = ["post", "options"]

    def post(self, request, pk: int):
        serializer = RecordUnitsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        units.record_units(pk, serializer.lines(), actor=request.user, request=request, source="api")
        return Response(StaffOrderSerializer(_orders().get(pk=pk)).data)


@extend_schema(
    tags=TAGS,
    parameters=[UnitLookupSerializer],
    responses={
        200: SoldUnitSerializer,
        400: OpenApiResponse(description="No imei, or one that cannot be an IMEI (invalid_imei)."),
        404: OpenApiResponse(description="No unit sold carries this IMEI."),
        **ERRORS,
    },
)
class UnitLookupView(StaffView, APIView):
    """The unit sold with this IMEI (the one in circulation, else the newest returned): its order, buyer,
    invoice and dates."""

    required_permissions = perms([roles.VIEW_ORDER], [])
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        query = UnitLookupSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        sold = selectors.sold_unit(query.validated_data["imei"])
        if sold is None:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "No unit sold carries this IMEI.")
        return Response(SoldUnitSerializer(sold).data)


class OrderInvoiceView(StaffView, FileAnswerView):
    """The order's tax invoice (PDF) for the packing table: the same stored, hash-checked file the shopper gets
    at /api/orders/{id}/invoice/ (invoicing.selectors and invoicing.http), here behind the staff role's check."""

    required_permissions = perms([roles.VIEW_ORDER], [])
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        tags=TAGS,
        operation_id="staff_order_invoice_pdf",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The tax invoice's PDF, named like PS-2627-000123.pdf; its SHA-256 in X-Content-SHA256.",
            ),
            404: OpenApiResponse(description="No such order, or it has no tax invoice yet (not_found)."),
            500: OpenApiResponse(description="The stored file no longer matches its hash: logged, never served."),
            **ERRORS,
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        document = invoices.document_for(request.user, pk, DocumentKind.INVOICE)
        if document is None:
            raise ApplicationError(CommonErrorCode.NOT_FOUND, "This order has no tax invoice yet.")
        return pdf_response(document)


@extend_schema(
    tags=TAGS,
    parameters=[Gstr1QuerySerializer],
    responses={200: Gstr1Serializer, 400: INVALID, **ERRORS},
)
class Gstr1View(StaffView, APIView):
    """The month's GSTR-1 in the JSON layout of the GST portal's offline tool (admin only): B2B, B2CL, B2CS,
    CDNR, CDNUR, the HSN summary and the documents issued, from the tax invoices and credit notes issued in
    the month (Indian time). The same file as `manage.py gstr1 --month YYYY-MM`."""

    required_permissions = perms([roles.EXPORT_GST_RETURNS], [])
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        query = Gstr1QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        month = query.validated_data["month"]
        response = Response(gstr1.json_ready(gstr1.gstr1(month)))
        # The console downloads it as a file (through its BFF door, which streams it on unchanged).
        response["Content-Disposition"] = f'attachment; filename="GSTR1-{month:%Y-%m}.json"'
        return response
