"""/api/staff/coupons/: the coupons, read by staff and admins, created and changed by admins; every change
is a coupon_change row in the audit log (coupons.services.save_coupon)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Brand, Category
from core.money import MONEY
from core.serializers import StrictInputMixin
from coupons import services
from coupons.models import Coupon, CouponKind
from coupons.services import COUPON_FIELDS
from staff import roles
from staff.api.views import ERRORS, INVALID, NOT_FOUND, TAGS, StaffView
from staff.permissions import perms


class StaffCouponSerializer(serializers.ModelSerializer):
    uses = serializers.SerializerMethodField(help_text="Live redemptions (orders not cancelled).")

    class Meta:
        model = Coupon
        fields = [
            "id",
            *COUPON_FIELDS,
            "uses",
            "created_at",
            "updated_at",
        ]

    def get_uses(self, coupon) -> int:
        return coupon.redemptions.filter(released_at__isnull=True).count()


class CouponWriteSerializer(StrictInputMixin, serializers.Serializer):
    code = serializers.RegexField(r"^[A-Za-z0-9_-]{3,32}$", help_text="Letters, digits, - and _; stored upper-case.")
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=CouponKind.choices)
    value = serializers.DecimalField(**MONEY, min_value=0)
    max_discount = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True)
    min_subtotal = serializers.DecimalField(**MONEY, min_value=0, required=False)
    valid_from = serializers.DateTimeField(help_text="ISO 8601; without an offset it is Indian time.")
    valid_until = serializers.DateTimeField(required=False, allow_null=True)
    brand = serializers.PrimaryKeyRelatedField(queryset=Brand.objects.all(), required=False, allow_null=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), required=False, allow_null=True)
    max_uses = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    max_uses_per_user = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


@extend_schema(tags=TAGS)
class CouponListView(StaffView, APIView):
    """Every coupon, newest first (GET, staff and admin); POST creates one (admin), audited."""

    required_permissions = perms([roles.VIEW_COUPON], [roles.CHANGE_COUPON])
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(responses={200: StaffCouponSerializer(many=True), **ERRORS})
    def get(self, request):
        coupons = Coupon.objects.order_by("-created_at", "-id")
        return Response(StaffCouponSerializer(coupons, many=True).data)

    @extend_schema(request=CouponWriteSerializer, responses={201: StaffCouponSerializer, 400: INVALID, **ERRORS})
    def post(self, request):
        data = CouponWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        coupon = services.save_coupon(None, actor=request.user, request=request, **data.validated_data)
        return Response(StaffCouponSerializer(coupon).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS)
class CouponDetailView(StaffView, APIView):
    """One coupon (GET); PATCH changes any of its fields (admin), audited. Coupons are switched off
    (is_active false), never deleted: their redemptions are order history."""

    required_permissions = perms([roles.VIEW_COUPON], [roles.CHANGE_COUPON])
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(responses={200: StaffCouponSerializer, 404: NOT_FOUND, **ERRORS})
    def get(self, request, pk: int):
        return Response(StaffCouponSerializer(get_object_or_404(Coupon, pk=pk)).data)

    @extend_schema(
        request=CouponWriteSerializer(partial=True),
        responses={200: StaffCouponSerializer, 400: INVALID, 404: NOT_FOUND, **ERRORS},
    )
    def patch(self, request, pk: int):
        data = CouponWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        coupon = services.save_coupon(pk, actor=request.user, request=request, **data.validated_data)
        return Response(StaffCouponSerializer(coupon).data)
