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

import bisect
import contextlib
import gc
import logging
import math
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from itertools import pairwise
from typing import Any, overload

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from catalog.cache import NAMESPACE
from catalog.models import Brand, Category, Product, ProductVariant
from core.cache import versions
from core.memo import Memo
from core.memory import give_back_freed_memory

logger = logging.getLogger(__name__)

PRICE_FILTERS = ("price_min", "price_max")
NO_DATE = -1  # a phone without a launch date: last under "newest"
# Positions (fewer than 2**31) are 32-bit integers and each variant's value codes the smallest unsigned type that holds
# them (a byte for RAM and storage, two for hundreds of colours), ~40 MB less in every API worker at a million
# variants; except each variant's phone and (phone, value) pair, which every count and mask indexes by: those stay
# numpy's own index type, as a copy widened to it on each count made the facets ~25 % slower.
POSITION = np.int32
# Values picked by a mask are picked with np.compress (or by np.flatnonzero's positions), never as values[mask]: numpy's
# boolean indexing branches on every element, which a mask keeping a third to a half of a million variants turns into
# ~4 ms of mispredictions, against ~0.7 ms.


# Counting which groups (a variant's phone, or its (phone, value) pair) have a variant under a mask: mark the groups of
# the variants kept, or, when at least MOST_KEPT are kept, count those left out (fewer to walk). At a million
# variants: 1.1-1.5 ms for a third to a half kept, against 2.2-2.4 ms weighing every variant by the mask.
MOST_KEPT = 0.75

# A page by price walks the places by price from the first: its phones come in order, and a page of a broad listing
# is found in the first few thousand places (~0.2 ms at a million variants, where marking every phone's matching
# variant takes 3-6 ms); so is the lowest and highest price of a listing. A walk reads WALK_FIRST places, then four
# times more each step; one that would read more than WALK_LONGEST of the places (a narrow listing, whose variants are
# far apart) reads them all at once instead.
WALK_FIRST = 4096
WALK_LONGEST = 0.25


def _stretches(length: int) -> Iterator[tuple[int, int]]:
    """The stretches [start, stop) of `length` places a walk reads in turn: WALK_FIRST, then four times more each."""
    start, step = 0, WALK_FIRST
    while start < length:
        yield start, min(start + step, length)
        start, step = start + step, step * 4


def _too_long(start: int, stop: int, length: int) -> bool:
    """Whether a walk that reads [start, stop) next would have read more than WALK_LONGEST of its `length` places (its
    first stretch never is: a walk always reads that)."""
    return start > 0 and stop > WALK_LONGEST * length


class Members:
    """A mask over members (variants), with its count and the positions _groups_with reads of it, each found once
    however many groupings count under it (a listing's facets often count under the same variants; at a million
    variants, finding the positions takes 0.4-1.1 ms)."""

    def __init__(self, mask: np.ndarray) -> None:
        self.mask = mask

    @cached_property
    def count(self) -> int:
        return int(np.count_nonzero(self.mask))

    @cached_property
    def kept(self) -> np.ndarray:
        return np.flatnonzero(self.mask)

    @cached_property
    def left_out(self) -> np.ndarray:
        return np.flatnonzero(~self.mask)


def _groups_with(group: np.ndarray, size: np.ndarray, members: Members) -> np.ndarray:
    """Which groups (a mask) have at least one kept member (`group`: each member's group; `size`: each group's number
    of members). A group is missed when all its members were left out."""
    if members.count == len(members.mask):  # every member kept (a listing without variant-level filters)
        every: np.ndarray = size > 0
        return every
    if members.count < MOST_KEPT * len(members.mask):
        hit = np.zeros(len(size), dtype=np.bool_)
        hit[group[members.kept]] = True
        return hit
    left_out = np.bincount(group[members.left_out], minlength=len(size))
    missed: np.ndarray = left_out >= size  # (a group without members is never hit: 0 >= 0)
    return ~missed


def _codes(codes: np.ndarray, values: int) -> np.ndarray:
    """Codes of `values` values in the smallest unsigned type that holds them."""
    return codes.astype(np.min_scalar_type(max(values - 1, 0)))


