"""Read-side catalog queries. Each function runs a fixed number of SQL queries, whatever the page size
or the number of variants (tests assert it)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery

from catalog import columns
from catalog.cache import cached
from catalog.filters import MULTI_VALUE_PARAMS, SORTS, ProductFilter
from catalog.models import Brand, Category, Product, ProductImage, ProductVariant

FACET_FIELDS = {"ram": "ram_gb", "storage": "storage_gb", "color": "color"}


def active_products() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True)


def filtered_products(filterset: ProductFilter) -> QuerySet[Product]:
    """Products matching the filters, sorted; price sorts use the cheapest matching variant."""
    queryset: QuerySet[Product] = filterset.qs.select_related("brand", "category")
    if filterset.sort_key in ("price", "-price"):
        cheapest = (
            ProductVariant.objects.filter(filterset.variant_predicate(), product=OuterRef("pk"))
            .order_by("price")
            .values("price")[:1]
        )
        queryset = queryset.annotate(listing_price=Subquery(cheapest))
    return queryset.order_by(*SORTS[filterset.sort_key])


def with_listing_rows(products: QuerySet[Product], variant_predicate: Q) -> QuerySet[Product]:
    """Attach what a listing row shows: matching variants (price, MRP, stock), all active variants
    (RAM/storage options) and images (thumbnail). Three queries for the whole page."""
    return products.prefetch_related(
        Prefetch(
            "variants",
            queryset=ProductVariant.objects.filter(variant_predicate).order_by("price", "id"),
            to_attr="matching_variants",
        ),
        Prefetch(
            "variants",
            queryset=ProductVariant.objects.filter(is_active=True).only("id", "product_id", "ram_gb", "storage_gb"),
            to_attr="active_variants",
        ),
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"), to_attr="image_list"),
    )


@dataclass(slots=True)
class RowVariant:
    pk: int
    price: Decimal
    mrp: Decimal
    stock: int
    color: str
    ram_gb: int
    storage_gb: int


@dataclass(slots=True)
class RowFile:
    url: str


@dataclass(slots=True)
class RowImage:
    image: RowFile
    width: int
    height: int
    color: str


@dataclass(slots=True)
class RowRef:
    slug: str = ""
    name: str = ""
    name_path: str = ""


@dataclass(slots=True)
class ListingRow:
    """A listing row as plain values: what ProductListSerializer reads of a phone prepared by with_listing_rows
    (the same attributes), without model instances."""

    id: int
    slug: str
    title: str
    rating: Decimal
    review_count: int
    is_5g: bool
    brand: RowRef
    category: RowRef
    matching_variants: list[RowVariant]
    active_variants: list[RowVariant]
    image_list: list[RowImage]

    @property
    def pk(self) -> int:
        return self.id


def plain_listing_rows(product_ids: Iterable[int], variant_predicate: Q) -> dict[int, ListingRow]:
    """with_listing_rows' rows for these active phones, by id, read as plain values: three queries (phones, their
    active variants with whether each matches, their images) and no model instances, for the search's pages.
    `variant_predicate`: the listing's (ProductFilter.variant_predicate: active variants only)."""
    ids = list(product_ids)
    phones = Product.objects.filter(id__in=ids, is_active=True).values_list(
        "id", "slug", "title", "rating", "review_count", "is_5g", "brand__slug", "brand__name", "category__name_path"
    )
    rows = {
        pk: ListingRow(pk, slug, title, rating, reviews, is_5g, RowRef(brand, name), RowRef(name_path=path), [], [], [])
        for pk, slug, title, rating, reviews, is_5g, brand, name, path in phones
    }
    variants = (
        ProductVariant.objects.filter(product_id__in=ids, is_active=True)
        .annotate(matches=ExpressionWrapper(variant_predicate, output_field=BooleanField()))
        .order_by("price", "id")
        .values_list("id", "product_id", "price", "mrp", "stock", "color", "ram_gb", "storage_gb", "matches")
    )
    for pk, product_id, price, mrp, stock, color, ram_gb, storage_gb, matches in variants:
        row = rows.get(product_id)
        if row is not None:
            variant = RowVariant(pk, price, mrp, stock, color, ram_gb, storage_gb)
            row.active_variants.append(variant)
            if matches:
                row.matching_variants.append(variant)
    files = ProductImage._meta.get_field("image").storage
    images: dict[int, list[RowImage]] = defaultdict(list)
    for product_id, name, width, height, color in (
        ProductImage.objects.filter(product_id__in=list(rows))
        .order_by("position", "id")
        .values_list("product_id", "image", "width", "height", "color")
    ):
        images[product_id].append(RowImage(RowFile(files.url(name)), width, height, color))
    for pk, row in rows.items():
        row.image_list = images[pk]
    return rows


