"""The database listing's columns: the sellable catalog as a few numpy arrays in each API process, read from the
database once per catalog version, so that a listing's facets, exact count and page of phones are array operations
(a few milliseconds at 100,000 variants) instead of six scans of the variants table per new filter set.

The rules are the listing's (catalog.filters.ProductFilter and catalog.selectors.listing_facets, which stay the
reference: tests compare the two on random catalogs and filter sets). A snapshot is as current as everything else
kept under the catalog's version (catalog.cache): any change of a phone, a variant's price, or a variant selling
out or coming back bumps the version, and the next listing reads the columns again. Without a version (the cache
down, or caching off) the listing asks the database instead (columns_for returns None).

Variants are the sellable ones (active, of an active phone), ordered by phone, price and id, so the first variant
of a phone that a mask keeps is its cheapest match, as the listing's rows show.
"""

import math
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, overload

import numpy as np
from django.conf import settings
from django.db.models import QuerySet

from catalog.cache import NAMESPACE
from catalog.models import Brand, Category, Product, ProductVariant
from core.cache import versions

PRICE_FILTERS = ("price_min", "price_max")
NO_DATE = -1  # a phone without a launch date: last under "newest"


@dataclass(frozen=True)
class Columns:
    version: str
    # Phones (active), by position: id, brand (index into brand_slugs), category id, 5G, rating in hundredths,
    # reviews, popularity, launch day (date ordinal, NO_DATE when unknown).
    phone_id: np.ndarray
    phone_brand: np.ndarray
    phone_category: np.ndarray
    phone_5g: np.ndarray
    phone_rating: np.ndarray
    phone_reviews: np.ndarray
    phone_popularity: np.ndarray
    phone_launch: np.ndarray
    # Sellable variants, ordered by phone, price, id: phone (position), RAM, storage, colour as stored and
    # folded (indexes into colors / folded_colors), price in paise, in stock.
    variant_phone: np.ndarray
    variant_ram: np.ndarray
    variant_storage: np.ndarray
    # RAM and storage as indexes into their distinct values (ram_values, storage_values), for the facets.
    variant_ram_code: np.ndarray
    variant_storage_code: np.ndarray
    ram_values: np.ndarray
    storage_values: np.ndarray
    variant_color: np.ndarray
    variant_color_folded: np.ndarray
    variant_price: np.ndarray
    variant_in_stock: np.ndarray
    brand_slugs: tuple[str, ...]
    colors: tuple[str, ...]
    folded_colors: dict[str, int]
    category_paths: dict[int, str]
    # The phones in each sort by the phone's own key (positions), computed once per snapshot.
    popularity_order: np.ndarray
    rating_order: np.ndarray
    newest_order: np.ndarray

    @property
    def phones(self) -> int:
        return len(self.phone_id)


_lock = threading.Lock()
_snapshot: Columns | None = None


def columns_for_listing() -> Columns | None:
    """The current snapshot (read again when the catalog's version moved), or None when there is no version to
    trust (the cache unreachable, or caching off): the caller asks the database then."""
    global _snapshot
    if settings.CATALOG_CACHE_SECONDS <= 0:
        return None
    version = versions(NAMESPACE)
    if version is None:
        return None
    current = _snapshot
    if current is not None and current.version == version:
        return current
    with _lock:  # one reader per process; the other threads wait for its snapshot rather than read their own
        if _snapshot is None or _snapshot.version != version:
            _snapshot = load(version)  # the version was read first: a change after it bumps it again
        return _snapshot