def _sizes(group: np.ndarray, groups: int) -> np.ndarray:
    """Members per group, in the smallest unsigned type that holds them (a few variants per phone or pair)."""
    counts = np.bincount(group, minlength=groups)
    return counts.astype(np.min_scalar_type(int(counts.max(initial=0))))


@dataclass(frozen=True)
class ValueFacet:
    """A variant-level facet (RAM, storage, colour): its values as the answer shows them, each variant's value (an
    index into keys) and each variant's (phone, value) pair, numbered by value and then phone, with each pair's number
    of variants and where each value's pairs end: the distinct phones per value under a mask are the pairs hit,
    counted by value (a phone with two black variants counts once under black), one value's pairs after another."""

    keys: tuple[str, ...]
    variant_code: np.ndarray
    variant_pair: np.ndarray
    pair_size: np.ndarray
    value_ends: tuple[int, ...]  # value i's pairs are [value_ends[i - 1], value_ends[i]) (from 0 for the first)

    @classmethod
    def of(cls, keys: tuple[str, ...], codes: np.ndarray, variant_phone: np.ndarray) -> "ValueFacet":
        phones = int(variant_phone.max(initial=-1)) + 1
        pair_key = codes.astype(np.int64) * phones + variant_phone
        order = np.argsort(pair_key, kind="stable")
        in_order = pair_key[order]
        starts = np.empty(len(in_order), dtype=np.bool_)
        starts[:1] = True
        np.not_equal(in_order[1:], in_order[:-1], out=starts[1:])
        pair = np.empty(len(in_order), dtype=np.intp)
        pair[order] = np.cumsum(starts) - 1
        pair_code = in_order[starts] // max(phones, 1)
        return cls(
            keys,
            _codes(codes, len(keys)),
            pair,
            _sizes(pair, len(pair_code)),
            tuple(np.searchsorted(pair_code, np.arange(1, len(keys) + 1)).tolist()),
        )

    def phones_per_value(self, variants: "Members") -> np.ndarray:
        """For each value, the number of distinct phones having one of these variants with that value."""
        hit = _groups_with(self.variant_pair, self.pair_size, variants)
        # Each value's pairs are a run of their own: a count of the hits in each run (0.02 ms for a few values,
        # 0.2 ms for hundreds of colours at a million variants, where picking the hit pairs' values and counting them
        # took 0.6-0.8 ms).
        return np.array(
            [np.count_nonzero(hit[start:end]) for start, end in pairwise((0, *self.value_ends))],
            dtype=np.intp,
        )


@dataclass(frozen=True)
class PricePlaces:
    """The variants by price, one way (cheapest or dearest first; ties by phone, so by phone id, then in the variants'
    order): the variant at each place and each variant's place. A page by price walks the places from the first,
    meeting its phones in order, or marks one matching variant of each phone by its place and reads the phones off in
    one pass, rather than sorting those prices on every request (~15 ms at a million)."""

    variant_at: np.ndarray
    place: np.ndarray

    @classmethod
    def of(cls, variant_phone: np.ndarray, price_key: np.ndarray) -> "PricePlaces":
        order = np.lexsort((variant_phone, price_key))
        return cls(order.astype(POSITION), _places(order))


def _places(order: np.ndarray) -> np.ndarray:
    """Each item's place in `order` (the inverse permutation)."""
    places = np.empty(len(order), dtype=POSITION)
    places[order] = np.arange(len(order), dtype=POSITION)
    return places


