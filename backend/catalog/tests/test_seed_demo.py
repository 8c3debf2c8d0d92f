"""manage.py seed_demo: the demo catalog, its pictures, idempotency and --scale benchmark products."""

import re
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Avg, Count, F, Max, Min
from PIL import Image

from accounts.models import User
from catalog.demo.build import demo_plans, mrp_for, plan_product, round_price
from catalog.demo.phones import PHONES
from catalog.models import Brand, Category, Product, ProductImage, ProductVariant, Review


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot() -> dict:
    """Every row the seed writes, with the columns that change when a row is saved."""
    return {
        "brands": set(Brand.objects.values_list("pk", "slug", "updated_at")),
        "categories": set(Category.objects.values_list("pk", "path", "updated_at")),
        "products": set(Product.objects.values_list("pk", "slug", "updated_at", "rating", "review_count")),
        "variants": set(ProductVariant.objects.values_list("pk", "sku", "updated_at", "price", "stock")),
        "images": set(ProductImage.objects.values_list("pk", "image", "width", "height", "alt")),
        "reviews": set(Review.objects.values_list("pk", "updated_at")),
        "users": set(User.objects.values_list("pk", "email", "password")),
    }


def test_prices_end_in_499_or_999_and_mrps_stay_5_to_30_percent_above():
    assert round_price(12_000) == 11_999
    assert round_price(12_300) == 12_499
    assert round_price(7_499) == 7_499
    for price in (7_499, 9_999, 14_999, 27_999, 59_999, 1_34_999):
        for factor in (1.05, 1.06, 1.17, 1.28, 1.30):
            mrp = mrp_for(price, factor, apple=False)
            assert price * 1.05 <= mrp <= price * 1.30 and mrp % 500 in (499, 999 % 500)
            apple = mrp_for(price, factor, apple=True)
            assert price * 1.05 <= apple <= price * 1.30 and apple % 1000 == 900


def test_plans_are_deterministic_and_well_formed():
    assert [plan_product(phone) for phone in PHONES[:20]] == list(demo_plans()[:20])
    plans = demo_plans()
    assert len(plans) >= 150
    assert len({p.slug for p in plans}) == len(plans)
    assert len({v.sku for p in plans for v in p.variants}) == sum(len(p.variants) for p in plans)


@pytest.mark.django_db
def test_demo_catalog():
    output = seed()
    catalog, coupons = output.splitlines()  # the catalog's report, then the demo coupons' (coupons/demo.py)
    assert "188 products" in catalog and coupons == "Coupons: 2 created (WELCOME10, FLAT500)."

    brands = set(Brand.objects.values_list("slug", flat=True))
    assert len(brands) >= 12
    assert {
        "samsung",
        "apple",
        "oneplus",
        "xiaomi",
        "redmi",
        "realme",
        "vivo",
        "oppo",
        "motorola",
        "nothing",
        "google",
        "iqoo",
        "poco",
        "nokia",
        "infinix",
        "tecno",
    } <= brands
    paths = dict(Category.objects.values_list("slug", "path"))
    assert paths == {
        "mobiles": "mobiles",
        "smartphones": "mobiles/smartphones",
        "android": "mobiles/smartphones/android",
        "ios": "mobiles/smartphones/ios",
        "foldables": "mobiles/smartphones/foldables",
        "feature-phones": "mobiles/feature-phones",
    }

    products = list(Product.objects.select_related("brand", "category"))
    assert len(products) >= 150
    # Every demo product is a smartphone: HSN 8517 13 00 at 18% GST, an IMEI per unit.
    assert {(p.hsn_code, p.gst_rate, p.imei_required) for p in products} == {("85171300", Decimal("18"), True)}
    for product in products:
        assert product.brand.name.lower() in product.title.lower()
        assert date(2022, 1, 1) <= product.launch_date <= date(2026, 12, 31)
        assert product.battery_mah and product.main_camera_mp and product.display and product.processor
        assert product.camera_summary and product.display_size_in and product.weight_g
        assert re.fullmatch(r"(Android \d\d.*|iOS \d\d)", product.os)
        assert 2 <= product.description.count(". ") + 1 <= 3
        assert (product.category.slug == "ios") == (product.brand.slug == "apple")

    per_product = Product.objects.annotate(n=Count("variants")).aggregate(low=Min("n"), high=Max("n"))
    assert per_product == {"low": 2, "high": 6}
    variants = list(ProductVariant.objects.select_related("product__brand"))
    for v in variants:
        assert Decimal("5000") <= v.price <= v.mrp <= Decimal("250000")
        assert v.price <= Decimal("180000")
        assert v.price * Decimal("1.05") <= v.mrp <= v.price * Decimal("1.30")
        assert int(v.price) % 1000 in (499, 999)
        assert v.ram_gb in (4, 6, 8, 12, 16) and v.storage_gb in (64, 128, 256, 512, 1024)
        assert re.fullmatch(r"#[0-9A-F]{6}", v.color_hex)
        if v.product.brand.slug == "apple":
            assert v.ram_gb in (6, 8)
    assert sum(v.stock == 0 for v in variants) >= 10
    assert sum(not v.is_active for v in variants) >= 5
    assert sum(5 <= v.stock <= 60 for v in variants) > 0.8 * len(variants)
    # More memory costs more, within a product.
    prices = defaultdict(dict)
    for v in variants:
        prices[v.product_id][(v.ram_gb, v.storage_gb)] = v.price
    for options in prices.values():
        ordered = [options[key] for key in sorted(options)]
        assert ordered == sorted(ordered)
    # The storefront's demo URL /api/products/?brand=samsung&ram=8&sort=price.
    assert Product.objects.filter(brand__slug="samsung", variants__ram_gb=8).distinct().count() >= 8

    # One picture per product colour, stored, with its size recorded.
    colours = defaultdict(set)
    for v in variants:
        colours[v.product_id].add(v.color)
    images = list(ProductImage.objects.select_related("product"))
    assert {(i.product_id, i.color) for i in images} == {(pk, c) for pk, cs in colours.items() for c in cs}
    for image in images:
        assert (image.width, image.height) == (600, 1200)
        assert image.alt == f"{image.product.title} in {image.color}"
        assert default_storage.exists(image.image.name)
    with default_storage.open(images[0].image.name) as f, Image.open(f) as picture:
        assert picture.format == "WEBP" and picture.size == (600, 1200)
    assert max(default_storage.size(i.image.name) for i in images) < 60_000

    # Ratings are the aggregate of real reviews, by demo customers who cannot sign in.
    stats = {
        row["product_id"]: row for row in Review.objects.values("product_id").annotate(avg=Avg("rating"), n=Count("id"))
    }
    assert len(stats) > 0.8 * len(products) and sum(s["n"] for s in stats.values()) > 500
    for product in products:
        row = stats.get(product.pk, {"avg": 0, "n": 0})
        assert product.review_count == row["n"]
        assert product.rating == Decimal(str(row["avg"])).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert len({p.rating for p in products}) > 20
    reviewers = User.objects.filter(reviews__isnull=False).distinct()
    assert reviewers.count() >= 10 and not any(user.has_usable_password() for user in reviewers)
    for review in Review.objects.select_related("product")[:200]:
        assert review.created_at.date() > review.product.launch_date and review.title and review.body


