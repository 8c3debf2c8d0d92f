"""Write the demo catalog (and, on request, benchmark products) into the database.

Idempotent: rows are found by their natural keys (slugs, SKUs, emails, (product, colour) for pictures,
(product, user) for reviews). The descriptive fields the seed owns (names, specs, colours, alt text)
are brought up to date when they differ; the operational ones (price, MRP, stock, active flags,
popularity, reviews) are only set when a row is created, so re-running the seed, as `make run` does on
every start, never undoes a staff price change, a sale or a customer's edit. A second run writes nothing.
"""

import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Avg, Count, ImageField, Model
from django.utils.text import slugify
from tqdm import tqdm

from catalog.demo import images as pictures
from catalog.demo.build import BRAND_CODES, RAM_LADDER, demo_plans, mrp_for, round_price
from catalog.demo.phones import BRANDS, CATEGORIES, SEGMENTS
from catalog.demo.reviews import REVIEWER_EMAIL_DOMAIN, REVIEWERS
from catalog.models import Brand, Category, Product, ProductImage, ProductVariant, Review

BENCH_PREFIX = "bench-"


@dataclass
class Report:
    counts: dict = field(default_factory=dict)  # label -> rows the seed knows of
    created: int = 0
    updated: int = 0
    drawn: int = 0
    seconds: float = 0.0
    bench_products: int = 0
    bench_variants: int = 0

    def line(self) -> str:
        parts = ", ".join(f"{n} {label}" for label, n in self.counts.items())
        text = f"Demo catalog: {parts}; {self.created} rows created, {self.updated} updated, {self.drawn} images drawn"
        if self.bench_products or "bench products" in self.counts:
            text += f"; bench: {self.bench_products} products and {self.bench_variants} variants added"
        return f"{text} ({self.seconds:.1f} s)."


M = TypeVar("M", bound=Model)


def _sync(
    model: type[M],
    existing: dict[Any, M],
    key_field: str,
    key: Any,
    owned: dict[str, Any],
    initial: dict[str, Any],
    report: Report,
) -> M:
    """Create the row if missing; otherwise update the owned fields that differ (and nothing else)."""
    obj = existing.get(key)
    if obj is None:
        obj = model(**{key_field: key}, **owned, **initial)
        obj.save()
        existing[key] = obj
        report.created += 1
        return obj
    changed = [name for name, value in owned.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, owned[name])
        obj.save()
        report.updated += 1
    return obj


def _image_field() -> ImageField:
    field = ProductImage._meta.get_field("image")
    assert isinstance(field, ImageField)
    return field


def _image_name(instance: ProductImage, filename: str) -> str:
    """The storage name the ImageField gives `filename` (upload_to applied)."""
    return _image_field().generate_filename(instance, filename)


def _draw_missing(jobs: dict, report: Report) -> None:
    """jobs: storage name -> render_phone arguments. Draws and stores the pictures not yet in storage."""
    storage = _image_field().storage
    missing = [(name, args) for name, args in jobs.items() if not storage.exists(name)]
    for (name, _), data in zip(missing, pictures.render_many([args for _, args in missing]), strict=True):
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # cannot happen unless another process raced us; keep one copy
            storage.delete(saved)
        report.drawn += 1