def filter_key(filterset: ProductFilter) -> tuple[tuple[str, str], ...]:
    """The filters of a listing as a plain, ordered value (sort and page left out): a cache key part."""
    items: list[tuple[str, str]] = []
    for name, value in sorted(filterset.form.cleaned_data.items()):
        if name == "sort" or value in (None, "", []):
            continue
        if isinstance(value, Category):
            value = value.path
        elif name in MULTI_VALUE_PARAMS:
            value = tuple(sorted({str(v).lower() if name == "color" else str(v) for v in value}))
        items.append((name, str(value)))
    return tuple(items)


def cached_listing_facets(filterset: ProductFilter) -> dict[str, Any]:
    """listing_facets for a listing, shared by every sort and page of one filter set. On the catalog's columns when
    this process has a current snapshot: the same figures in milliseconds, remembered in the process per snapshot
    (columns.remembered_facets; less than a round trip to the cache). Else in SQL, cached per filter set under the
    catalog's version, and computed once when many requests miss at the same moment."""
    facets = remembered_listing_facets(filterset)
    if facets is None:
        facets = cached("facets", lambda: listing_facets(filterset), filter_key(filterset))
    return facets


def remembered_listing_facets(filterset: ProductFilter) -> dict[str, Any] | None:
    """listing_facets on the catalog's columns, remembered in this process per snapshot and filter set, or None when
    this process has no current snapshot (the cache unreachable, or caching off)."""
    snapshot = columns.columns_for_listing()
    if snapshot is None:
        return None
    return columns.remembered_facets(snapshot, filter_key(filterset), lambda: _selection(filterset, snapshot))


def _selection(filterset: ProductFilter, snapshot: columns.Columns) -> columns.Selection:
    """The filter set's masks on this snapshot, made once per request: the facets and the page of phones share them."""
    held: tuple[str, columns.Selection] | None = getattr(filterset, "_columns_selection", None)
    if held is None or held[0] != snapshot.version:
        held = (snapshot.version, columns.select(snapshot, filterset.form.cleaned_data))
        filterset._columns_selection = held  # (until let_go_of_selection)
    return held[1]


def let_go_of_selection(filterset: ProductFilter) -> None:
    """The filter set's masks freed once its listing is answered. A filter set and its filters refer to each other
    (django-filter), as do the request and its view, so the filter set goes only with the cycle collector's next full
    collection; its masks and positions (1-10 MB at a million variants) would wait with it."""
    filterset.__dict__.pop("_columns_selection", None)


def listing_rows(filterset: ProductFilter) -> QuerySet[Product] | Sequence[ListingRow]:
    """The listing's phones in order, with their listing rows, for the paginator to slice: ordered on the catalog's
    columns when this process has a current snapshot (only the page's phones are then read, as plain rows: three
    queries), else in SQL."""
    predicate = filterset.variant_predicate()
    order = listing_order(filterset)
    if order is None:
        return with_listing_rows(filtered_products(filterset), predicate)
    return columns.ListingPage(order, lambda wanted: plain_listing_rows(wanted, predicate))


def listing_order(filterset: ProductFilter, *, dearest_match: bool = False) -> columns.PhoneOrder | None:
    """The listing's phones in order on the catalog's columns (`dearest_match`: see columns.page_order), found as far
    as a page needs, or None when this process has no current snapshot."""
    snapshot = columns.columns_for_listing()
    if snapshot is None:
        return None
    selection = _selection(filterset, snapshot)
    return columns.page_order(snapshot, selection, filterset.sort_key, dearest_match=dearest_match)


def count_from_facets(filterset: ProductFilter, facets: dict[str, Any]) -> int:
    """The listing's exact count, read off the brand facet instead of another COUNT over the catalog: the
    brand facet counts the result set without the brand filter, grouped by brand, and every phone has
    exactly one brand; so the count is the sum over the chosen brands (all of them without a filter)."""
    by_brand: dict[str, int] = facets["facets"]["brand"]
    chosen = filterset.form.cleaned_data.get("brand")
    if not chosen:
        return sum(by_brand.values())
    return sum(by_brand.get(slug, 0) for slug in set(chosen))


