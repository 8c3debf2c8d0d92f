from django.contrib import admin

from catalog.models import Brand, Category, Product, ProductImage, ProductVariant, Review


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_path", "slug", "position"]
    list_filter = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class VariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    fields = ["sku", "ram_gb", "storage_gb", "color", "color_hex", "price", "mrp", "stock", "is_active"]


class ImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["image", "color", "alt", "position", "width", "height"]
    readonly_fields = ["width", "height"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["title", "brand", "category", "hsn_code", "gst_rate", "is_5g", "popularity", "is_active"]
    list_filter = ["is_active", "is_5g", "imei_required", "gst_rate", "brand", "category"]
    search_fields = ["title", "slug", "variants__sku"]
    list_select_related = ["brand", "category"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["rating", "review_count", "created_at", "updated_at"]
    inlines = [VariantInline, ImageInline]
    date_hierarchy = "launch_date"


@admin.register(ProductVariant)
class ProductVariantAdmin(admin.ModelAdmin):
    list_display = ["sku", "product", "ram_gb", "storage_gb", "color", "price", "mrp", "stock", "is_active"]
    list_filter = ["is_active", "ram_gb", "storage_gb", "product__brand"]
    search_fields = ["sku", "product__title", "color"]
    list_select_related = ["product"]
    autocomplete_fields = ["product"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["product", "user", "rating", "title", "created_at"]
    list_filter = ["rating", "created_at"]
    search_fields = ["title", "body", "product__title", "user__email"]
    list_select_related = ["product", "user"]
    raw_id_fields = ["product", "user"]