@dataclass(frozen=True)
class Columns:
    version: str
    # Phones (active), by position (ordered by id): id, brand (index into brand_slugs), category (index into
    # category_paths), 5G, rating in hundredths.
    phone_id: np.ndarray
    phone_brand: np.ndarray
    phone_category: np.ndarray
    phone_5g: np.ndarray
    phone_rating: np.ndarray
    phone_variants: np.ndarray  # each phone's number of sellable variants (below)
    # Sellable variants, ordered by phone, price, id: phone (position), RAM, storage and colour as stored (facets,
    # whose codes the filters use too), colour folded (index into folded_colors), price in paise, in stock.
    variant_phone: np.ndarray
    ram: ValueFacet
    storage: ValueFacet
    color: ValueFacet
    variant_color_folded: np.ndarray
    variant_price: np.ndarray
    variant_in_stock: np.ndarray
    brand_slugs: tuple[str, ...]
    folded_colors: dict[str, int]
    category_paths: tuple[str, ...]
    # The phones in each sort by the phone's own key (positions), computed once per snapshot.
    popularity_order: np.ndarray
    rating_order: np.ndarray
    newest_order: np.ndarray

    # The variants' places by price, each made at the first page in its order (8 MB at a million variants): the
    # listings that page on the columns need both (Meilisearch's workers neither).
    @cached_property
    def cheapest_first(self) -> PricePlaces:
        return PricePlaces.of(self.variant_phone, self.variant_price)

    @cached_property
    def dearest_first(self) -> PricePlaces:
        return PricePlaces.of(self.variant_phone, -self.variant_price)

    @cached_property
    def variant_rank(self) -> np.ndarray:
        """Each variant's place among its phone's (0 for its cheapest), in a byte or two: a walk by price reads which
        of a phone's variants come before one (1 MB at a million variants, for the listing's "-price")."""
        starts = np.cumsum(self.phone_variants, dtype=np.intp) - self.phone_variants
        rank = np.arange(len(self.variant_phone), dtype=np.intp) - starts[self.variant_phone]
        return rank.astype(np.min_scalar_type(int(rank.max(initial=0))))

    @property
    def phones(self) -> int:
        return len(self.phone_id)


# The listing backends (SHOP_LISTING_BACKEND) that count on the columns, whose workers read them ahead (warm):
# "database", and "search" when the search app's engine is the embedded one (search.apps), which counts and pages a
# listing without words here.
COUNTING_BACKENDS = {"database"}

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


def warm() -> None:
    """Read the snapshot before the first listing asks for it: gunicorn runs this in a thread of each new worker
    (gunicorn.conf.py), so the first shopper after a start does not wait for the build (0.3-1.5 s at 100,000
    variants, seconds at a million). Only where the listing counts on them (COUNTING_BACKENDS); a failure is logged
    and left to the first request, which builds it as before. Done, it says so in the log (the bench waits for it)."""
    if settings.SHOP_LISTING_BACKEND not in COUNTING_BACKENDS:
        return
    try:
        started = time.monotonic()
        snapshot = columns_for_listing()
        if snapshot is not None:
            snapshot.cheapest_first  # noqa: B018  (the places by price made ahead too: the listing pages on them)
            snapshot.dearest_first  # noqa: B018
            snapshot.variant_rank  # noqa: B018
            logger.info(
                "The listing's columns were read ahead: %d variants in %.1f s.",
                len(snapshot.variant_phone),
                time.monotonic() - started,
            )
    except Exception:
        logger.exception("The listing's columns could not be read ahead; the first listing will read them.")
    finally:
        connection.close()  # this thread's own connection, never used again