def listing_facets(filterset: ProductFilter) -> dict[str, Any]:
    """Product counts per brand, RAM, storage, colour and 5G, and the price range. Each facet counts
    over the result set with every filter but its own (disjunctive facets), six queries in all."""

    def variants_without(*params: str) -> QuerySet[ProductVariant]:
        products, predicate = filterset.without(*params)
        return ProductVariant.objects.filter(predicate, product__in=products.order_by().values("pk")).order_by()

    def product_counts(param: str, field: str) -> dict[Any, int]:
        products, _ = filterset.without(param)
        rows = products.order_by().values(field).annotate(n=Count("id")).order_by(field)
        return {str(row[field]).lower() if field == "is_5g" else row[field]: row["n"] for row in rows}

    facets = {"brand": product_counts("brand", "brand__slug")}
    for name, field in FACET_FIELDS.items():
        rows = variants_without(name).values(field).annotate(n=Count("product_id", distinct=True)).order_by(field)
        facets[name] = {str(row[field]): row["n"] for row in rows}
    facets["is_5g"] = product_counts("is_5g", "is_5g")
    price = variants_without("price_min", "price_max").aggregate(min=Min("price"), max=Max("price"))
    return {"facets": facets, "price": {k: (f"{v:.2f}" if v is not None else None) for k, v in price.items()}}


def product_detail(slug: str) -> Product | None:
    return (
        active_products()
        .filter(slug=slug)
        .select_related("brand", "category")
        .prefetch_related(
            Prefetch(
                "variants",
                queryset=ProductVariant.objects.filter(is_active=True).order_by("price", "id"),
                to_attr="active_variants",
            ),
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"), to_attr="image_list"),
        )
        .first()
    )


def breadcrumbs(category: Category) -> list[dict[str, str]]:
    slugs = category.path.split("/")
    by_slug = {c.slug: c for c in Category.objects.filter(slug__in=slugs).only("name", "slug")}
    return [{"name": by_slug[s].name, "slug": s} for s in slugs if s in by_slug]


def category_tree() -> list[dict[str, Any]]:
    tree: list[dict[str, Any]] = cached("category-tree", _category_tree)
    return tree


def _category_tree() -> list[dict[str, Any]]:
    nodes: dict[int, dict[str, Any]] = {}
    parents: dict[int, int | None] = {}
    for category in Category.objects.order_by("position", "name"):
        nodes[category.pk] = {
            "id": category.pk,
            "name": category.name,
            "slug": category.slug,
            "path": category.path,
            "category_path": category.name_path,
            "product_count": 0,
            "children": [],
        }
        parents[category.pk] = category.parent_id
    # Active phones per category, added up to every ancestor (a category lists its sub-categories' phones).
    own = Product.objects.filter(is_active=True).values("category_id").annotate(n=Count("id")).order_by()
    for row in own:
        ancestor: int | None = row["category_id"]
        while ancestor in nodes:
            nodes[ancestor]["product_count"] += row["n"]
            ancestor = parents[ancestor]
    roots: list[dict[str, Any]] = []
    for pk, node in nodes.items():
        parent = parents[pk]
        (nodes[parent]["children"] if parent else roots).append(node)
    return roots


def brand_list() -> list[Mapping[str, Any]]:
    """Every brand with its number of active phones (GET /api/brands/), cached."""

    def compute() -> list[Mapping[str, Any]]:
        brands = Brand.objects.annotate(product_count=Count("products", filter=Q(products__is_active=True)))
        return list(brands.order_by("name").values("id", "name", "slug", "product_count"))

    rows: list[Mapping[str, Any]] = cached("brands", compute)
    return rows


def sitemap_rows() -> list[dict[str, Any]]:
    """Every active phone for the storefront's sitemap: slug, last change, brand and category path, in one
    query (the sitemap of 25,000 phones would otherwise be 25,000 detail requests), cached."""

    def compute() -> list[dict[str, Any]]:
        rows = active_products().order_by("id").values_list("slug", "updated_at", "brand__slug", "category__path")
        return [
            {"slug": slug, "updated_at": updated.isoformat(), "brand": brand, "category_path": path}
            for slug, updated, brand, path in rows
        ]

    rows: list[dict[str, Any]] = cached("sitemap", compute)
    return rows
