from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import Brand, Product, ProductImage, ProductVariant, Review, discount_percent
from core.serializers import StrictCharField, StrictModelSerializer


def absolute_media_url(file_field) -> str:
    url = file_field.url
    return url if url.startswith(("http://", "https://")) else f"{settings.PUBLIC_API_URL}{url}"


class BrandRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProductImage
        fields = ["url", "width", "height", "alt", "color"]

    def get_url(self, image) -> str:
        return absolute_media_url(image.image)


class ThumbnailSerializer(serializers.Serializer):
    url = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


def pick_image(images, color: str | None):
    """The picture of the shown variant's colour, else the first one."""
    if not images:
        return None
    for image in images:
        if color and image.color.lower() == color.lower():
            return image
    return images[0]


class ProductListSerializer(serializers.ModelSerializer):
    """One listing row. Search hits use the same shape, so the storefront has one ProductCard.
    Expects the rows prepared by catalog.selectors.with_listing_rows."""

    brand = BrandRefSerializer()
    category_path = serializers.CharField(source="category.name_path")
    price = serializers.SerializerMethodField()
    mrp = serializers.SerializerMethodField()
    discount_percent = serializers.SerializerMethodField()
    rating = serializers.FloatField()
    available = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()
    ram_options = serializers.SerializerMethodField()
    storage_options = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "title",
            "brand",
            "category_path",
            "price",
            "mrp",
            "discount_percent",
            "rating",
            "review_count",
            "available",
            "thumbnail",
            "ram_options",
            "storage_options",
            "is_5g",
        ]

    def to_representation(self, product) -> dict[str, Any]:
        """The fields above, read straight off the row (a page renders 24 of them: DRF's walk field by field
        cost more than the row's data). Field for field what the declared fields give (tests compare)."""
        variant = self._shown_variant(product)
        return {
            "id": product.id,
            "slug": product.slug,
            "title": product.title,
            "brand": {"slug": product.brand.slug, "name": product.brand.name},
            "category_path": product.category.name_path,
            "price": f"{variant.price:.2f}" if variant else None,
            "mrp": f"{variant.mrp:.2f}" if variant else None,
            "discount_percent": discount_percent(variant.price, variant.mrp) if variant else 0,
            "rating": float(product.rating),
            "review_count": product.review_count,
            "available": self.get_available(product),
            "thumbnail": self.get_thumbnail(product),
            "ram_options": self.get_ram_options(product),
            "storage_options": self.get_storage_options(product),
            "is_5g": product.is_5g,
        }

    @staticmethod
    def _shown_variant(product) -> ProductVariant | None:
        matching = product.matching_variants
        return matching[0] if matching else None

    def get_price(self, product) -> str | None:
        variant = self._shown_variant(product)
        return f"{variant.price:.2f}" if variant else None

    def get_mrp(self, product) -> str | None:
        variant = self._shown_variant(product)
        return f"{variant.mrp:.2f}" if variant else None

    def get_discount_percent(self, product) -> int:
        variant = self._shown_variant(product)
        return discount_percent(variant.price, variant.mrp) if variant else 0

    def get_available(self, product) -> bool:
        return any(v.stock > 0 for v in product.matching_variants)

    @extend_schema_field(ThumbnailSerializer(allow_null=True))
    def get_thumbnail(self, product):
        variant = self._shown_variant(product)
        image = pick_image(product.image_list, variant.color if variant else None)
        if image is None:
            return None
        return {"url": absolute_media_url(image.image), "width": image.width, "height": image.height}

    def get_ram_options(self, product) -> list[int]:
        return sorted({v.ram_gb for v in product.active_variants})

    def get_storage_options(self, product) -> list[int]:
        return sorted({v.storage_gb for v in product.active_variants})


class VariantSerializer(serializers.ModelSerializer):
    discount_percent = serializers.IntegerField(read_only=True)
    in_stock = serializers.SerializerMethodField()

    class Meta:
        model = ProductVariant
        fields = [
            "id",
            "sku",
            "ram_gb",
            "storage_gb",
            "color",
            "color_hex",
            "price",
            "mrp",
            "discount_percent",
            "stock",
            "in_stock",
        ]

    def get_in_stock(self, variant) -> bool:
        return variant.stock > 0


class CategoryRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class BreadcrumbSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class SpecsSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = [
            "battery_mah",
            "main_camera_mp",
            "camera_summary",
            "display",
            "display_size_in",
            "processor",
            "os",
            "is_5g",
            "weight_g",
            "launch_date",
        ]


class ProductDetailSerializer(serializers.ModelSerializer):
    brand = BrandRefSerializer()
    category = CategoryRefSerializer()
    category_path = serializers.CharField(source="category.name_path")
    breadcrumbs = BreadcrumbSerializer(many=True, read_only=True)
    specs = SpecsSerializer(source="*")
    rating = serializers.FloatField()
    price = serializers.SerializerMethodField()
    mrp = serializers.SerializerMethodField()
    discount_percent = serializers.SerializerMethodField()
    available = serializers.SerializerMethodField()
    variants = VariantSerializer(source="active_variants", many=True)
    images = ImageSerializer(source="image_list", many=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "slug",
            "title",
            "brand",
            "category",
            "category_path",
            "breadcrumbs",
            "description",
            "specs",
            "rating",
            "review_count",
            "price",
            "mrp",
            "discount_percent",
            "available",
            "is_5g",
            "launch_date",
            "updated_at",
            "variants",
            "images",
        ]

    @staticmethod
    def _cheapest(product):
        return product.active_variants[0] if product.active_variants else None

    def get_price(self, product) -> str | None:
        variant = self._cheapest(product)
        return f"{variant.price:.2f}" if variant else None

    def get_mrp(self, product) -> str | None:
        variant = self._cheapest(product)
        return f"{variant.mrp:.2f}" if variant else None

    def get_discount_percent(self, product) -> int:
        variant = self._cheapest(product)
        return variant.discount_percent if variant else 0

    def get_available(self, product) -> bool:
        return any(v.stock > 0 for v in product.active_variants)


class CategoryNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    path = serializers.CharField()
    category_path = serializers.CharField()
    product_count = serializers.IntegerField(help_text="Active phones in it and its sub-categories.")

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = CategoryNodeSerializer(many=True)  # the same shape, all the way down
        return fields


class BrandSerializer(serializers.ModelSerializer):
    product_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Brand
        fields = ["id", "name", "slug", "product_count"]


class ReviewSerializer(StrictModelSerializer):
    author = serializers.SerializerMethodField()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = StrictCharField(max_length=120, trim_whitespace=True)
    body = StrictCharField(max_length=5000, allow_blank=True, required=False, default="")

    class Meta:
        model = Review
        fields = ["id", "rating", "title", "body", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]

    def get_author(self, review) -> str:
        first = (review.user.full_name or "").split(" ")[0]
        return first or "Customer"


class FacetsSerializer(serializers.Serializer):
    brand = serializers.DictField(child=serializers.IntegerField())
    ram = serializers.DictField(child=serializers.IntegerField())
    storage = serializers.DictField(child=serializers.IntegerField())
    color = serializers.DictField(child=serializers.IntegerField())
    is_5g = serializers.DictField(child=serializers.IntegerField())


class PriceRangeSerializer(serializers.Serializer):
    min = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    max = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