def load(version: str) -> Columns:
    """The columns as the database has them now (four queries), labelled with the version read before."""
    with _no_cycle_collection():
        columns = _load(version)
    # The build's freed memory given back at once (at a million variants, ~60 MB of the worker's resident memory).
    give_back_freed_memory()
    return columns


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: the build's ~200,000 row tuples, all live until it ends, set off some 350
    collections, some of the whole heap (25-350 ms of a 0.3-0.8 s build measured in a worker-sized heap), which
    cannot free any of them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(version: str) -> Columns:
    # Categories before phones: a phone's category exists (PROTECT) when its row is read.
    category_ids, category_paths = _transposed(Category.objects.order_by("id").values_list("id", "path"), 2)
    phone = _arrays(
        Product.objects.filter(is_active=True).order_by("id"),
        {
            "id": _integers,
            "brand_id": _integers,
            "category_id": _integers,
            "is_5g": lambda values: np.array(values, dtype=np.bool_),
            "rating": lambda values: np.fromiter((int(v * 100) for v in values), dtype=np.int32, count=len(values)),
            "review_count": _integers,
            "popularity": _integers,
            "launch_date": lambda values: np.fromiter(
                (day.toordinal() if day else NO_DATE for day in values), dtype=np.int64, count=len(values)
            ),
        },
    )
    brand_ids = np.unique(phone["brand_id"])
    slug_of = dict(Brand.objects.filter(id__in=brand_ids.tolist()).values_list("id", "slug"))
    brand_slugs = tuple(sorted(slug_of.values()))
    brand_index = np.array([brand_slugs.index(slug_of[b]) for b in brand_ids.tolist()], dtype=np.int64)

    # Every active variant, unordered (a sequential scan): the active phones' are kept and ordered here, which
    # costs the database a third of the join and sort.
    colors_met: dict[str, int] = {}  # colour -> code, in the order met
    variant = _arrays(
        ProductVariant.objects.filter(is_active=True).order_by(),
        {
            "id": _integers,
            "product_id": _integers,
            "ram_gb": _integers,
            "storage_gb": _integers,
            "color": lambda values: np.fromiter(
                (colors_met.setdefault(c, len(colors_met)) for c in values), dtype=np.int64, count=len(values)
            ),
            "price": _paise,
            "stock": lambda values: np.array(values, dtype=np.int64) > 0,
        },
    )
    # Colour codes as indexes into the colours sorted.
    colors = tuple(sorted(colors_met))
    by_name = {color: i for i, color in enumerate(colors)}
    sorted_code = np.array([by_name[color] for color in colors_met], dtype=np.int64)
    variant["color"] = sorted_code[variant["color"]] if colors_met else variant["color"]

    phone_id = phone["id"]
    product_of_variant = variant["product_id"]
    position = np.searchsorted(phone_id, product_of_variant)
    # Variants of inactive phones have no position. (Nor has one of a phone that turned active between the two
    # reads: that change moved the catalog's version, so the next listing reads the columns again.)
    known = position < len(phone_id)
    known[known] = phone_id[position[known]] == product_of_variant[known]
    price_paise = variant["price"]
    kept = np.flatnonzero(known)
    # Ordered by phone, price, id (np.lexsort sorts by its last key first).
    kept = kept[np.lexsort((variant["id"][kept], price_paise[kept], position[kept]))]
    variant_phone = position[kept]

    def numbers(values: np.ndarray) -> ValueFacet:
        """RAM or storage (small whole numbers of GB): each kept variant's value as its index in the sorted values."""
        distinct = np.flatnonzero(np.bincount(values[kept]))
        return ValueFacet.of(tuple(map(str, distinct.tolist())), np.searchsorted(distinct, values[kept]), variant_phone)

    color_codes = variant["color"][kept]
    folded_colors = {value: i for i, value in enumerate(sorted({value.lower() for value in colors}))}
    folded_of = np.array([folded_colors[value.lower()] for value in colors], dtype=np.int64)

    rating = phone["rating"]
    return Columns(
        version=version,
        phone_id=phone_id,
        phone_brand=brand_index[np.searchsorted(brand_ids, phone["brand_id"])].astype(POSITION),
        phone_category=np.searchsorted(np.array(category_ids, dtype=np.int64), phone["category_id"]).astype(POSITION),
        phone_5g=phone["is_5g"],
        phone_rating=rating,
        variant_phone=variant_phone,
        phone_variants=_sizes(variant_phone, len(phone_id)),
        ram=numbers(variant["ram_gb"]),
        storage=numbers(variant["storage_gb"]),
        color=ValueFacet.of(colors, color_codes, variant_phone),
        variant_color_folded=_codes(folded_of[color_codes], len(folded_colors)),
        variant_price=price_paise[kept],
        variant_in_stock=variant["stock"][kept],
        brand_slugs=brand_slugs,
        folded_colors=folded_colors,
        category_paths=tuple(category_paths),
        # catalog.filters.SORTS, by the phone's own keys: np.lexsort sorts by its last key first.
        popularity_order=np.lexsort((phone_id, -phone["popularity"])).astype(POSITION),
        rating_order=np.lexsort((phone_id, -phone["review_count"], -rating)).astype(POSITION),
        newest_order=np.lexsort((-phone_id, -phone["launch_date"])).astype(POSITION),
    )


CHUNK_ROWS = 50_000


def _arrays(rows: QuerySet[Any], columns: dict[str, Callable[[Sequence[Any]], np.ndarray]]) -> dict[str, np.ndarray]:
    """The named fields of every row, one array each (made by its function from a chunk of values), read CHUNK_ROWS
    rows at a time (a server-side cursor on PostgreSQL) and each chunk turned into arrays at once: a million variants
    held as Python values together took ~700 MB of the worker, their arrays a tenth of that."""
    parts: dict[str, list[np.ndarray]] = {name: [] for name in columns}
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        for (name, to_array), values in zip(columns.items(), _transposed(batch, len(columns)), strict=True):
            parts[name].append(to_array(values))
        batch.clear()

    for row in rows.values_list(*columns).iterator(chunk_size=CHUNK_ROWS):
        batch.append(row)
        if len(batch) == CHUNK_ROWS:
            flush()
    flush()
    return {name: np.concatenate(chunks) for name, chunks in parts.items()}


