from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.api.serializers import ProductListSerializer, VariantSerializer
from catalog.models import variant_label
from core.money import MONEY
from core.openapi import SchemaConstraints
from core.serializers import StrictCharField, StrictIdField, StrictInputMixin
from wishlist.models import AlertKind

# A guest's list as the browser kept it, at most this long; the wishlist keeps what fits under its cap.
MERGE_MAX_ENTRIES = 500


class WishlistEntrySerializer(StrictInputMixin, serializers.Serializer):
    product = StrictIdField(help_text="The phone: a product id.")
    variant = StrictIdField(
        required=False,
        allow_null=True,
        help_text="The variant chosen on the product page, remembered with the phone; leave out from a card.",
    )


class WishlistMergeSerializer(StrictInputMixin, serializers.Serializer):
    items = serializers.ListField(
        child=WishlistEntrySerializer(),
        max_length=MERGE_MAX_ENTRIES,
        help_text="The guest's wishlist from the browser, newest first.",
    )


class WishlistItemSerializer(serializers.Serializer):
    """A phone on the wishlist; `product` is a listing row (its price: the cheapest variant on sale)."""

    product = ProductListSerializer()
    variant = serializers.SerializerMethodField(
        help_text="The variant chosen on the product page; null if none was, or it is no longer sold."
    )
    added_at = serializers.DateTimeField(source="created_at")

    @extend_schema_field(VariantSerializer(allow_null=True))
    def get_variant(self, item):
        variant = item.variant
        return VariantSerializer(variant).data if variant is not None and variant.is_active else None


class WishlistSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    max_items = serializers.IntegerField(help_text="How many phones the wishlist holds at most.")
    items = WishlistItemSerializer(many=True, help_text="Newest first.")


class PositivePriceField(SchemaConstraints, serializers.DecimalField):
    """A price the shopper saw: rupees above zero, at most two decimals."""

    def __init__(self, **kwargs):
        super().__init__(**MONEY, min_value=Decimal("0.01"), **kwargs)

    def openapi_constraints(self):
        # drf-spectacular's decimal pattern allows a sign and zero; min_value is not stated for a string.
        return {"pattern": r"^(?:0*[1-9]\d{0,9}(?:\.\d{0,2})?|0*\.(?:0[1-9]|[1-9]\d?))$"}


class AlertCreateSerializer(StrictInputMixin, serializers.Serializer):
    variant = StrictIdField()
    kind = serializers.ChoiceField(
        choices=AlertKind.choices,
        help_text="back_in_stock: once, when the variant (out of stock now) can be bought again. price_drop: "
        "whenever it costs less than the price seen (at most one message per variant a day).",
    )
    seen_price = PositivePriceField(
        required=False,
        help_text="price_drop only: the price the page showed (never taken above today's price); today's price "
        "when left out.",
    )


class AlertVariantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    # The stubs see Field.label; DRF's metaclass moves declared fields off the class, so nothing clashes.
    label = serializers.SerializerMethodField()  # type: ignore[assignment]
    price = serializers.DecimalField(**MONEY)
    in_stock = serializers.SerializerMethodField()
    product_id = serializers.IntegerField(source="product.id")
    product_slug = serializers.CharField(source="product.slug")
    product_title = serializers.CharField(source="product.title")

    def get_label(self, variant) -> str:
        return variant_label(variant)

    def get_in_stock(self, variant) -> bool:
        return variant.stock > 0


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AlertKind.choices)
    variant = AlertVariantSerializer()
    seen_price = serializers.DecimalField(
        **MONEY,
        allow_null=True,
        help_text="price_drop: the price to beat (the price seen, then the last price told); null otherwise.",
    )
    created_at = serializers.DateTimeField()
    notified_at = serializers.DateTimeField(allow_null=True, help_text="The last message about it.")


class AlertListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    max_alerts = serializers.IntegerField(help_text="How many alerts a shopper may keep.")
    items = AlertSerializer(many=True, help_text="Newest first.")


class UnsubscribeSerializer(StrictInputMixin, serializers.Serializer):
    token = StrictCharField(max_length=500, help_text="The `token` of the message's unsubscribe link.")


class UnsubscribedSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=[("alert", "alert"), ("all", "all")], help_text="alert: the link's one alert; all: every alert."
    )
    stopped = serializers.IntegerField(help_text="Alerts stopped now (0: they were stopped already).")
    message = serializers.CharField()