def _rating(avg: float | Decimal | None) -> Decimal:
    # The same rounding as catalog.services.refresh_rating, which the review signal runs.
    return Decimal(str(avg or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def seed_demo() -> Report:
    started = time.perf_counter()
    report = Report()
    plans = demo_plans()

    # Pictures first, outside the transaction: files are named after their product and colour, so a
    # picture that exists is never drawn again, and drawing does not hold the database write lock.
    probe = ProductImage()
    picture_names = {}
    jobs = {}
    brand_names = {slug: name for name, slug, *_ in BRANDS}
    for plan in plans:
        for colour, hex_ in plan.colours:
            name = _image_name(probe, f"demo/{plan.slug}-{slugify(colour)}.{pictures.EXTENSION}")
            picture_names[(plan.slug, colour)] = name
            jobs[name] = (brand_names[plan.brand], plan.model, colour, hex_, plan.camera_style, plan.kind)
    _draw_missing(jobs, report)
    storage = _image_field().storage

    with transaction.atomic():
        brands = {b.slug: b for b in Brand.objects.all()}
        for name, slug, _code, description, _style in BRANDS:
            _sync(Brand, brands, "slug", slug, {"name": name, "description": description}, {}, report)

        categories = {c.slug: c for c in Category.objects.all()}
        for slug, name, parent, position, description in CATEGORIES:
            owned = {
                "name": name,
                "parent_id": categories[parent].pk if parent else None,
                "position": position,
                "description": description,
            }
            _sync(Category, categories, "slug", slug, owned, {}, report)

        User = get_user_model()
        emails = [f"{slugify(name).replace('-', '.')}@{REVIEWER_EMAIL_DOMAIN}" for name in REVIEWERS]
        users = {u.email: u for u in User.objects.filter(email__in=emails)}
        for email, full_name in zip(emails, REVIEWERS, strict=True):
            if email not in users:
                # No password: demo reviewers cannot sign in.
                users[email] = User.objects.create_user(email, None, full_name=full_name)
                report.created += 1
        reviewers = [users[email] for email in emails]

        products = {p.slug: p for p in Product.objects.filter(slug__in=[p.slug for p in plans])}
        variants = {v.sku: v for v in ProductVariant.objects.filter(sku__in=[v.sku for p in plans for v in p.variants])}
        product_images: dict[tuple[int, str], ProductImage] = {}
        for found in ProductImage.objects.filter(product__slug__in=[p.slug for p in plans]):
            product_images.setdefault((found.product_id, found.color), found)
        reviewed = set(
            Review.objects.filter(product__slug__in=[p.slug for p in plans]).values_list("product_id", "user_id")
        )
        new_reviews = []

        new_variants: list[ProductVariant] = []
        new_images: list[ProductImage] = []
        for plan in plans:
            owned = dict(plan.specs, brand_id=brands[plan.brand].pk, category_id=categories[plan.category].pk)
            product = _sync(
                Product, products, "slug", plan.slug, owned, {"popularity": plan.popularity, "is_active": True}, report
            )
            for v in plan.variants:
                owned = {
                    "product_id": product.pk,
                    "ram_gb": v.ram_gb,
                    "storage_gb": v.storage_gb,
                    "color": v.color,
                    "color_hex": v.color_hex,
                }
                initial = {"price": v.price, "mrp": v.mrp, "stock": v.stock, "is_active": v.is_active}
                if v.sku in variants:
                    _sync(ProductVariant, variants, "sku", v.sku, owned, initial, report)
                else:
                    new_variants.append(ProductVariant(sku=v.sku, **owned, **initial))
            for position, (colour, _hex) in enumerate(plan.colours):
                owned = {"alt": f"{plan.title} in {colour}", "position": position}
                image = product_images.get((product.pk, colour))
                if image is None:
                    # Naming the stored file fills width and height through the ImageField.
                    new_images.append(
                        ProductImage(product=product, color=colour, image=picture_names[(plan.slug, colour)], **owned)
                    )
                elif not image.image.name or not storage.exists(image.image.name):
                    image.image = picture_names[(plan.slug, colour)]
                    for name, value in owned.items():
                        setattr(image, name, value)
                    image.save()
                    report.updated += 1
                else:
                    _sync(ProductImage, {colour: image}, "color", colour, owned, {}, report)
            for r in plan.reviews:
                user = reviewers[r.reviewer]
                if (product.pk, user.pk) not in reviewed:
                    new_reviews.append(
                        (Review(product=product, user=user, rating=r.rating, title=r.title, body=r.body), r.created_at)
                    )

        # New variants, pictures and reviews in bulk: products were saved one by one above, so whatever
        # follows their saves (after commit) sees them complete.
        ProductVariant.objects.bulk_create(new_variants, batch_size=1000)
        ProductImage.objects.bulk_create(new_images, batch_size=1000)
        report.created += len(new_variants) + len(new_images)
        # Reviews without the per-review signal, dated as planned, then every aggregate in one pass.
        if new_reviews:
            Review.objects.bulk_create([review for review, _ in new_reviews], batch_size=500)
            for review, created_at in new_reviews:
                review.created_at = review.updated_at = created_at
            Review.objects.bulk_update(
                [review for review, _ in new_reviews], ["created_at", "updated_at"], batch_size=500
            )
            report.created += len(new_reviews)
        stats = {
            row["product_id"]: row
            for row in Review.objects.filter(product_id__in=[p.pk for p in products.values()])
            .values("product_id")
            .annotate(avg=Avg("rating"), n=Count("id"))
        }
        for product in products.values():
            row = stats.get(product.pk)
            rating, count = (_rating(row["avg"]), row["n"]) if row else (_rating(None), 0)
            if product.rating != rating or product.review_count != count:
                product.rating, product.review_count = rating, count
                product.save(update_fields=["rating", "review_count", "updated_at"])

    report.counts = {
        "brands": len(BRANDS),
        "categories": len(CATEGORIES),
        "products": len(plans),
        "variants": sum(len(p.variants) for p in plans),
        "images": len(picture_names),
        "reviews": Review.objects.filter(product__slug__in=[p.slug for p in plans]).count(),
    }
    report.seconds = time.perf_counter() - started
    return report


# --- Benchmark products -------------------------------------------------------------------------

BENCH_COLOURS = [
    ("Midnight Black", "#1E1F23"),
    ("Glacier White", "#EEEFF0"),
    ("Ocean Blue", "#3A64A8"),
    ("Forest Green", "#3F6B55"),
    ("Lavender", "#B9A9DA"),
    ("Sunset Orange", "#E9773A"),
    ("Titanium Grey", "#7D7F84"),
    ("Rose Gold", "#E3B7A5"),
]
BENCH_MEMORY = {
    "budget": [(4, 64), (4, 128), (6, 128), (8, 128)],
    "mid": [(6, 128), (8, 128), (8, 256), (12, 256)],
    "premium": [(8, 128), (8, 256), (12, 256), (12, 512)],
    "flagship": [(12, 256), (12, 512), (16, 512), (16, 1024)],
    "apple": [(6, 128), (8, 128), (8, 256), (8, 512)],
}
BENCH_SEGMENTS = ["budget"] * 7 + ["mid"] * 8 + ["premium"] * 4 + ["flagship"]
BENCH_SUFFIXES = ["", " 5G", " Pro", " Pro 5G", " Lite", " Plus", " Ultra"]


def bench_slug(n: int) -> str:
    return f"{BENCH_PREFIX}{n:06d}"


def _bench_pool(report: Report) -> dict:
    """A few shared pictures for all benchmark products: colour -> storage name."""
    probe = ProductImage()
    names = {colour: _image_name(probe, f"bench/{slugify(colour)}.{pictures.EXTENSION}") for colour, _ in BENCH_COLOURS}
    _draw_missing(
        {names[c]: ("PhoneStore", "Benchmark phone", c, h, "vertical", "bar") for c, h in BENCH_COLOURS}, report
    )
    return names


def _bench_rows(
    n: int, brands: list[Brand], categories: dict[str, Category], pool: dict[str, str]
) -> tuple[Product, list[ProductVariant], list[ProductImage]]:
    rng = random.Random(f"phonestore-bench:{n}")
    brand = rng.choice(brands)
    segment = rng.choice(BENCH_SEGMENTS)
    low, high = SEGMENTS[segment]
    base = round_price(rng.uniform(low, high))
    kind = "fold" if segment == "flagship" and rng.random() < 0.2 else "bar"
    category = categories["ios" if brand.slug == "apple" else ("foldables" if kind == "fold" else "android")]
    title = f"{brand.name} Bench B{n}{rng.choice(BENCH_SUFFIXES)}"
    mp = rng.choice([13, 48, 50, 50, 64, 108, 200])
    size = Decimal(rng.choice(["6.1", "6.4", "6.5", "6.67", "6.7", "6.78", "6.9"]))
    product = Product(
        slug=bench_slug(n),
        title=title,
        brand=brand,
        category=category,
        description=f"A synthetic {segment} phone for benchmarks, with a {size}-inch display and a {mp} MP camera.",
        battery_mah=rng.choice([4000, 4500, 5000, 5000, 5500, 6000]),
        main_camera_mp=mp,
        camera_summary=f"{mp} MP main + 8 MP ultra-wide | 16 MP front",
        display=f'{size}" FHD+ AMOLED, 120 Hz',
        display_size_in=size,
        processor=rng.choice(["Snapdragon 7s Gen 3", "Dimensity 7300", "Snapdragon 8 Gen 3", "Helio G85"]),
        os="iOS 18" if brand.slug == "apple" else "Android 15",
        is_5g=rng.random() < 0.85,
        weight_g=rng.randint(165, 230),
        launch_date=date(rng.randint(2022, 2026), rng.randint(1, 10), rng.randint(1, 28)),
        popularity=rng.randint(0, 3000),
    )
    colours = rng.sample(BENCH_COLOURS, 3)
    memory = BENCH_MEMORY["apple" if brand.slug == "apple" else segment]
    combos = sorted(
        rng.sample([(m, c) for m in memory for c in colours], rng.randint(2, 6)),
        key=lambda mc: (mc[0], colours.index(mc[1])),
    )
    factor = rng.uniform(1.06, 1.28)
    variants: list[ProductVariant] = []
    for (ram, storage), (colour, hex_) in combos:
        steps = RAM_LADDER.index(ram) - RAM_LADDER.index(memory[0][0]) + (storage // memory[0][1]).bit_length() - 1
        price = round_price(base * (1 + 0.07 * steps))
        variants.append(
            ProductVariant(
                product=product,
                sku=f"BENCH-{n:06d}-{ram}-{storage}-{slugify(colour).upper()}",
                ram_gb=ram,
                storage_gb=storage,
                color=colour,
                color_hex=hex_,
                price=Decimal(price),
                mrp=Decimal(mrp_for(price, factor, False)),
                stock=0 if rng.random() < 0.08 else rng.randint(5, 60),
                is_active=rng.random() > 0.03,
            )
        )
    shown = [c for c in colours if any(v.color == c[0] for v in variants)]
    images = [
        ProductImage(
            product=product,
            color=colour,
            image=pool[colour],
            width=pictures.WIDTH,
            height=pictures.HEIGHT,
            alt=f"{title} in {colour}",
            position=i,
        )
        for i, (colour, _) in enumerate(shown)
    ]
    return product, variants, images


def seed_bench(count: int, *, batch_size: int = 1000, progress: bool = True, report: Report | None = None) -> Report:
    """Make sure bench-000001 .. bench-<count> exist (about 4 variants each), in bulk, batch by batch.
    Products already there are left alone, so the same count twice adds nothing."""
    started = time.perf_counter()
    report = report or Report()
    brands = list(Brand.objects.filter(slug__in=list(BRAND_CODES)).order_by("slug"))
    categories = {c.slug: c for c in Category.objects.filter(slug__in=["android", "ios", "foldables"])}
    if len(brands) != len(BRANDS) or len(categories) != 3:
        raise RuntimeError("Load the demo catalog (brands and categories) before benchmark products.")
    pool = _bench_pool(report)
    existing = set(Product.objects.filter(slug__startswith=BENCH_PREFIX).values_list("slug", flat=True))
    todo = [n for n in range(1, count + 1) if bench_slug(n) not in existing]
    with tqdm(
        total=len(todo), unit="product", desc="bench products", disable=not progress or not todo, file=sys.stderr
    ) as bar:
        for start in range(0, len(todo), batch_size):
            chunk = todo[start : start + batch_size]
            rows = [_bench_rows(n, brands, categories, pool) for n in chunk]
            with transaction.atomic():
                Product.objects.bulk_create([product for product, _, _ in rows], batch_size=2000)
                variants = [v for _, vs, _ in rows for v in vs]
                for v in variants:
                    v.product_id = v.product.pk
                ProductVariant.objects.bulk_create(variants, batch_size=2000)
                product_images = [i for _, _, imgs in rows for i in imgs]
                for i in product_images:
                    i.product_id = i.product.pk
                ProductImage.objects.bulk_create(product_images, batch_size=2000)
            report.bench_products += len(rows)
            report.bench_variants += len(variants)
            report.created += len(rows) + len(variants) + len(product_images)
            bar.update(len(chunk))
    report.counts["bench products"] = Product.objects.filter(slug__startswith=BENCH_PREFIX).count()
    report.seconds += time.perf_counter() - started
    return report
