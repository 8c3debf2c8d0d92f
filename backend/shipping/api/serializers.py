from rest_framework import serializers

from accounts.validators import pincode_validator
from shipping.models import Shipment, TrackingEvent


class EstimateQuerySerializer(serializers.Serializer):
    pincode = serializers.CharField(
        max_length=6, validators=[pincode_validator], help_text="6-digit Indian pincode, not starting with 0."
    )
    variant = serializers.IntegerField(
        required=False, min_value=1, help_text="The phone variant (on sale), for the parcel's weight."
    )


class EstimateSerializer(serializers.Serializer):
    pincode = serializers.CharField()
    min_days = serializers.IntegerField()
    max_days = serializers.IntegerField()
    eta_date = serializers.DateField(help_text="The latest expected delivery day (YYYY-MM-DD), in India time.")
    provider = serializers.ChoiceField(
        choices=["mock", "shiprocket"],
        help_text="Who estimated: shiprocket, or mock (no carrier configured, or it did not answer).",
    )
    zone = serializers.CharField(help_text="mock: local, metro, state, national, remote; shiprocket: its zone code.")
    courier = serializers.CharField()


class ShipmentSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    tracking_url = serializers.SerializerMethodField()

    class Meta:
        model = Shipment
        fields = [
            "awb",
            "courier",
            "status",
            "status_label",
            "eta_date",
            "tracking_url",
            "provider",
            "shipped_at",
            "delivered_at",
        ]

    def get_tracking_url(self, shipment) -> str | None:
        return shipment.tracking_url or None


class TrackingEventSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = TrackingEvent
        fields = ["status", "label", "description", "location", "occurred_at"]

    def get_status(self, event) -> str:
        """Our status (ShipmentStatus), or the carrier's label when it is not one we map."""
        return event.status or event.label


class TrackingSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    status = serializers.CharField(help_text="The order's status.")
    shipment = ShipmentSerializer(allow_null=True, help_text="null until the parcel is booked with a carrier.")
    events = TrackingEventSerializer(many=True, help_text="Oldest first.")


class WebhookAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["applied", "duplicate", "unknown_awb", "ignored", "error"])