@pytest.mark.django_db
def test_second_run_changes_nothing_and_keeps_what_staff_changed():
    seed()
    before = snapshot()
    mtimes = {name: default_storage.get_modified_time(name) for _, name, *_ in before["images"]}

    assert "0 rows created, 0 updated, 0 images drawn" in seed()
    assert snapshot() == before
    assert {name: default_storage.get_modified_time(name) for name in mtimes} == mtimes

    # Prices and stock belong to the shop once the row exists; names and specs belong to the seed;
    # a lost picture is drawn again.
    variant = ProductVariant.objects.select_related("product").first()
    staff_price = variant.price - 1000
    ProductVariant.objects.filter(pk=variant.pk).update(price=staff_price, stock=3)
    Product.objects.filter(pk=variant.product_id).update(title="Renamed by mistake")
    image = ProductImage.objects.first()
    default_storage.delete(image.image.name)

    output = seed()
    assert "0 rows created, 1 updated, 1 images drawn" in output
    variant.refresh_from_db()
    assert (variant.price, variant.stock) == (staff_price, 3)
    assert Product.objects.get(pk=variant.product_id).title == variant.product.title
    assert default_storage.exists(image.image.name) and ProductImage.objects.count() == len(before["images"])


@pytest.mark.django_db
def test_scale_adds_benchmark_products_once():
    seed()
    demo_products, demo_variants = Product.objects.count(), ProductVariant.objects.count()

    output = seed("--scale", "50")
    assert "bench: 50 products" in output
    bench = Product.objects.filter(slug__startswith="bench-")
    assert bench.count() == Product.objects.count() - demo_products == 50
    counts = list(bench.annotate(n=Count("variants")).values_list("n", flat=True))
    assert min(counts) >= 2 and max(counts) <= 6 and 150 <= sum(counts) <= 250
    assert ProductVariant.objects.count() == demo_variants + sum(counts)
    assert not ProductVariant.objects.filter(product__in=bench, price__gt=F("mrp")).exists()
    pictures = ProductImage.objects.filter(product__in=bench)
    assert pictures.count() >= 50
    assert len({p.image.name for p in pictures}) <= 8  # a shared pool, not one file per product
    assert all(default_storage.exists(name) for name in {p.image.name for p in pictures})
    assert set(pictures.values_list("width", "height")) == {(600, 1200)}

    before = snapshot()
    assert "bench: 0 products and 0 variants added" in seed("--scale", "50")
    assert snapshot() == before

    seed("--scale", "60")
    assert bench.count() == 60
