from typing import Any

from rest_framework import serializers

from returns import services
from returns.models import Disposition, ReturnOutcome, ReturnReason, ReturnRequest, ReturnUnit


class ReturnRequestJsonSerializer(serializers.Serializer):
    """JSON (no photos): `units` and/or `items`, at least one unit in all."""

    units = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=50)
    items = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=50)
    reason = serializers.ChoiceField(choices=ReturnReason.choices)
    outcome = serializers.ChoiceField(choices=ReturnOutcome.choices)
    details = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    payout_upi = serializers.CharField(max_length=60, required=False, allow_blank=True)
    payout_account = serializers.CharField(max_length=18, required=False, allow_blank=True)
    payout_ifsc = serializers.CharField(max_length=11, required=False, allow_blank=True)


class ReturnRequestInputSerializer(ReturnRequestJsonSerializer):
    """multipart/form-data with photos: `units`, `items` and `photos` repeat their key."""

    photos = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False), required=False, max_length=services.MAX_PHOTOS
    )


class ReturnUnitSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="item.product_title")
    variant_label = serializers.CharField(source="item.variant_label")
    imeis = serializers.SerializerMethodField()

    class Meta:
        model = ReturnUnit
        fields = ["id", "item", "unit", "title", "variant_label", "imeis", "amount"]

    def get_imeis(self, row: ReturnUnit) -> list[str]:
        return [i.number for i in row.unit.imeis.all()] if row.unit is not None else []


class ReturnStepSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the step's label, not the field's
    state = serializers.ChoiceField(choices=["done", "current", "upcoming"])
    at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


class ReturnSerializer(serializers.ModelSerializer):
    units = ReturnUnitSerializer(many=True, read_only=True)
    photos = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display")
    rejection_reason = serializers.SerializerMethodField()

    class Meta:
        model = ReturnRequest
        fields = [
            "id",
            "order",
            "status",
            "status_label",
            "reason",
            "details",
            "outcome",
            "resolution",
            "refund_amount",
            "refunded_at_gateway",
            "rejection_reason",
            "pickup_awb",
            "pickup_courier",
            "pickup_tracking_url",
            "replacement_awb",
            "replacement_tracking_url",
            "units",
            "photos",
            "timeline",
            "created_at",
        ]

    def get_photos(self, request: ReturnRequest) -> list[str]:
        return [
            f"/api/orders/{request.order_id}/returns/{request.pk}/photos/{p.position}/" for p in request.photos.all()
        ]

    def get_timeline(self, request: ReturnRequest) -> list[dict[str, Any]]:
        return ReturnStepSerializer(services.timeline(request), many=True).data  # type: ignore[return-value]

    def get_rejection_reason(self, request: ReturnRequest) -> str:
        return request.staff_note if request.status == ReturnRequest.Status.REJECTED else ""


class ReturnableUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(allow_null=True)
    item = serializers.IntegerField()
    title = serializers.CharField()
    variant_label = serializers.CharField()
    imeis = serializers.ListField(child=serializers.CharField())
    quantity = serializers.IntegerField()


class OrderReturnsSerializer(serializers.Serializer):
    window_closes_at = serializers.DateTimeField(allow_null=True)
    can_request = serializers.BooleanField()
    needs_payout = serializers.BooleanField(help_text="Not paid online: a refund goes to a UPI id or bank account.")
    returnable = ReturnableUnitSerializer(many=True)
    reasons = serializers.ListField(child=serializers.CharField())
    results = ReturnSerializer(many=True)


class StaffReturnSerializer(ReturnSerializer):
    staff_note = serializers.CharField()
    payout = serializers.JSONField()

    class Meta(ReturnSerializer.Meta):
        fields = [
            *ReturnSerializer.Meta.fields,
            "staff_note",
            "disposition",
            "payout",
            "payout_reference",
            "pickup_provider",
            "pickup_error",
            "updated_at",
        ]


class StaffReturnStepInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    disposition = serializers.ChoiceField(choices=Disposition.choices, required=False)
    replacement_imeis = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(max_length=20), min_length=1, max_length=2),
        required=False,
        default=list,
    )
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
