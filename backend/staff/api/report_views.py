"""Staff API for reports: the console's Today (dashboard). Figures come from staff.reports (SQL aggregates)."""

from drf_spectacular.utils import extend_schema
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