def load(version: str) -> Columns:
    phones = list(
        Product.objects.filter(is_active=True)
        .order_by("id")
        .values_list("id", "brand_id", "category_id", "is_5g", "rating", "review_count", "popularity", "launch_date")
    )
    position = {row[0]: i for i, row in enumerate(phones)}
    brand_ids = sorted({row[1] for row in phones})
    slug_of = dict(Brand.objects.filter(id__in=brand_ids).values_list("id", "slug"))
    brand_slugs = tuple(sorted(slug_of.values()))
    brand_index = {brand_id: brand_slugs.index(slug_of[brand_id]) for brand_id in brand_ids}

    variants = list(
        ProductVariant.objects.filter(is_active=True, product__is_active=True)
        .order_by("product_id", "price", "id")
        .values_list("product_id", "ram_gb", "storage_gb", "color", "price", "stock")
    )
    colors = tuple(sorted({row[3] for row in variants}))
    color_index = {color: i for i, color in enumerate(colors)}
    folded = {color.lower() for color in colors}
    folded_colors = {color: i for i, color in enumerate(sorted(folded))}

    def column(values: Any, dtype: Any) -> np.ndarray:
        return np.fromiter(values, dtype=dtype, count=-1)

    phone_id = column((row[0] for row in phones), np.int64)
    phone_popularity = column((row[6] for row in phones), np.int64)
    phone_rating = column((int(row[4] * 100) for row in phones), np.int32)
    phone_reviews = column((row[5] for row in phones), np.int64)
    phone_launch = column((row[7].toordinal() if row[7] else NO_DATE for row in phones), np.int64)
    variant_ram = column((row[1] for row in variants), np.int32)
    variant_storage = column((row[2] for row in variants), np.int32)
    ram_values, variant_ram_code = np.unique(variant_ram, return_inverse=True)
    storage_values, variant_storage_code = np.unique(variant_storage, return_inverse=True)
    return Columns(
        version=version,
        phone_id=phone_id,
        phone_brand=column((brand_index[row[1]] for row in phones), np.int32),
        phone_category=column((row[2] for row in phones), np.int64),
        phone_5g=column((row[3] for row in phones), np.bool_),
        phone_rating=phone_rating,
        phone_reviews=phone_reviews,
        phone_popularity=phone_popularity,
        phone_launch=phone_launch,
        variant_phone=column((position[row[0]] for row in variants), np.int64),
        variant_ram=variant_ram,
        variant_storage=variant_storage,
        variant_ram_code=variant_ram_code,
        variant_storage_code=variant_storage_code,
        ram_values=ram_values,
        storage_values=storage_values,
        variant_color=column((color_index[row[3]] for row in variants), np.int32),
        variant_color_folded=column((folded_colors[row[3].lower()] for row in variants), np.int32),
        variant_price=column((int(row[4].scaleb(2)) for row in variants), np.int64),
        variant_in_stock=column((row[5] > 0 for row in variants), np.bool_),
        brand_slugs=brand_slugs,
        colors=colors,
        folded_colors=folded_colors,
        category_paths=dict(Category.objects.values_list("id", "path")),
        # catalog.filters.SORTS, by the phone's own keys: np.lexsort sorts by its last key first.
        popularity_order=np.lexsort((phone_id, -phone_popularity)),
        rating_order=np.lexsort((phone_id, -phone_reviews, -phone_rating)),
        newest_order=np.lexsort((-phone_id, -phone_launch)),
    )


# ---- the listing's rules, on the columns ---------------------------------------------------------------


def phone_mask(columns: Columns, data: dict[str, Any], *, without: tuple[str, ...] = ()) -> np.ndarray:
    """The phones that the phone-level filters keep (brand, category, 5G, rating), but those named in `without`."""
    keep = np.ones(columns.phones, dtype=np.bool_)
    brands = data.get("brand")
    if brands and "brand" not in without:
        wanted = [columns.brand_slugs.index(slug) for slug in set(brands) if slug in columns.brand_slugs]
        keep &= np.isin(columns.phone_brand, wanted)
    category = data.get("category")
    if category and "category" not in without:  # (a Category: the form looked its slug up)
        under = [
            pk
            for pk, path in columns.category_paths.items()
            if path == category.path or path.startswith(category.path + "/")
        ]
        keep &= np.isin(columns.phone_category, under)
    if data.get("is_5g") is not None and "is_5g" not in without:
        keep &= columns.phone_5g == data["is_5g"]
    if data.get("rating_min") is not None and "rating_min" not in without:
        keep &= columns.phone_rating >= math.ceil(Decimal(data["rating_min"]) * 100)
    return keep


def variant_mask(columns: Columns, data: dict[str, Any], *, without: tuple[str, ...] = ()) -> np.ndarray:
    """The variants that the variant-level filters keep (one and the same variant meets them all), but those named
    in `without`: ProductFilter.variant_predicate on the columns."""
    keep = np.ones(len(columns.variant_phone), dtype=np.bool_)
    if data.get("ram") and "ram" not in without:
        keep &= np.isin(columns.variant_ram, list(data["ram"]))
    if data.get("storage") and "storage" not in without:
        keep &= np.isin(columns.variant_storage, list(data["storage"]))
    if data.get("color") and "color" not in without:
        wanted = [columns.folded_colors[c.lower()] for c in data["color"] if c.lower() in columns.folded_colors]
        keep &= np.isin(columns.variant_color_folded, wanted)
    if data.get("price_min") is not None and "price_min" not in without:
        keep &= columns.variant_price >= math.ceil(Decimal(data["price_min"]) * 100)
    if data.get("price_max") is not None and "price_max" not in without:
        keep &= columns.variant_price <= math.floor(Decimal(data["price_max"]) * 100)
    if data.get("available") and "available" not in without:
        keep &= columns.variant_in_stock
    return keep


