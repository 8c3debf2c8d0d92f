from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

PATH_SEPARATOR = " > "
PHONE_HSN = "85171300"  # Telephones for cellular networks (smartphones), GST 18%
hsn_validator = RegexValidator(r"^(\d{4}|\d{6}|\d{8})$", "An HSN code has 4, 6 or 8 digits.")


class Brand(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A node of the category tree. `path` (slugs) and `name_path` (names) are materialised on save
    so that "this category and everything below it" is one indexed prefix match."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    path = models.CharField(max_length=500, editable=False, db_index=True)
    name_path = models.CharField(max_length=500, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name_path or self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        old_path = None
        if self.pk:
            old_path = Category.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        parent = self.parent
        if parent is not None:
            if parent.pk == self.pk or (old_path and parent.path.startswith(old_path + "/")):
                raise ValueError("A category cannot be moved below itself.")
            self.path = f"{parent.path}/{self.slug}"
            self.name_path = f"{parent.name_path}{PATH_SEPARATOR}{self.name}"
        else:
            self.path, self.name_path = self.slug, self.name
        super().save(*args, **kwargs)
        # A rename or a move carries every descendant along.
        for child in self.children.all():
            child.save()

    @property
    def depth(self) -> int:
        return self.path.count("/")


class Product(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    description = models.TextField(blank=True)
    # Specs
    battery_mah = models.PositiveIntegerField(null=True, blank=True)
    main_camera_mp = models.PositiveSmallIntegerField(null=True, blank=True)
    camera_summary = models.CharField(max_length=200, blank=True)
    display = models.CharField(max_length=200, blank=True)
    display_size_in = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    processor = models.CharField(max_length=120, blank=True)
    os = models.CharField(max_length=80, blank=True)
    is_5g = models.BooleanField(default=False)
    weight_g = models.PositiveSmallIntegerField(null=True, blank=True)
    launch_date = models.DateField(null=True, blank=True)
    # Tax and traceability, snapshotted on each order line (a later change never rewrites an invoice).
    hsn_code = models.CharField(
        max_length=8,
        default=PHONE_HSN,
        validators=[hsn_validator],
        help_text="HSN code on the tax invoice: 4, 6 or 8 digits (8517 13 00 for smartphones).",
    )
    gst_rate = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("18.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("40"))],
        help_text="GST percent contained in the (GST-inclusive) prices of this product.",
    )
    imei_required = models.BooleanField(
        default=True,
        help_text="Each unit sold has an IMEI staff record before packing (phones yes, accessories no).",
    )
    # Aggregates kept by catalog.services.refresh_rating (review changes) and sales.
    rating = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal("0"))
    review_count = models.PositiveIntegerField(default=0)
    popularity = models.PositiveIntegerField(default=0, help_text="Units sold recently; drives 'popularity' sort.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-popularity", "id"]
        indexes = [
            models.Index(fields=["is_active", "brand"], name="product_active_brand"),
            models.Index(fields=["is_active", "category"], name="product_active_category"),
            models.Index(fields=["-popularity", "id"], name="product_popularity"),
            # The listing's -rating sort exactly (rating, then review count, then id): an index walk, no sort.
            models.Index(fields=["-rating", "-review_count", "id"], name="product_rating_sort"),
            # "newest" sorts NULLS LAST, id DESC: on PostgreSQL the matching index is product_newest_sort
            # (migration 0002, PostgreSQL only: SQLite cannot index NULLS LAST); this one serves SQLite.
            models.Index(fields=["-launch_date", "id"], name="product_newest"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=0) & Q(rating__lte=5), name="product_rating_0_to_5"),
        ]

    def __str__(self) -> str:
        return self.title


class ProductVariant(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=64, unique=True)
    ram_gb = models.PositiveSmallIntegerField()
    storage_gb = models.PositiveSmallIntegerField()
    color = models.CharField(max_length=40)
    color_hex = models.CharField(max_length=7, default="#222222")
    price = models.DecimalField(max_digits=10, decimal_places=2, help_text="Selling price in INR, GST included.")
    mrp = models.DecimalField(max_digits=10, decimal_places=2, help_text="Maximum retail price in INR.")
    stock = models.PositiveIntegerField(
        default=0, help_text="Units available to sell (reservations already taken out)."
    )
    is_active = models.BooleanField(default=True)
    # Optimistic concurrency for staff edits: +1 on every change of price, MRP or stock (staff, import, orders),
    # so an edit made from an older read is refused instead of overwriting what changed since.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["price", "id"]
        indexes = [
            models.Index(fields=["product", "is_active", "price"], name="variant_product_price"),
            models.Index(fields=["ram_gb", "product"], name="variant_ram"),
            models.Index(fields=["storage_gb", "product"], name="variant_storage"),
            models.Index(fields=["price", "product"], name="variant_price"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="variant_price_positive"),
            models.CheckConstraint(condition=Q(price__lte=F("mrp")), name="variant_price_not_above_mrp"),
            models.UniqueConstraint(fields=["product", "ram_gb", "storage_gb", "color"], name="variant_unique_options"),
        ]

    def __str__(self) -> str:
        return f"{self.product.title} {self.ram_gb}/{self.storage_gb} GB {self.color}"

    @property
    def discount_percent(self) -> int:
        return discount_percent(self.price, self.mrp)


def variant_label(variant: ProductVariant) -> str:
    """How a variant is named to the shopper (cart, order lines, emails): "8 GB RAM / 128 GB, Black"."""
    return f"{variant.ram_gb} GB RAM / {variant.storage_gb} GB, {variant.color}"


def discount_percent(price: Decimal | None, mrp: Decimal | None) -> int:
    if not price or not mrp or mrp <= price:
        return 0
    return int((mrp - price) * 100 / mrp)


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    color = models.CharField(
        max_length=40, blank=True, help_text="The variant colour this picture shows; blank for all."
    )
    image = models.ImageField(upload_to="products/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt or self.image.name or ""


class Review(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "user"], name="one_review_per_user_per_product"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="review_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.title}"