def _integers(values: Sequence[Any]) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def _paise(prices: Sequence[Decimal]) -> np.ndarray:
    """Prices (two decimal places, at most ten digits: catalog.models.ProductVariant.price) in paise. As floats
    they are within a rounding error of whole paise, which rint removes."""
    paise: np.ndarray = np.rint(np.array(prices, dtype=np.float64) * 100).astype(np.int64)
    return paise


def _transposed(rows: Any, width: int) -> list[tuple[Any, ...]]:
    """Rows of a query as its columns (empty ones when there are no rows)."""
    columns = list(zip(*rows, strict=True))
    return columns or [()] * width


# ---- the listing's rules, on the columns ---------------------------------------------------------------
# Each filter is a mask over phones or variants; a facet ANDs every mask but its own filter's.


def phone_filters(columns: Columns, data: dict[str, Any]) -> dict[str, np.ndarray]:
    """The phone-level filters (brand, category, 5G, rating) in data, each as a mask over phones."""
    masks: dict[str, np.ndarray] = {}
    if data.get("brand"):
        wanted = set(data["brand"])
        masks["brand"] = np.array([slug in wanted for slug in columns.brand_slugs], dtype=np.bool_)[columns.phone_brand]
    category = data.get("category")
    if category:  # (a Category: the form looked its slug up)
        under = [path == category.path or path.startswith(category.path + "/") for path in columns.category_paths]
        masks["category"] = np.array(under, dtype=np.bool_)[columns.phone_category]
    if data.get("is_5g") is not None:
        masks["is_5g"] = columns.phone_5g == data["is_5g"]
    if data.get("rating_min") is not None:
        masks["rating_min"] = columns.phone_rating >= math.ceil(Decimal(data["rating_min"]) * 100)
    return masks


def variant_filters(columns: Columns, data: dict[str, Any]) -> dict[str, np.ndarray]:
    """The variant-level filters in data (one and the same variant meets them all: ProductFilter.variant_predicate),
    each as a mask over variants."""
    masks: dict[str, np.ndarray] = {}
    for name, facet in (("ram", columns.ram), ("storage", columns.storage)):
        if data.get(name):
            wanted = set(data[name])  # Decimals, as the form cleans them: 8 and 8.0 are one number
            codes = [code for code, key in enumerate(facet.keys) if int(key) in wanted]
            masks[name] = _coded(facet.variant_code, codes)
    if data.get("color"):
        folded = columns.folded_colors
        codes = sorted({folded[c.lower()] for c in data["color"] if c.lower() in folded})
        masks["color"] = _coded(columns.variant_color_folded, codes)
    low, high = price_bounds(data)
    if low is not None:
        masks["price_min"] = columns.variant_price >= low
    if high is not None:
        masks["price_max"] = columns.variant_price <= high
    if data.get("available"):
        masks["available"] = columns.variant_in_stock
    return masks


def price_bounds(data: dict[str, Any]) -> tuple[int | None, int | None]:
    """The lowest and highest price in paise the price filters in data let through (None: no bound)."""
    low, high = data.get("price_min"), data.get("price_max")
    return (
        math.ceil(Decimal(low) * 100) if low is not None else None,
        math.floor(Decimal(high) * 100) if high is not None else None,
    )


def _coded(variant_code: np.ndarray, codes: list[int]) -> np.ndarray:
    """The variants whose code is one of `codes` (at most MAX_VALUES_PER_FILTER): one comparison each, ~0.05 ms at a
    million one-byte codes, where a lookup through a table of the wanted codes takes ~1.2 ms whatever their number."""
    mask = np.zeros(len(variant_code), dtype=np.bool_)
    for code in codes:
        mask |= variant_code == code
    return mask