def _phones_with(columns: Columns, variants: np.ndarray) -> np.ndarray:
    """Phones (a mask) that have at least one of these variants."""
    has = np.zeros(columns.phones, dtype=np.bool_)
    has[columns.variant_phone[variants]] = True
    return has


def _phones_per_value(columns: Columns, variants: np.ndarray, codes: np.ndarray, size: int) -> np.ndarray:
    """For each value code, the number of distinct phones having one of these variants with that value."""
    seen = np.zeros(columns.phones * size, dtype=np.bool_)
    seen[columns.variant_phone[variants] * size + codes[variants]] = True
    counts: np.ndarray = seen.reshape(columns.phones, size).sum(axis=0)
    return counts


def facets(columns: Columns, data: dict[str, Any]) -> dict[str, Any]:
    """catalog.selectors.listing_facets on the columns: phones per brand, RAM, storage, colour and 5G, and the price
    range, each facet over the result with every filter but its own."""
    phones_all = phone_mask(columns, data)
    variants_all = variant_mask(columns, data)

    def counted(keys: Sequence[Any], counts: np.ndarray) -> dict[Any, int]:
        return {key: int(n) for key, n in zip(keys, counts, strict=True) if n}

    out: dict[str, Any] = {}
    matched = _phones_with(columns, variants_all)
    brands = matched & phone_mask(columns, data, without=("brand",))
    per_brand = np.bincount(columns.phone_brand[brands], minlength=len(columns.brand_slugs))
    out["brand"] = counted(columns.brand_slugs, per_brand)
    for name, codes, keys in (
        ("ram", columns.variant_ram_code, [str(int(v)) for v in columns.ram_values]),
        ("storage", columns.variant_storage_code, [str(int(v)) for v in columns.storage_values]),
        ("color", columns.variant_color, columns.colors),
    ):
        kept = variant_mask(columns, data, without=(name,)) & phones_all[columns.variant_phone]
        out[name] = counted(keys, _phones_per_value(columns, kept, codes, len(keys)))
    five_g = matched & phone_mask(columns, data, without=("is_5g",))
    out["is_5g"] = counted(["false", "true"], np.bincount(columns.phone_5g[five_g].astype(np.int64), minlength=2))
    priced = variant_mask(columns, data, without=PRICE_FILTERS) & phones_all[columns.variant_phone]
    prices = columns.variant_price[priced]
    price: dict[str, str | None] = {"min": None, "max": None}
    if len(prices):
        price = {"min": _rupees(int(prices.min())), "max": _rupees(int(prices.max()))}
    return {"facets": out, "price": price}


def _rupees(paise: int) -> str:
    return f"{Decimal(paise).scaleb(-2):.2f}"


def page_order(columns: Columns, data: dict[str, Any], sort: str) -> np.ndarray:
    """The listing's phones (ids) in the sort's order (catalog.filters.SORTS): those the phone-level filters keep
    and that have a variant meeting the variant-level ones; by price, each phone's cheapest such variant."""
    variants = variant_mask(columns, data)
    kept = _phones_with(columns, variants) & phone_mask(columns, data)
    if sort in ("price", "-price"):
        chosen = np.flatnonzero(variants)
        # Variants are ordered by phone, then price: a phone's first kept variant is its cheapest match.
        phones, first = np.unique(columns.variant_phone[chosen], return_index=True)
        cheapest = columns.variant_price[chosen[first]]
        phones_kept = kept[phones]
        phones, cheapest = phones[phones_kept], cheapest[phones_kept]
        ids = columns.phone_id[phones]
        order = np.lexsort((ids, cheapest if sort == "price" else -cheapest))
        ordered_ids: np.ndarray = ids[order]
        return ordered_ids
    by_key = {"-rating": columns.rating_order, "newest": columns.newest_order}.get(sort, columns.popularity_order)
    in_order: np.ndarray = columns.phone_id[by_key[kept[by_key]]]
    return in_order


class ListingPage(Sequence[Product]):
    """The listing's phones in order as a sequence the paginator slices: only the page's phones are read from the
    database, with their listing rows (catalog.selectors.with_listing_rows)."""

    def __init__(self, ids: np.ndarray, rows: "QuerySet[Product]") -> None:
        self.ids = ids
        self.rows = rows

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Product: ...
    @overload
    def __getitem__(self, index: slice) -> list[Product]: ...
    def __getitem__(self, index: int | slice) -> Product | list[Product]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        wanted = [int(pk) for pk in self.ids[index]]
        by_id = {product.pk: product for product in self.rows.filter(pk__in=wanted)}
        return [by_id[pk] for pk in wanted if pk in by_id]

    def __iter__(self) -> Iterator[Product]:
        return iter(self[:])
