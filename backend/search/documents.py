"""Index documents: one per sellable variant (active variant of an active product), built from the
database. Both engines index exactly these dicts.

Built from plain rows (``values()``), not model instances: a phone's data is read once per batch for
all its variants, so a full build of 100,000 variants spends its time in the engine, not in the ORM.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet

from catalog.api.serializers import absolute_media_url, pick_image
from catalog.models import Product, ProductImage, ProductVariant

BATCH_SIZE = 1000
_EPOCH = date(1970, 1, 1).toordinal()

VARIANT_FIELDS = ("id", "product_id", "ram_gb", "storage_gb", "color", "price", "mrp", "stock")
PRODUCT_FIELDS = (
    "id",
    "slug",
    "title",
    "battery_mah",
    "main_camera_mp",
    "processor",
    "os",
    "is_5g",
    "rating",
    "review_count",
    "popularity",
    "launch_date",
    "brand__slug",
    "brand__name",
    "category__path",
    "category__name_path",
)


def searchable_variants() -> QuerySet[ProductVariant]:
    return ProductVariant.objects.filter(is_active=True, product__is_active=True)


def category_ancestors(path: str) -> list[str]:
    """ "mobiles/android" -> ["mobiles", "mobiles/android"]: filtering on one finds everything below it."""
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def launch_day(value: date | None) -> int:
    """Days since 1970 (0 when unknown, so that unknown dates sort last under "newest")."""
    return max(value.toordinal() - _EPOCH, 0) if value else 0


def sizes(ram_gb: int, storage_gb: int) -> tuple[str, str]:
    """A variant's RAM and storage as its specs say them: the words of its specs its phone's other variants may not
    share."""
    return f"{ram_gb}GB", f"{storage_gb}GB"


def specs_text(variant: dict, product: dict) -> str:
    ram, storage = sizes(variant["ram_gb"], variant["storage_gb"])
    words = [f"{ram} RAM", f"{storage} storage", "5G" if product["is_5g"] else "4G"]
    if product["battery_mah"]:
        words.append(f"{product['battery_mah']}mAh")
    if product["main_camera_mp"]:
        words.append(f"{product['main_camera_mp']}MP")
    words.extend(extra for extra in (product["processor"], product["os"]) if extra)
    return " ".join(words)


def representatives(rows: Iterable[tuple[int, int]]) -> set[int]:
    """For sellable variants (id, product_id): the one that stands for each phone, its lowest id. The embedded engine
    searches and counts a phone on its representative where a search cannot pick among its variants."""
    first: dict[int, int] = {}
    for variant_id, product_id in sorted(rows):
        first.setdefault(product_id, variant_id)
    return set(first.values())


def phone_facts(rows: Iterable[tuple[int, int, int, int, str, Decimal]]) -> dict[int, dict[str, Any]]:
    """For sellable variants (id, product_id, ram, storage, colour, price): what each phone's variants offer, its RAM
    sizes, storage sizes and colours (each once, in order) and its lowest and highest price. The embedded engine keeps
    them on each of the phone's documents, to count a search that keeps whole phones one document per phone."""
    grouped: dict[int, list[tuple[int, int, str, Decimal]]] = defaultdict(list)
    for _, product_id, ram, storage, color, price in rows:
        grouped[product_id].append((ram, storage, color, price))
    return {
        product_id: {
            "ram": sorted({v[0] for v in variants}),
            "storage": sorted({v[1] for v in variants}),
            "color": sorted({v[2] for v in variants}),
            "price_low": float(min(v[3] for v in variants)),
            "price_high": float(max(v[3] for v in variants)),
        }
        for product_id, variants in grouped.items()
    }


