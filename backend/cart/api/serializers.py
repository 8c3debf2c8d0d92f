from django.conf import settings
from rest_framework import serializers

from cart import estimates, services
from cart.pricing import free_shipping_threshold
from catalog.models import variant_label
from core.money import MONEY
from core.openapi import SchemaConstraints
from core.serializers import StrictCharField, StrictInputMixin, StrictUUIDField


def _picture(variant):
    """The product picture of the variant's colour, else its first; None without one."""
    images = list(variant.product.images.all())
    chosen = next((i for i in images if i.color == variant.color), None) or next(iter(images), None)
    return chosen if chosen is not None and chosen.image else None


def _image_url(variant):
    picture = _picture(variant)
    if picture is None:
        return None
    url = picture.image.url
    return url if url.startswith("http") else f"{settings.PUBLIC_API_URL}{url}"


class CartVariantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    ram_gb = serializers.IntegerField()
    storage_gb = serializers.IntegerField()
    color = serializers.CharField()
    color_hex = serializers.CharField()
    # The stubs see Field.label; DRF's metaclass moves declared fields off the class, so nothing clashes.
    label = serializers.SerializerMethodField()  # type: ignore[assignment]
    product_id = serializers.IntegerField(source="product.id")
    product_title = serializers.CharField(source="product.title")
    product_slug = serializers.CharField(source="product.slug")
    brand = serializers.CharField(source="product.brand.name")
    image = serializers.SerializerMethodField()
    image_width = serializers.SerializerMethodField(help_text="Pixels, for the page's layout; null without a picture.")
    image_height = serializers.SerializerMethodField()

    def get_label(self, variant) -> str:
        return variant_label(variant)

    def get_image(self, variant) -> str | None:
        return _image_url(variant)

    def get_image_width(self, variant) -> int | None:
        picture = _picture(variant)
        return picture.width if picture else None

    def get_image_height(self, variant) -> int | None:
        picture = _picture(variant)
        return picture.height if picture else None


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.id")
    variant = CartVariantSerializer(source="line.variant")
    quantity = serializers.IntegerField(source="line.quantity")
    unit_price = serializers.DecimalField(source="line.unit_price", **MONEY)
    unit_mrp = serializers.DecimalField(source="line.unit_mrp", **MONEY)
    line_total = serializers.DecimalField(source="line.line_total", **MONEY)
    savings = serializers.DecimalField(source="line.savings", **MONEY)
    gst_rate = serializers.DecimalField(source="line.gst_rate", max_digits=4, decimal_places=2)
    gst_amount = serializers.DecimalField(
        source="line.gst_amount", **MONEY, help_text="GST inside what is paid for the line (after its discount)."
    )
    available = serializers.SerializerMethodField(help_text="Still sold (variant and product active).")
    in_stock = serializers.SerializerMethodField(help_text="Enough stock for this line's quantity.")
    max_quantity = serializers.SerializerMethodField(help_text="The most this line can be set to now.")

    def get_available(self, row) -> bool:
        variant = row["line"].variant
        return variant.is_active and variant.product.is_active

    def get_in_stock(self, row) -> bool:
        return row["line"].variant.stock >= row["line"].quantity

    def get_max_quantity(self, row) -> int:
        return min(settings.CART_MAX_QUANTITY_PER_ITEM, row["line"].variant.stock)

    discount = serializers.DecimalField(
        source="line.discount", **MONEY, help_text="The line's share of the coupon's discount (0 without one)."
    )


class CartCouponSerializer(serializers.Serializer):
    code = serializers.CharField()
    applied = serializers.BooleanField(help_text="False: the coupon stopped applying (see message); no discount.")
    discount = serializers.DecimalField(**MONEY)
    message = serializers.CharField(help_text="What to show: the saving, or why the coupon no longer applies.")
    error_code = serializers.CharField(allow_null=True, help_text="Why it stopped applying (a coupon_* code).")


class CartSerializer(serializers.Serializer):
    token = serializers.UUIDField(allow_null=True, help_text="Guest carts only: send back as X-Cart-Token.")
    currency = serializers.CharField()
    items = CartLineSerializer(many=True)
    item_count = serializers.IntegerField()
    subtotal = serializers.DecimalField(**MONEY)
    mrp_total = serializers.DecimalField(**MONEY)
    savings = serializers.DecimalField(**MONEY)
    shipping_fee = serializers.DecimalField(**MONEY)
    free_shipping_threshold = serializers.DecimalField(**MONEY)
    gst_total = serializers.DecimalField(**MONEY, help_text="GST contained in the GST-inclusive prices.")
    total = serializers.DecimalField(**MONEY)
    total_in_currencies = serializers.DictField(
        child=serializers.CharField(),
        help_text="The total in each currency Stripe can charge now, as that charge "
        'would round it (e.g. {"USD": "12.04", "JPY": "1450"}); {} without Stripe. The charge itself is '
        "converted again at payment.",
    )
    max_quantity_per_item = serializers.IntegerField()
    can_checkout = serializers.BooleanField()
    discount_total = serializers.DecimalField(**MONEY, help_text="The coupon's discount; total already has it off.")
    coupon = CartCouponSerializer(allow_null=True, help_text="The applied coupon, or null without one.")


def cart_payload(cart, items, priced, coupon=None) -> dict:
    rows = [{"item": item, "line": line} for item, line in zip(items, priced.lines, strict=True)]
    can_checkout = bool(rows) and all(
        r["line"].variant.is_active
        and r["line"].variant.product.is_active
        and r["line"].variant.stock >= r["line"].quantity
        for r in rows
    )
    return {
        "token": cart.token if cart is not None and cart.is_guest else None,
        "currency": priced.currency,
        "items": rows,
        "item_count": priced.item_count,
        "subtotal": priced.subtotal,
        "mrp_total": priced.mrp_total,
        "savings": priced.savings,
        "shipping_fee": priced.shipping_fee,
        "free_shipping_threshold": free_shipping_threshold(),
        "gst_total": priced.gst_total,
        "total": priced.total,
        "total_in_currencies": estimates.in_other_currencies(priced.total) if rows else {},
        "max_quantity_per_item": settings.CART_MAX_QUANTITY_PER_ITEM,
        "can_checkout": can_checkout,
        "discount_total": priced.discount_total,
        "coupon": coupon,
    }


class QuantityField(SchemaConstraints, serializers.IntegerField):
    """A line's quantity. cart.services checks its bounds (400 invalid_quantity, also when an addition
    takes the line past the maximum), so the field leaves them to it; the schema states them."""

    def openapi_constraints(self):
        return {"minimum": 1, "maximum": services.max_quantity()}


class AddItemSerializer(StrictInputMixin, serializers.Serializer):
    variant = serializers.IntegerField(min_value=1)
    quantity = QuantityField(default=1, help_text="Added to the quantity already in the cart, if any.")


class UpdateItemSerializer(SchemaConstraints, StrictInputMixin, serializers.Serializer):
    """Set a cart line's quantity."""

    quantity = QuantityField(help_text="The line's new quantity.")

    def openapi_constraints(self):
        # drf-spectacular takes every PATCH body for a partial update; this one sets the whole line.
        return {"required": [name for name, field in self.fields.items() if field.required]}


class ApplyCouponSerializer(StrictInputMixin, serializers.Serializer):
    code = StrictCharField(max_length=32, trim_whitespace=True, help_text="Any spelling: matched ignoring case.")


class MergeSerializer(StrictInputMixin, serializers.Serializer):
    token = StrictUUIDField(required=False, help_text="The guest cart token; the X-Cart-Token header works too.")