def _all(masks: dict[str, np.ndarray], size: int, without: tuple[str, ...] = ()) -> np.ndarray:
    """The AND of the masks but those named in `without` (everything when none is left)."""
    kept = [mask for name, mask in masks.items() if name not in without]
    if not kept:
        return np.ones(size, dtype=np.bool_)
    keep = kept[0].copy()
    for mask in kept[1:]:
        keep &= mask
    return keep


def _phones_with(columns: Columns, variants: Members) -> np.ndarray:
    """Phones (a mask) that have at least one of these variants."""
    return _groups_with(columns.variant_phone, columns.phone_variants, variants)


@dataclass(frozen=True)
class Selection:
    """A filter set on a snapshot: its masks, the variants meeting every variant-level filter and the phones having one
    of them. Made once per request (select): the facets and the page of phones both start from it (about a
    millisecond a request at a million variants)."""

    phone_masks: dict[str, np.ndarray]
    variant_masks: dict[str, np.ndarray]
    variants: Members
    matched: np.ndarray
    price_bounds: tuple[int | None, int | None]


def select(columns: Columns, data: dict[str, Any]) -> Selection:
    """The filter set `data` (the listing form's cleaned data) on these columns."""
    variant_masks = variant_filters(columns, data)
    variants = Members(_all(variant_masks, len(columns.variant_phone)))
    matched = _phones_with(columns, variants)
    return Selection(phone_filters(columns, data), variant_masks, variants, matched, price_bounds(data))


def facets(columns: Columns, selection: Selection) -> dict[str, Any]:
    """catalog.selectors.listing_facets on the columns: phones per brand, RAM, storage, colour and 5G, and the price
    range, each facet over the result with every filter but its own."""
    phone_masks, variant_masks, matched = selection.phone_masks, selection.variant_masks, selection.matched
    # The variants whose phone passes the phone-level filters: the variant facets and the price range count within
    # them (all of them without such filters).
    listed = _all(phone_masks, columns.phones)[columns.variant_phone] if phone_masks else None
    # The variants each of those counts under, by the variant-level filters applied: the facets of the filters not in
    # the request (and the price range, without price filters) count under the same ones, found once.
    kept_under: dict[frozenset[str], Members] = {} if phone_masks else {frozenset(variant_masks): selection.variants}

    def kept_without(*names: str) -> Members:
        applied = frozenset(variant_masks).difference(names)
        if applied not in kept_under:
            kept = _all(variant_masks, len(columns.variant_phone), without=names)
            if listed is not None:
                kept &= listed
            kept_under[applied] = Members(kept)
        return kept_under[applied]

    def counted(keys: Sequence[Any], counts: np.ndarray) -> dict[Any, int]:
        return {key: int(n) for key, n in zip(keys, counts, strict=True) if n}

    out: dict[str, Any] = {}
    brands = matched & _all(phone_masks, columns.phones, without=("brand",))
    out["brand"] = counted(
        columns.brand_slugs, np.bincount(np.compress(brands, columns.phone_brand), minlength=len(columns.brand_slugs))
    )
    for name, facet in (("ram", columns.ram), ("storage", columns.storage), ("color", columns.color)):
        out[name] = counted(facet.keys, facet.phones_per_value(kept_without(name)))
    five_g = matched & _all(phone_masks, columns.phones, without=("is_5g",))
    with_5g = np.count_nonzero(five_g & columns.phone_5g)
    out["is_5g"] = counted(["false", "true"], np.array([np.count_nonzero(five_g) - with_5g, with_5g]))
    return {"facets": out, "price": _price_range(columns, kept_without(*PRICE_FILTERS))}


def _price_range(columns: Columns, priced: Members) -> dict[str, str | None]:
    """The lowest and highest price of these variants: the first of them met by price each way (found in the first
    places, where they are many), else read off them all."""
    if not priced.count:
        return {"min": None, "max": None}
    low = _first_price(columns, columns.cheapest_first, priced.mask)
    high = _first_price(columns, columns.dearest_first, priced.mask)
    if low is None or high is None:
        prices = np.compress(priced.mask, columns.variant_price)
        low, high = int(prices.min()), int(prices.max())
    return {"min": _rupees(low), "max": _rupees(high)}


