"""Staff API for reports: the console's Today (dashboard) and Reports (sales over a range, as JSON or CSV). Figures
come from staff.reports (SQL aggregates)."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.response import Response
from rest_framework.views import APIView

from core.money import MONEY
from core.serializers import StrictInputMixin
from orders.models import OrderStatus
from staff import reports, roles
from staff.api.views import ERRORS, INVALID, TAGS, StaffView
from staff.permissions import perms


def amount(help_text: str) -> serializers.DecimalField:
    """INR, two decimals, with room for sums of many order totals."""
    return serializers.DecimalField(
        max_digits=MONEY["max_digits"] + 2, decimal_places=MONEY["decimal_places"], help_text=help_text
    )


class PresentIntegerField(serializers.IntegerField):
    """A query parameter that is present must be a number: ?days= is a 400, not the default (DRF's form handling)."""

    def get_value(self, dictionary):
        return dictionary.get(self.field_name, empty)


class DashboardQuerySerializer(StrictInputMixin, serializers.Serializer):
    days = PresentIntegerField(
        required=False,
        default=reports.DEFAULT_DAYS,
        min_value=1,
        max_value=reports.MAX_DAYS,
        help_text="How many Indian days the charts cover, today included.",
    )


class WindowSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    since = serializers.DateField(help_text="The first day (Asia/Kolkata).")
    until = serializers.DateField(help_text="The last day, today (Asia/Kolkata).")


class ReturnsWaitingSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField()
    count = serializers.IntegerField()


class LowStockVariantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    product_title = serializers.CharField()
    product_slug = serializers.CharField()
    ram_gb = serializers.IntegerField()
    storage_gb = serializers.IntegerField()
    color = serializers.CharField()
    stock = serializers.IntegerField()


class LowStockSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(help_text="LOW_STOCK_THRESHOLD: fewer units than this is low.")
    count = serializers.IntegerField(help_text="Every sellable variant below the threshold.")
    variants = LowStockVariantSerializer(
        many=True, help_text=f"The {reports.LOW_STOCK_LISTED} lowest: fewest units first, then by phone."
    )


class QueuesSerializer(serializers.Serializer):
    to_pack = serializers.IntegerField(
        help_text=f"Orders staff may pack: {OrderStatus.PAID} or, cash on delivery, {OrderStatus.CONFIRMED}."
    )
    to_ship = serializers.IntegerField(help_text=f"Orders {OrderStatus.PACKED}, waiting for the carrier's pickup.")
    cod_to_confirm = serializers.IntegerField(
        help_text=f"Cash-on-delivery orders awaiting the shopper's code ({OrderStatus.CONFIRMATION_PENDING})."
    )
    needs_review = serializers.IntegerField(help_text="Orders flagged for review (a payment that did not match).")
    returns_waiting = serializers.IntegerField(help_text="Returns only staff can move on: returns_by_status added up.")
    returns_by_status = ReturnsWaitingSerializer(many=True)
    low_stock = LowStockSerializer()


class SalesFiguresSerializer(serializers.Serializer):
    orders = serializers.IntegerField()
    gross = amount("Order totals, INR (GST, shipping, COD fee in; coupons out).")
    refunds = amount("Processed refunds of those orders, INR.")
    net = amount("gross - refunds.")


class DaySalesSerializer(SalesFiguresSerializer):
    date = serializers.DateField()


class MethodSalesSerializer(SalesFiguresSerializer):
    payment_method = serializers.CharField(help_text="razorpay, stripe, dev or cod.")


class SalesSerializer(serializers.Serializer):
    per_day = DaySalesSerializer(many=True, help_text="Every day of the window, oldest first (zeros included).")
    by_payment_method = MethodSalesSerializer(many=True, help_text="Largest net first.")
    totals = SalesFiguresSerializer()


class BrandSalesSerializer(serializers.Serializer):
    brand = serializers.CharField(allow_null=True, help_text="null: phones since deleted from the catalog.")
    units = serializers.IntegerField()
    value = amount("Line totals less their coupon share, INR, GST included.")


class CancellationsSerializer(serializers.Serializer):
    placed = serializers.IntegerField(help_text="Orders placed in the window and paid, or (COD) confirmed.")
    cancelled = serializers.IntegerField(help_text="Of those, cancelled since.")
    returned = serializers.IntegerField(help_text="Of those, with a return (not rejected).")
    cancelled_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    returned_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class DashboardSerializer(serializers.Serializer):
    window = WindowSerializer()
    queues = QueuesSerializer(help_text="Counted at every request.")
    charts_cached_for_seconds = serializers.IntegerField()
    computed_at = serializers.DateTimeField(help_text="When the charts' figures (sales, by_brand, cancellations) were.")
    sales = SalesSerializer()
    by_brand = BrandSalesSerializer(many=True, help_text="Best-selling brand first.")
    cancellations = CancellationsSerializer()


@extend_schema(
    tags=TAGS,
    parameters=[DashboardQuerySerializer],
    responses={200: DashboardSerializer, 400: INVALID, **ERRORS},
)
class DashboardView(StaffView, APIView):
    """The staff console's Today (staff and admin). **Queues**, counted at every request: orders to pack (PAID, or
    COD CONFIRMED), to hand to the carrier (PACKED), COD orders awaiting the shopper's code (CONFIRMATION_PENDING),
    orders flagged for review, returns only staff can move on (requested: decide; received: inspect), and sellable
    variants below LOW_STOCK_THRESHOLD units. **Charts** of the last `days` Indian (Asia/Kolkata) days, cached for
    60 seconds: sales per day and per payment method, sales by brand, cancellations and returns.

    A sale is an order whose money came in, on the day it came in: paid up front, from PAID on; cash on delivery,
    once DELIVERED (the cash collected). Its order total counts (gross), less its processed refunds (net; a refund of
    a charge in another currency as the same share of the order total, as its credit note); an order cancelled or
    returned later still counts on its day, with its refunds taken off there. `orders` counts those sales.
    by_brand: the phones of those sales, orders since cancelled or refunded whole left out. cancellations: of the
    orders placed in the window and paid or confirmed, how many were cancelled since and how many have a return."""

    required_permissions = perms(roles.VIEW_DASHBOARD, [])
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(DashboardSerializer(reports.dashboard(query.validated_data["days"])).data)


# --- Reports: sales over a chosen range


class SalesQuerySerializer(StrictInputMixin, serializers.Serializer):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD&by=day|brand|variant: whole Indian days, both included."""

    to = serializers.DateField(help_text="The last day (Asia/Kolkata), included; not after today.")
    by = serializers.ChoiceField(
        choices=reports.REPORT_BY, required=False, default="day", help_text="Rows per day, brand or variant."
    )

    def get_fields(self):
        # `from` is a Python keyword: the field is declared here rather than as a class attribute.
        return {
            "from": serializers.DateField(help_text="The first day (Asia/Kolkata), included."),
            **super().get_fields(),
        }

    def validate(self, attrs):
        since, until = attrs["from"], attrs["to"]
        if since > until:
            raise serializers.ValidationError({"from": ["The first day comes after the last."]})
        if until > reports.india_today():
            raise serializers.ValidationError({"to": ["A report ends today at the latest."]})
        if (until - since).days + 1 > reports.MAX_REPORT_DAYS:
            raise serializers.ValidationError({"to": [f"A report covers at most {reports.MAX_REPORT_DAYS} days."]})
        return {"window": reports.Window(since, until), "by": attrs["by"]}


class BrandTotalsSerializer(serializers.Serializer):
    units = serializers.IntegerField()
    value = amount("The rows' values added up, INR.")


class VariantSalesSerializer(serializers.Serializer):
    sku = serializers.CharField(help_text="As on the order lines (frozen at checkout).")
    product_title = serializers.CharField()
    variant_label = serializers.CharField()
    units = serializers.IntegerField()
    value = amount("Line totals less their coupon share, INR, GST included.")


class SalesReportSerializer(serializers.Serializer):
    since = serializers.DateField(source="window.since", help_text="`from`.")
    until = serializers.DateField(source="window.until", help_text="`to`.")
    by = serializers.ChoiceField(choices=reports.REPORT_BY)
    by_day = DaySalesSerializer(many=True, required=False, help_text="by=day: every day, oldest first, zeros too.")
    by_day_totals = SalesFiguresSerializer(required=False)
    by_brand = BrandSalesSerializer(many=True, required=False, help_text="by=brand: best first.")
    by_variant = VariantSalesSerializer(many=True, required=False, help_text="by=variant: best first.")
    goods_totals = BrandTotalsSerializer(required=False, help_text="by=brand or by=variant.")


def _report(query: SalesQuerySerializer) -> dict:
    window, by = query.validated_data["window"], query.validated_data["by"]
    report = reports.sales_report(window, by)
    body: dict = {"window": window, "by": by, f"by_{by}": report["rows"]}
    body["by_day_totals" if by == "day" else "goods_totals"] = report["totals"]
    return body


SALES_DOC = """Sales over a chosen range of Indian (Asia/Kolkata) days, `from` to `to` included (at most 366 days,
ending today at the latest), by day (orders, gross, refunds, net: the Today charts' sale, on the day its money came in),
by brand or by variant (units and value of the phones sold, orders since cancelled or refunded whole left out). Every
figure is an SQL sum of the orders, exact to the paisa; only the rows of the chosen `by` are in the answer."""


@extend_schema(
    tags=TAGS, parameters=[SalesQuerySerializer], responses={200: SalesReportSerializer, 400: INVALID, **ERRORS}
)
class SalesReportView(StaffView, APIView):
    __doc__ = SALES_DOC
    required_permissions = perms(roles.VIEW_DASHBOARD, [])
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        query = SalesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(SalesReportSerializer(_report(query)).data)


@extend_schema(
    tags=TAGS,
    parameters=[SalesQuerySerializer],
    responses={
        (200, "text/csv"): OpenApiResponse(
            response=OpenApiTypes.STR, description="The same rows as the JSON, a header row first, UTF-8."
        ),
        400: INVALID,
        **ERRORS,
    },
)
class SalesReportCsvView(StaffView, APIView):
    """GET /api/staff/reports/sales/'s rows as a CSV file to download (a spreadsheet's cell that would start with
    = + - @ is prefixed with an apostrophe: never read as a formula)."""

    required_permissions = perms(roles.VIEW_DASHBOARD, [])
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        query = SalesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        window, by = query.validated_data["window"], query.validated_data["by"]
        response = HttpResponse(
            reports.sales_csv(by, reports.sales_report(window, by)["rows"]), content_type="text/csv"
        )
        name = f"sales-by-{by}-{window.since.isoformat()}-to-{window.until.isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response
