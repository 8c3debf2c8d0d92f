"""Index documents: one per sellable variant (active variant of an active product), built from the
database. Both engines index exactly these dicts."""
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from catalog.api.serializers import absolute_media_url, pick_image
from catalog.models import ProductImage, ProductVariant

BATCH_SIZE = 500
_EPOCH = date(1970, 1, 1).toordinal()


def searchable_variants():
    return ProductVariant.objects.filter(is_active=True, product__is_active=True)


def category_ancestors(path: str) -> list[str]:
    """"mobiles/android" -> ["mobiles", "mobiles/android"]: filtering on one finds everything below it."""
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def launch_day(value: date | None) -> int:
    """Days since 1970 (0 when unknown, so that unknown dates sort last under "newest")."""
    return max(value.toordinal() - _EPOCH, 0) if value else 0


def specs_text(variant: ProductVariant) -> str:
    product = variant.product
    words = [f"{variant.ram_gb}GB RAM", f"{variant.storage_gb}GB storage", "5G" if product.is_5g else "4G"]
    if product.battery_mah:
        words.append(f"{product.battery_mah}mAh")
    if product.main_camera_mp:
        words.append(f"{product.main_camera_mp}MP")
    for extra in (product.processor, product.os):
        if extra:
            words.append(extra)
    return " ".join(words)


def representatives(rows) -> set[tuple[str, int]]:
    """For sellable variants (id, product_id, ram, storage, colour): which one stands for its phone
    ("rep"), and for each of the phone's RAM sizes, storage sizes and colours ("rep_ram" ...): the lowest
    id of each group. Counting representatives counts phones, exactly and cheaply, as long as the query
    does not pick among a phone's variants (no text, no variant-level filter)."""
    first: dict[tuple, int] = {}
    for variant_id, product_id, ram, storage, color in sorted(rows):
        for key in (("rep", product_id), ("rep_ram", product_id, ram), ("rep_storage", product_id, storage),
                    ("rep_color", product_id, color)):
            first.setdefault(key, variant_id)
    return {(key[0], variant_id) for key, variant_id in first.items()}


def to_document(variant: ProductVariant, images: list[ProductImage], reps: set[tuple[str, int]]) -> dict:
    product, brand, category = variant.product, variant.product.brand, variant.product.category
    image = pick_image(images, variant.color)
    return {
        "id": variant.pk,
        "product_id": product.pk,
        "slug": product.slug,
        "title": product.title,
        "brand": brand.slug,
        "brand_name": brand.name,
        "brand_key": f"{brand.slug}\t{brand.name}",
        "category": category_ancestors(category.path),
        "category_path": category.name_path,
        "price": float(variant.price),
        "mrp": float(variant.mrp),
        "ram": variant.ram_gb,
        "storage": variant.storage_gb,
        "color": variant.color,
        "color_key": variant.color.lower(),
        "battery": product.battery_mah,
        "camera": product.main_camera_mp,
        "is_5g": product.is_5g,
        "rating": float(product.rating),
        "review_count": product.review_count,
        "available": variant.stock > 0,
        "popularity": product.popularity,
        "launch_date": launch_day(product.launch_date),
        "specs": specs_text(variant),
        # Distinct keys that let Meilisearch count phones (not variants) per RAM / storage / colour.
        "product_ram": f"{product.pk}:{variant.ram_gb}",
        "product_storage": f"{product.pk}:{variant.storage_gb}",
        "product_color": f"{product.pk}:{variant.color}",
        **{flag: (flag, variant.pk) in reps for flag in ("rep", "rep_ram", "rep_storage", "rep_color")},
        "thumbnail": ({"url": absolute_media_url(image.image), "width": image.width, "height": image.height}
                      if image else None),
    }


def _documents(variants: list[ProductVariant]) -> list[dict]:
    if not variants:
        return []
    product_ids = {v.product_id for v in variants}
    images = defaultdict(list)
    for image in ProductImage.objects.filter(product_id__in=product_ids).order_by("position", "id"):
        images[image.product_id].append(image)
    reps = representatives(searchable_variants().filter(product_id__in=product_ids).values_list(
        "id", "product_id", "ram_gb", "storage_gb", "color"))
    return [to_document(v, images[v.product_id], reps) for v in variants]


def _base_queryset():
    return searchable_variants().select_related("product__brand", "product__category").order_by("id")


def iter_batches(batch_size: int | None = None) -> Iterator[list[dict]]:
    """Every document, in batches, walking variant ids (no OFFSET: steady cost at 100,000 variants)."""
    batch_size = batch_size or BATCH_SIZE
    last_id = 0
    while True:
        variants = list(_base_queryset().filter(id__gt=last_id)[:batch_size])
        if not variants:
            return
        yield _documents(variants)
        last_id = variants[-1].pk


def with_siblings(variant_ids: Iterable[int]) -> list[int]:
    """These variants and every other variant of their phones (a change to one can move the
    representative flags of the others)."""
    ids = sorted(set(variant_ids))
    out = set(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        products = ProductVariant.objects.filter(id__in=ids[start:start + BATCH_SIZE]).values("product_id")
        out.update(ProductVariant.objects.filter(product_id__in=products).values_list("id", flat=True))
    return sorted(out)


def documents_for(variant_ids: Iterable[int]) -> list[dict]:
    """Documents of these variants that are sellable; the others must leave the index."""
    ids = sorted(set(variant_ids))
    out: list[dict] = []
    for start in range(0, len(ids), BATCH_SIZE):
        out.extend(_documents(list(_base_queryset().filter(id__in=ids[start:start + BATCH_SIZE]))))
    return out


def count() -> int:
    return searchable_variants().count()