def to_document(variant: dict, product: dict, images: list, reps: set[int], phones: dict[int, dict[str, Any]]) -> dict:
    """`variant`, `product`: rows with VARIANT_FIELDS and PRODUCT_FIELDS; `images`: the phone's pictures
    in display order (objects with color, url, width, height); `reps`, `phones`: representatives() and phone_facts()
    of the phone's variants."""
    pk, product_id, color = variant["id"], product["id"], variant["color"]
    image = pick_image(images, color)
    return {
        "id": pk,
        "product_id": product_id,
        "slug": product["slug"],
        "title": product["title"],
        "brand": product["brand__slug"],
        "brand_name": product["brand__name"],
        "brand_key": f"{product['brand__slug']}\t{product['brand__name']}",
        "category": category_ancestors(product["category__path"]),
        "category_path": product["category__name_path"],
        "price": float(variant["price"]),
        "mrp": float(variant["mrp"]),
        "ram": variant["ram_gb"],
        "storage": variant["storage_gb"],
        "color": color,
        "color_key": color.lower(),
        "battery": product["battery_mah"],
        "camera": product["main_camera_mp"],
        "is_5g": product["is_5g"],
        "rating": float(product["rating"]),
        "review_count": product["review_count"],
        "available": variant["stock"] > 0,
        "popularity": product["popularity"],
        "launch_date": launch_day(product["launch_date"]),
        "specs": specs_text(variant, product),
        # Distinct keys that let Meilisearch count phones (not variants) per RAM / storage / colour.
        "product_ram": f"{product_id}:{variant['ram_gb']}",
        "product_storage": f"{product_id}:{variant['storage_gb']}",
        "product_color": f"{product_id}:{color}",
        "rep": pk in reps,
        # For the embedded engine (Meilisearch counts phones by product_ram and the like).
        "phone": phones[product_id],
        "thumbnail": (
            {"url": absolute_media_url(image), "width": image.width, "height": image.height} if image else None
        ),
    }


def _documents(variants: list[dict]) -> list[dict]:
    """Documents for these variant rows: three more queries (phones, pictures, sibling variants)."""
    if not variants:
        return []
    product_ids = {v["product_id"] for v in variants}
    products = {p["id"]: p for p in Product.objects.filter(id__in=product_ids).values(*PRODUCT_FIELDS)}
    storage = ProductImage._meta.get_field("image").storage
    images = defaultdict(list)
    for row in (
        ProductImage.objects.filter(product_id__in=product_ids)
        .order_by("position", "id")
        .values("product_id", "image", "color", "width", "height")
    ):
        images[row["product_id"]].append(
            SimpleNamespace(url=storage.url(row["image"]), color=row["color"], width=row["width"], height=row["height"])
        )
    siblings = list(
        searchable_variants()
        .filter(product_id__in=product_ids)
        .values_list("id", "product_id", "ram_gb", "storage_gb", "color", "price")
    )
    reps = representatives(row[:2] for row in siblings)
    phones = phone_facts(siblings)
    return [to_document(v, products[v["product_id"]], images[v["product_id"]], reps, phones) for v in variants]


def _rows() -> QuerySet[ProductVariant, dict[str, Any]]:
    return searchable_variants().order_by("id").values(*VARIANT_FIELDS)


def iter_batches(batch_size: int | None = None) -> Iterator[list[dict]]:
    """Every document, in batches, walking variant ids (no OFFSET: steady cost at 100,000 variants)."""
    batch_size = batch_size or BATCH_SIZE
    last_id = 0
    while True:
        variants = list(_rows().filter(id__gt=last_id)[:batch_size])
        if not variants:
            return
        yield _documents(variants)
        last_id = variants[-1]["id"]


def with_siblings(variant_ids: Iterable[int]) -> list[int]:
    """These variants and every other variant of their phones (a change to one can move the
    others' representative flag and change what their phone offers: phone_facts)."""
    ids = sorted(set(variant_ids))
    out = set(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        products = ProductVariant.objects.filter(id__in=ids[start : start + BATCH_SIZE]).values("product_id")
        out.update(ProductVariant.objects.filter(product_id__in=products).values_list("id", flat=True))
    return sorted(out)


def documents_for(variant_ids: Iterable[int]) -> list[dict]:
    """Documents of these variants that are sellable; the others must leave the index."""
    ids = sorted(set(variant_ids))
    out: list[dict] = []
    for start in range(0, len(ids), BATCH_SIZE):
        out.extend(_documents(list(_rows().filter(id__in=ids[start : start + BATCH_SIZE]))))
    return out


def count() -> int:
    return searchable_variants().count()