def _first_price(columns: Columns, places: PricePlaces, variants: np.ndarray) -> int | None:
    """The price of the first of these variants (a mask) in the order of `places`, walked as a page by price is; None
    where that walk is long."""
    variant_at = places.variant_at
    for start, stop in _stretches(len(variant_at)):
        if _too_long(start, stop, len(variant_at)):
            return None
        ahead = variant_at[start:stop]
        met = variants[ahead]
        first = int(np.argmax(met))
        if met[first]:
            return int(columns.variant_price[ahead[first]])
    return None


# Facets per filter set, remembered in this process for the snapshot they were counted on: every sort and page of
# a filter set shares them (~3 ms at 100,000 variants, ~30 ms at a million; a dictionary lookup here, no cache
# round trip). Keyed by the snapshot's version, so a change of the catalog is never answered from here.
_remembered = Memo(256)


def remembered_facets(columns: Columns, key: Hashable, selection: Callable[[], Selection]) -> dict[str, Any]:
    """The facets of the filter set `key`, remembered for this snapshot (its selection made only when they are not);
    read-only to callers."""
    memo_key = (columns.version, key)
    answer: dict[str, Any] | None = _remembered.get(memo_key)
    if answer is None:
        answer = facets(columns, selection())
        _remembered.put(memo_key, answer)
    return answer


def _rupees(paise: int) -> str:
    return f"{Decimal(paise).scaleb(-2):.2f}"


class PhoneOrder:
    """The listing's phones (ids) in order, found only as far as a page needs: `first(n)` finds the first n; `count`
    is their number. `find(n)` gives the positions of at least the first n phones (of all of them, where it had to read
    every place)."""

    def __init__(self, columns: Columns, count: int, find: Callable[[int], np.ndarray]) -> None:
        self.phone_id = columns.phone_id
        self.count = count
        self._find = find

    def __len__(self) -> int:
        return self.count

    def first(self, n: int) -> np.ndarray:
        found: np.ndarray = self.phone_id[self._find(min(n, self.count))[:n]]
        return found


def page_order(columns: Columns, selection: Selection, sort: str, *, dearest_match: bool = False) -> PhoneOrder:
    """The listing's phones in the sort's order (catalog.filters.SORTS): those the phone-level filters keep and that
    have a variant meeting the variant-level ones; by price, each phone's cheapest such variant, or for "-price" with
    `dearest_match` its dearest (the search engine's order)."""
    kept = selection.matched & _all(selection.phone_masks, columns.phones)
    count = int(np.count_nonzero(kept))
    if sort not in ("price", "-price"):
        by_key = {"-rating": columns.rating_order, "newest": columns.newest_order}.get(sort, columns.popularity_order)
        return PhoneOrder(columns, count, lambda n: _walk_by_key(by_key, kept, n))
    places = columns.cheapest_first if sort == "price" else columns.dearest_first
    walk = _PriceWalk(columns, places, selection, kept, first_met=sort == "price" or dearest_match)
    return PhoneOrder(columns, count, walk.first)


def _walk_by_key(by_key: np.ndarray, kept: np.ndarray, n: int) -> np.ndarray:
    """The first n kept phones (positions) in the order `by_key` (every phone), read step by step."""
    found: list[np.ndarray] = []
    have = 0
    for start, stop in _stretches(len(by_key)):
        if have >= n:
            break
        ahead = by_key[start:stop]
        found.append(np.compress(kept[ahead], ahead))
        have += len(found[-1])
    return np.concatenate(found) if found else by_key[:0]


class _PriceWalk:
    """The phones of a listing by price: each phone at one of its matching variants (the selection's, of the phones
    `kept`), in the order of `places`. `first_met`: each phone at its first matching variant in that order (its
    cheapest for "price", its dearest for "-price"); else at its cheapest, which for "-price" comes after its dearer
    ones."""

    def __init__(
        self, columns: Columns, places: PricePlaces, selection: Selection, kept: np.ndarray, *, first_met: bool
    ) -> None:
        self.columns, self.places, self.kept, self.first_met = columns, places, kept, first_met
        self.variants = selection.variants.mask
        self.price_bounds = selection.price_bounds

    def first(self, n: int) -> np.ndarray:
        variant_at = self.places.variant_at
        start, end = self._priced_places()
        seen = np.zeros(self.columns.phones, dtype=np.bool_)
        found: list[np.ndarray] = []
        have = 0
        for walked, stop in _stretches(end - start):
            if have >= n:
                break
            if _too_long(walked, stop, end - start):
                return self._marked()
            phones = self._phones_met(variant_at[start + walked : start + stop], seen)
            found.append(phones)
            have += len(phones)
        return np.concatenate(found) if found else np.zeros(0, dtype=np.intp)

    def _priced_places(self) -> tuple[int, int]:
        """The stretch of places [start, end) whose prices the listing's price filters let through (every place
        without them): a walk reads no other, as a listing of phones from 50,000 rupees by price starts far in."""
        prices, variant_at = self.columns.variant_price, self.places.variant_at
        sign = -1 if self.places is self.columns.dearest_first else 1  # (the dearest first: by price negated)

        def key(place: int) -> int:
            return sign * int(prices[variant_at[place]])

        low, high = self.price_bounds
        lowest, highest = (
            (low, high) if sign == 1 else (-high if high is not None else None, -low if low is not None else None)
        )
        places = range(len(variant_at))
        start = bisect.bisect_left(places, lowest, key=key) if lowest is not None else 0
        end = bisect.bisect_right(places, highest, key=key) if highest is not None else len(variant_at)
        return start, max(start, end)

    def _phones_met(self, variants: np.ndarray, seen: np.ndarray) -> np.ndarray:
        """The phones (positions) placed at these variants (a stretch of places), in order, marking them seen."""
        phone = self.columns.variant_phone[variants]
        matches = self.variants[variants]
        matches &= self.kept[phone]
        if not self.first_met:  # a phone's cheapest match: a match none of its cheaper variants (before it) matches
            matches &= ~self._cheaper_matches(variants)
            return np.compress(matches, phone)
        phone = np.compress(matches, phone)
        distinct, first = np.unique(phone, return_index=True)
        new = ~seen[distinct]
        seen[distinct] = True
        met: np.ndarray = phone[np.sort(first[new])]
        return met

    def _cheaper_matches(self, variants: np.ndarray) -> np.ndarray:
        """Whether a variant before each of these among its phone's (cheaper, or as cheap with a lower id) matches."""
        rank = self.columns.variant_rank[variants]
        cheaper = np.zeros(len(variants), dtype=np.bool_)
        for back in range(1, int(rank.max(initial=0)) + 1):
            has = rank >= back
            cheaper |= has & self.variants[np.where(has, variants - back, variants)]
        return cheaper

    def _marked(self) -> np.ndarray:
        """Every phone (positions) in order: its one variant (the first or last matching variant of its phone) marked
        at its place, the places read off in one pass."""
        columns = self.columns
        chosen = np.flatnonzero(self.variants & self.kept[columns.variant_phone])
        phones = columns.variant_phone[chosen]
        # Variants are ordered by phone, then price: a phone's first kept variant is its cheapest match, its last one
        # of its dearest (the first met by the dearest first).
        edge = np.empty(len(phones), dtype=np.bool_)
        if self.first_met and self.places is columns.dearest_first:
            edge[-1:] = True
            np.not_equal(phones[:-1], phones[1:], out=edge[:-1])
        else:
            edge[:1] = True
            np.not_equal(phones[1:], phones[:-1], out=edge[1:])
        marked = np.zeros(len(self.places.place), dtype=np.bool_)
        marked[self.places.place[np.compress(edge, chosen)]] = True
        in_order: np.ndarray = columns.variant_phone[np.compress(marked, self.places.variant_at)]
        return in_order


class ListingPage(Sequence[Any]):
    """The listing's phones in order as a sequence the paginator slices: only the page's phones are found (`order`)
    and read from the database, with their listing rows, by `read_rows(ids)` (ids to rows; a phone gone since is left
    out)."""

    def __init__(self, order: PhoneOrder, read_rows: Callable[[list[int]], dict[int, Any]]) -> None:
        self.order = order
        self.read_rows = read_rows

    def __len__(self) -> int:
        return len(self.order)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return self[index : index + 1][0]
        _, stop, _ = index.indices(len(self))
        wanted = [int(pk) for pk in self.order.first(stop)[index]]
        by_id = self.read_rows(wanted)
        return [by_id[pk] for pk in wanted if pk in by_id]

    def __iter__(self) -> Iterator[Any]:
        return iter(self[:])
